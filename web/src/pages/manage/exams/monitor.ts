/**
 * The live view of an open exam (web.md §5.3 /manage/exams/:id), from GET /exams/:id/results:
 * who is answering, who has handed in, who has not started, and focus losses.
 */
export interface MonitorRow {
  staffId: string;
  name: string;
  staffNo: string;
  unitName: string;
  status: string;
  focusLossCount: number;
}

export interface MonitorFigures {
  answering: MonitorRow[];
  submitted: number;
  notStarted: number;
  focusLosses: number;
  withFocusLosses: number;
}

const HANDED_IN = new Set(['submitted', 'passed', 'failed']);

export function monitorFigures(rows: MonitorRow[]): MonitorFigures {
  return {
    answering: rows.filter((r) => r.status === 'in_progress'),
    submitted: rows.filter((r) => HANDED_IN.has(r.status)).length,
    notStarted: rows.filter((r) => r.status === 'not_started' || r.status === 'upcoming').length,
    focusLosses: rows.reduce((n, r) => n + r.focusLossCount, 0),
    withFocusLosses: rows.filter((r) => r.focusLossCount > 0).length,
  };
}

/**
 * Calls `tick` every `ms` while the page is visible (and once at once when it becomes visible
 * again); returns a stop function.
 */
export function pollWhileVisible(tick: () => unknown, ms: number, doc: Document = document) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = () => {
    if (timer === undefined) timer = setInterval(() => void tick(), ms);
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') {
      void tick();
      start();
    } else stop();
  };
  doc.addEventListener('visibilitychange', onVisibility);
  if (doc.visibilityState === 'visible') start();
  return () => {
    stop();
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
