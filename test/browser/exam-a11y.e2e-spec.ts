import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import type { BrowserApp, Size } from './harness';
import { signIn, startBrowserApp } from './harness';
import type { World } from './exam-setup';
import { examinee, publishWorldExam, seedExamWorld, startAttempt } from './exam-setup';

const SIZES: Size[] = ['desktop', 'phone'];

/** Checks the page at rest: the transitions (ElTag's and the route's fade-in) have ended. */
async function expectExamPageAccessible(page: Page): Promise<void> {
  await page.evaluate(
    'Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))',
  );
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
}

/** A11 smoke (web.md §7, §8.3) on the examinee's pages, from the list to the result. */
describe('exam pages: accessibility smoke', () => {
  let app: BrowserApp;
  let world: World;
  let examId: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    world = await seedExamWorld(app, 4);
    examId = await publishWorldExam(app, world);
  });
  afterAll(() => app?.close());

  it.each(SIZES)(
    '我的考试, 考前须知, the exam page while answering and the result page (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);

      await signIn(page, app, who, '/exams');
      await page.getByTestId('start-exam').waitFor();
      await expectExamPageAccessible(page);

      await page.goto(`/app/exams/${examId}`);
      await page.getByTestId('begin-exam').waitFor();
      await expectExamPageAccessible(page);

      await startAttempt(page, app, who, examId);
      // answering: question 1 (单选) with an option chosen and saved
      await page.getByRole('radio').first().check();
      await page.getByTestId('save-status').filter({ hasText: '已保存' }).waitFor();
      await expectExamPageAccessible(page);

      await page.getByRole('button', { name: '交卷', exact: true }).click();
      const summary = page.getByRole('dialog', { name: '答题概览' });
      await summary.getByRole('button', { name: '确认交卷' }).click();
      await page.waitForURL(/\/attempts\/[0-9a-f-]+\/result$/);
      await page.getByTestId('result-score').waitFor();
      await page.getByTestId('key').first().waitFor();
      await expectExamPageAccessible(page);
    },
  );

  it.each(SIZES)(
    "hovered buttons keep 4.5:1: the primary 开始考试 and the shell's link button 退出 (%s)",
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      await signIn(page, app, who, `/exams/${examId}`);
      type Styles = { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
      // the A11 check covers every visible text, the hovered button's label included; Element
      // Plus's own hover colours (primary-light-3: 4.28:1 with white, light-5 for links) fail it
      const begin = page.getByTestId('begin-exam');
      await begin.hover();
      await expectExamPageAccessible(page);
      await expect(
        begin.evaluate(
          (el) => (globalThis as unknown as Styles).getComputedStyle(el).backgroundColor,
        ),
      ).resolves.toBe('rgb(26, 63, 174)'); // --el-color-primary-dark-2
      const logout = page.getByRole('button', { name: '退出' });
      await logout.hover();
      await expectExamPageAccessible(page);
      await expect(
        logout.evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).color),
      ).resolves.toBe('rgb(26, 63, 174)');
    },
  );
});
