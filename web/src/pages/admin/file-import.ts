import { ref } from 'vue';
import type { Ref } from 'vue';
import { ApiError } from '../../api/errors';
import { errorText } from '../../composables/errors';
import type { ImportProblem } from './staff/staff';
import { importProblems } from './staff/staff';

/**
 * An all-or-nothing file import: the chosen file, the upload, and either the server's result or
 * its error with the problem list from `details` (row / column / reason).
 */
export function useFileImport<T>(send: (data: FormData) => Promise<T>, missingMessage: string) {
  const file = ref<File | null>(null);
  const busy = ref(false);
  const error = ref('');
  const problems = ref<ImportProblem[]>([]);
  const result = ref<T | null>(null) as Ref<T | null>;

  function choose(event: Event): void {
    file.value = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  /** Uploads the chosen file; resolves to whether the server accepted it. */
  async function upload(): Promise<boolean> {
    error.value = '';
    problems.value = [];
    result.value = null;
    if (!file.value) {
      error.value = missingMessage;
      return false;
    }
    busy.value = true;
    const data = new FormData();
    data.append('file', file.value);
    try {
      result.value = await send(data);
      return true;
    } catch (e) {
      error.value = errorText(e);
      if (e instanceof ApiError) problems.value = importProblems(e.details);
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** Runs a download (the template), showing its error in the same place. */
  async function fetchFile(run: () => Promise<unknown>): Promise<void> {
    error.value = '';
    try {
      await run();
    } catch (e) {
      error.value = errorText(e);
    }
  }

  return { file, busy, error, problems, result, choose, upload, fetchFile };
}
