import { Module } from '@nestjs/common';
import { ContentStoreModule } from '../../common/files/content-store';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { ExamsModule } from '../exams';
import { NotificationsModule } from '../notifications';
import { OrgUnitsModule } from '../org-units';
import { QuestionBankModule } from '../question-bank';
import { StaffModule } from '../staff';
import { StudyModule } from '../study';
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
