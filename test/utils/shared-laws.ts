// Helpers for tests; not a test file.
/* eslint-disable jest/no-export */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The authentic law texts that sit beside the repository (../shared/laws). Tests that need them
 * report themselves skipped, with this reason, on a clone without them.
 */
export const SHARED_LAWS_DIR =
  process.env.XUEFA_SHARED_LAWS ?? join(__dirname, '..', '..', '..', 'shared', 'laws');
export const HAVE_SHARED_LAWS = existsSync(join(SHARED_LAWS_DIR, '信访工作条例.md'));
export const SKIP_REASON = `SKIPPED (no law texts at ${SHARED_LAWS_DIR}): `;

/**
 * `it` when the law texts are present, otherwise a skipped test whose name says why (the issue
 * asks for exactly that on clones without ../shared/laws).
 */
export const itWithLaws = (name: string, fn: () => Promise<void>, timeout?: number) =>
  // eslint-disable-next-line jest/no-disabled-tests, jest/valid-title, jest/expect-expect
  HAVE_SHARED_LAWS ? it(name, fn, timeout) : it.skip(`${SKIP_REASON}${name}`, fn);

/** Article counts given by ../shared/laws/README.md. */
export const EXPECTED_ARTICLES: Record<string, number> = {
  '信访工作条例.md': 50,
  '民法典.md': 1260,
  '宪法.md': 143,
  '公务员法.md': 113,
  '国家安全法.md': 84,
  '个人信息保护法.md': 74,
  '行政复议法.md': 90,
  '行政诉讼法.md': 103,
  '保守国家秘密法.md': 65,
};
