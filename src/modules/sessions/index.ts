export { SessionsModule } from './sessions.module';
export { StudySessionEntity } from './entities/study-session.entity';
export type { AttendanceStatus, SessionType } from './entities/study-session.entity';
export { SESSION_TYPE_LABELS } from './session-labels';
export { SessionsService } from './scheduling/sessions.service';
