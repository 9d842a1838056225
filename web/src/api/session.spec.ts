import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { examKey } from '../exam/storage';
import type { TokenPair } from './session';
import { clearSession, readSession, saveSession } from './session';

const pair = (staffId: string): TokenPair => ({
  tokenType: 'Bearer',
  accessToken: `access-${staffId}`,
  accessTokenExpiresAt: '2026-12-07T10:00:00.000Z',
  expiresIn: 900,
  refreshToken: `refresh-${staffId}`,
  refreshTokenExpiresAt: '2026-12-07T22:00:00.000Z',
  idleTimeoutSeconds: 900,
  mustChangePassword: false,
  staff: { id: staffId, staffNo: staffId.toUpperCase(), name: '张三' },
});

const queue = examKey('attempt-1', 'queue');
const unsaved = JSON.stringify([{ position: 3, seq: 2, response: ['B'] }]);

describe('sign-out and the exam answers not yet on the server', () => {
  beforeEach(() => {
    localStorage.clear();
    saveSession(pair('s1'));
    localStorage.setItem(queue, unsaved);
    localStorage.setItem('xuefa.flags', '[1]');
  });

  it('a sign-out the person did not choose keeps their queue for their next sign-in', () => {
    clearSession({ keepExamState: true });
    expect(readSession()).toBeNull();
    expect(localStorage.getItem('xuefa.flags')).toBeNull();
    expect(localStorage.getItem(queue)).toBe(unsaved);
    saveSession(pair('s1'));
    expect(localStorage.getItem(queue)).toBe(unsaved);
  });

  it('someone else signing in on this browser drops it', () => {
    clearSession({ keepExamState: true });
    saveSession(pair('s2'));
    expect(localStorage.getItem(queue)).toBeNull();
  });

  it('signing out drops it', () => {
    clearSession();
    expect(localStorage.getItem(queue)).toBeNull();
    expect(Object.keys(localStorage).filter((k) => k.startsWith('xuefa.'))).toEqual([]);
  });
});
