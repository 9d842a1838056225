import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection, for a long job that allocates much short-lived data between waits
 * (an evidence workbook): V8 lets the old generation grow to about twice its size before
 * collecting it, which in such a job is hundreds of megabytes of garbage held as resident
 * memory. Collecting every few thousand people keeps the process near its working set for a
 * few milliseconds each. Node exposes `gc` only with --expose-gc; the flag is set at run time
 * and the function taken from a fresh context, once.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
