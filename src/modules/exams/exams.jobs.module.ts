import { Module } from '@nestjs/common';
import { ExamsModule } from './exams.module';
import { ExamsProcessor } from './jobs/exams.processor';
import { AttemptSweeper } from './jobs/attempt-sweeper.service';

/** Worker side of exams: deadline timer jobs and the sweeper; imported only by WorkerModule. */
@Module({
  imports: [ExamsModule],
  providers: [ExamsProcessor, AttemptSweeper],
})
export class ExamsJobsModule {}
