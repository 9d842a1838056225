import { Module } from '@nestjs/common';
import { ExamsModule } from './exams.module';
import { ExamsProcessor } from './jobs/exams.processor';
import { ExamsScheduleService } from './jobs/exams-schedule.service';

/** Worker side of exams: deadline timers and the sweeper; imported only by WorkerModule. */
@Module({
  imports: [ExamsModule],
  providers: [ExamsProcessor, ExamsScheduleService],
})
export class ExamsJobsModule {}
