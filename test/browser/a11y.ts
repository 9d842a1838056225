import type { Page } from 'playwright-core';

/**
 * A11 smoke (docs web.md §7, §8.3): on the page as it is now,
 * - exactly one visible `<h1>`;
 * - every interactive element (Chromium's own accessibility tree: buttons, links, form fields,
 *   tabs, options…) has an accessible name;
 * - every visible text node has a text contrast of at least 4.5:1 against the background it
 *   sits on (computed styles, backgrounds composited up the ancestors with alpha, WCAG 2.x
 *   relative luminance formula). Disabled controls are exempt (WCAG 1.4.3 "inactive"), as is
 *   text over a background image.
 * Reusable by any browser spec: `await expectAccessible(page)`.
 */
export interface A11yReport {
  h1Count: number;
  unnamed: string[];
  lowContrast: { text: string; ratio: number; color: string; background: string }[];
  checkedTexts: number;
}

const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'checkbox',
  'radio',
  'combobox',
  'listbox',
  'option',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'switch',
  'slider',
  'spinbutton',
  'treeitem',
]);

interface AXNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

/** Unnamed interactive nodes, as Chromium computes names (aria-label, labels, content, title…). */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const out: string[] = [];
    for (const n of nodes) {
      const role = n.role?.value ?? '';
      if (n.ignored || !INTERACTIVE_ROLES.has(role)) continue;
      if ((n.name?.value ?? '').trim()) continue;
      let html = '';
      if (n.backendDOMNodeId) {
        const r = await cdp
          .send('DOM.getOuterHTML', { backendNodeId: n.backendDOMNodeId })
          .catch(() => ({ outerHTML: '' }));
        html = r.outerHTML.slice(0, 160);
      }
      out.push(`${role}: ${html}`);
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Runs in the page: h1 count and the contrast of every visible text node. */
function inPageChecks(minRatio: number): Omit<A11yReport, 'unnamed'> {
  type RGBA = [number, number, number, number];
  const parse = (css: string): RGBA | null => {
    const m = /^rgba?\(([^)]+)\)$/.exec(css.trim());
    if (!m) return null;
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    if (p.length < 3 || p.some((x) => Number.isNaN(x))) return null;
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3];
    return [
      top[0] * a + under[0] * (1 - a),
      top[1] * a + under[1] * (1 - a),
      top[2] * a + under[2] * (1 - a),
      1,
    ];
  };
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c: RGBA) =>
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const ratio = (a: RGBA, b: RGBA) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const fmt = (c: RGBA) => `rgb(${c.slice(0, 3).map(Math.round).join(',')})`;

  // the tests compile without the DOM library: the little of it used here, typed locally
  interface El {
    parentElement: El | null;
    closest(selector: string): El | null;
    getBoundingClientRect(): { width: number; height: number };
    checkVisibility(options: object): boolean;
  }
  interface TextNode {
    textContent: string | null;
    parentElement: El | null;
  }
  interface Style {
    color: string;
    backgroundColor: string;
    backgroundImage: string;
    opacity: string;
  }
  const g = globalThis as unknown as {
    document: {
      body: El;
      querySelectorAll(selector: string): ArrayLike<El>;
      createTreeWalker(root: El, what: number): { nextNode(): TextNode | null };
    };
    getComputedStyle(el: El): Style;
  };
  const doc = g.document;
  const getComputedStyle = (el: El) => g.getComputedStyle(el);
  const visible = (el: El) =>
    el.checkVisibility({
      opacityProperty: true,
      visibilityProperty: true,
    });
  const h1Count = Array.from(doc.querySelectorAll('h1')).filter(visible).length;

  const lowContrast: A11yReport['lowContrast'] = [];
  let checkedTexts = 0;
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim();
    const el = node.parentElement;
    if (!text || !el || !visible(el)) continue;
    if (el.closest('[disabled], [aria-disabled="true"], .is-disabled, script, style, noscript'))
      continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const style = getComputedStyle(el);
    const color = parse(style.color);
    if (!color) continue;
    // backgrounds from the element up to the root, composited over the white canvas
    const layers: RGBA[] = [];
    let imaged = false;
    for (let e: El | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') {
        imaged = true;
        break;
      }
      const bg = parse(s.backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    if (imaged) continue;
    let background: RGBA = [255, 255, 255, 1];
    for (const layer of layers.reverse()) background = over(layer, background);
    let opacity = 1;
    for (let e: El | null = el; e; e = e.parentElement)
      opacity *= Number(getComputedStyle(e).opacity);
    const fg = over([color[0], color[1], color[2], color[3] * opacity], background);
    checkedTexts++;
    const r = ratio(fg, background);
    if (r < minRatio) {
      lowContrast.push({
        text: text.slice(0, 40),
        ratio: Math.round(r * 100) / 100,
        color: fmt(fg),
        background: fmt(background),
      });
    }
  }
  return { h1Count, lowContrast, checkedTexts };
}

export async function checkA11y(page: Page, minRatio = 4.5): Promise<A11yReport> {
  const inPage = await page.evaluate(inPageChecks, minRatio);
  return { ...inPage, unnamed: await unnamedControls(page) };
}

/** Throws with the details when the page breaks any of the three checks. */
export async function expectAccessible(page: Page, minRatio = 4.5): Promise<A11yReport> {
  const report = await checkA11y(page, minRatio);
  const problems: string[] = [];
  if (report.h1Count !== 1) problems.push(`expected one visible <h1>, found ${report.h1Count}`);
  for (const u of report.unnamed) problems.push(`no accessible name: ${u}`);
  for (const c of report.lowContrast)
    problems.push(
      `contrast ${c.ratio}:1 < ${minRatio}:1 for "${c.text}" (${c.color} on ${c.background})`,
    );
  if (report.checkedTexts === 0) problems.push('no visible text was checked');
  if (problems.length)
    throw new Error(`A11 smoke failed on ${page.url()}:\n${problems.join('\n')}`);
  return report;
}

/** Reflow (WCAG 1.4.10): the page does not scroll sideways at its width. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number; clientWidth: number } };
    };
    return {
      scroll: g.document.documentElement.scrollWidth,
      width: g.document.documentElement.clientWidth,
    };
  });
  if (scroll > width) {
    throw new Error(`${page.url()} scrolls sideways: ${scroll}px of content in ${width}px`);
  }
}
