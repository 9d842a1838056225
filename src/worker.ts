import 'reflect-metadata';
import { run } from './main';

/** The worker process: queue processors and schedules only (same as APP_ROLE=worker). */
run('worker');
