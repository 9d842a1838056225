/**
 * Runs `tick` every `intervalMs` while the page is visible (document.visibilityState) and while
 * `tick` says there is more to follow. Hidden, it stops at once and asks nothing (a tab left in
 * the background neither loads the server nor keeps the sign-in alive: web.md §4.2); visible
 * again, it carries on. `wake()` starts it after new work appears.
 */
export interface VisiblePoller {
  wake(): void;
  dispose(): void;
}

export function visiblePoller(
  tick: () => Promise<boolean>,
  intervalMs: number,
  doc: Document = document,
): VisiblePoller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let more = true;
  let disposed = false;

  const visible = () => doc.visibilityState === 'visible';
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const schedule = () => {
    if (timer || running || disposed || !more || !visible()) return;
    timer = setTimeout(() => void run(), intervalMs);
  };
  const run = async () => {
    timer = undefined;
    if (disposed || !visible()) return;
    running = true;
    try {
      more = await tick();
    } catch {
      // a failed round is shown by the caller; try again next round
    } finally {
      running = false;
    }
    schedule();
  };
  const onVisibility = () => (visible() ? schedule() : stop());
  doc.addEventListener('visibilitychange', onVisibility);

  return {
    wake() {
      more = true;
      schedule();
    },
    dispose() {
      disposed = true;
      stop();
      doc.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
