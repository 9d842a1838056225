import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { RepeatingTask } from '../../../common/timers/repeating-task';
import { AppConfig } from '../../../config';
import { SessionJobsService } from '../scheduling/session-jobs.service';

/**
 * Like the exam sweeper: a timer in every worker, not a queue job, so reminders, invitee
 * fixing and attendance closing still happen when Redis lost the delayed jobs.
 */
@Injectable()
export class SessionsSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: RepeatingTask;

  constructor(work: SessionJobsService, config: AppConfig) {
    this.task = new RepeatingTask(
      'sessions sweep',
      () => work.sweep(),
      config.sessions.sweepMs,
      new Logger(SessionsSweeper.name),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
