import { Module } from '@nestjs/common';
import { ContentStoreModule } from '../../common/files/content-store';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit/audit.module';
import { CurriculumModule } from '../curriculum/curriculum.module';
import { ExamsModule } from '../exams/exams.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { QuestionBankModule } from '../question-bank/question-bank.module';
import { StaffModule } from '../staff/staff.module';
import { StudyModule } from '../study/study.module';
import { AttendanceService } from './attendance.service';
import { CalendarService } from './calendar.service';
import { MakeupRepository } from './makeup.repository';
import { MakeupService } from './makeup.service';
import { MaterialsService } from './materials.service';
import { SessionJobsService } from './session-jobs.service';
import { SessionScheduler } from './session-scheduler';
import { SessionRepository } from './session.repository';
import {
  CalendarFeedController,
  MySessionsController,
  SessionsController,
} from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    AuditModule,
    ContentStoreModule,
    CurriculumModule,
    ExamsModule,
    NotificationsModule,
    OrgUnitsModule,
    QuestionBankModule,
    StaffModule,
    StudyModule,
    UploadModule,
  ],
  controllers: [SessionsController, MySessionsController, CalendarFeedController],
  providers: [
    SessionRepository,
    MakeupRepository,
    SessionsService,
    SessionScheduler,
    AttendanceService,
    MakeupService,
    MaterialsService,
    CalendarService,
    SessionJobsService,
  ],
  exports: [SessionJobsService, SessionsService],
})
export class SessionsModule {}
