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
import { AttendanceService } from './attendance/attendance.service';
import { CalendarService } from './scheduling/calendar.service';
import { MakeupRepository } from './makeup/makeup.repository';
import { MakeupService } from './makeup/makeup.service';
import { MaterialsService } from './makeup/materials.service';
import { SessionJobsService } from './scheduling/session-jobs.service';
import { SessionScheduler } from './scheduling/session-scheduler.service';
import { SessionRepository } from './session.repository';
import {
  CalendarFeedController,
  MySessionsController,
  SessionsController,
} from './sessions.controller';
import { SessionsService } from './scheduling/sessions.service';

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
