/**
 * Per-attempt browser storage: the offline answer queue, flags, the question on screen, events
 * not yet sent and answers the server never stored. Keys start with `xuefa.exam.`: signing out
 * clears them with everything else of this person; a sign-out they did not choose keeps them for
 * their next sign-in (api/session.ts).
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const examKey = (attemptId: string, what: string) => `xuefa.exam.${attemptId}.${what}`;

export function readJson<T>(store: KeyValueStore, key: string, fallback: T): T {
  try {
    const raw = store.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

export function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the in-memory state still works for this page
  }
}

/** Flags (标记) per attempt: the backend has none (web.md §6.1). */
export function readFlags(store: KeyValueStore, attemptId: string): number[] {
  return readJson<number[]>(store, examKey(attemptId, 'flags'), []);
}

export function writeFlags(store: KeyValueStore, attemptId: string, flags: Iterable<number>): void {
  writeJson(
    store,
    examKey(attemptId, 'flags'),
    [...flags].sort((a, b) => a - b),
  );
}

export interface UnsavedAnswer {
  position: number;
  response: string[];
}

/** Answers the server did not store (listed as 未能保存 on the result page). */
export function readUnsaved(store: KeyValueStore, attemptId: string): UnsavedAnswer[] {
  return readJson<UnsavedAnswer[]>(store, examKey(attemptId, 'unsaved'), []);
}

export function writeUnsaved(store: KeyValueStore, attemptId: string, list: UnsavedAnswer[]): void {
  if (list.length) writeJson(store, examKey(attemptId, 'unsaved'), list);
}
