import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
  Request,
} from 'playwright-core';
import { chromium } from 'playwright-core';
import type { TestApp, TestAppOptions } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { ROOT, ensureWebBuild } from '../utils/web-build';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENS = join(ROOT, '.ci', 'out', 'screens');

/** The two screens every page is checked on: an office PC and a phone. */
export const SIZES = {
  desktop: {
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  phone: {
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
} satisfies Record<string, BrowserContextOptions>;
export type Size = keyof typeof SIZES;

export interface BrowserApp {
  /** The real app (own database and Redis prefix, TestClock), listening on 127.0.0.1. */
  t: TestApp;
  /** e.g. http://127.0.0.1:41234 (the SPA is under /app/). */
  baseUrl: string;
  browser: Browser;
  /** A fresh context (cookies/storage) of that size, with baseURL set: `page.goto('/app/login')`. */
  newContext(size: Size, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context of that size. */
  newPage(size: Size, options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium through playwright-core; fails loudly if it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH. ` +
        'The browser specs do not skip without it.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * For a spec file's beforeAll: builds web/dist if stale, starts the whole app (workers by default)
 * on its own database, listens on a free port, and launches Chromium.
 */
export async function startBrowserApp(options: TestAppOptions = {}): Promise<BrowserApp> {
  await ensureWebBuild();
  const t = await createTestApp({ workers: true, ...options });
  let browser: Browser | undefined;
  try {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
    const b = browser;
    const contexts: BrowserContext[] = [];
    const newContext = async (size: Size, extra: BrowserContextOptions = {}) => {
      const ctx = await b.newContext({ ...SIZES[size], baseURL: baseUrl, ...extra });
      // fail within Jest's 60 s test timeout, with the locator in the message
      ctx.setDefaultTimeout(10_000);
      contexts.push(ctx);
      return ctx;
    };
    return {
      t,
      baseUrl,
      browser: b,
      newContext,
      newPage: async (size, extra) => (await newContext(size, extra)).newPage(),
      close: async () => {
        for (const c of contexts) await c.close().catch(() => undefined);
        await b.close();
        await t.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await t.close();
    throw e;
  }
}

/**
 * Browser globals for `page.evaluate` callbacks, which run in the page: the tests are type-checked
 * without the DOM library, so cast `globalThis as unknown as InPage` there.
 */
export interface InPage {
  localStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
  };
  location: { href: string; pathname: string };
}

export interface Credentials {
  staffNo: string;
  password: string;
}

/**
 * Signs in fast: POST /auth/login from the test, the pair stored where the SPA keeps it
 * (localStorage "xuefa.session"), then opens `path` (inside /app, default the home page).
 */
export async function signIn(
  page: Page,
  app: BrowserApp,
  who: Credentials,
  path = '/',
): Promise<void> {
  const res = await fetch(`${app.baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ staffNo: who.staffNo, password: who.password }),
  });
  const pair = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) {
    throw new Error(`sign-in of ${who.staffNo} failed: ${res.status} ${JSON.stringify(pair)}`);
  }
  await page.goto('/app/login');
  await page.evaluate(
    (value) => (globalThis as unknown as InPage).localStorage.setItem('xuefa.session', value),
    JSON.stringify(pair),
  );
  await page.goto(`/app${path.startsWith('/') ? path : `/${path}`}`);
}

/** Signs in through the login form, as a person would. */
export async function signInWithForm(page: Page, who: Credentials): Promise<void> {
  await page.getByLabel('工号').fill(who.staffNo);
  await page.getByLabel('密码', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** `METHOD /path` of every API request the page sends (not the SPA's own files under /app/). */
export function recordApiRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/app/') || url.pathname === '/app') return;
    seen.push(`${r.method()} ${url.pathname}`);
  });
  return seen;
}

/** Saves a screenshot to .ci/out/screens/<name>-<desktop|phone>.png (for people to look at). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = join(SCREENS, `${name}-${width < 768 ? 'phone' : 'desktop'}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
