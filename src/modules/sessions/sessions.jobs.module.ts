import { Module } from '@nestjs/common';
import { SessionsProcessor } from './jobs/sessions.processor';
import { SessionsSweeper } from './jobs/sessions-sweeper.service';
import { SessionsModule } from './sessions.module';

/** Worker side of sessions: reminder and milestone jobs, and the sweeper. */
@Module({
  imports: [SessionsModule],
  providers: [SessionsProcessor, SessionsSweeper],
})
export class SessionsJobsModule {}
