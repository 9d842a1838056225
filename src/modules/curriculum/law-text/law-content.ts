import { createHash } from 'node:crypto';
import type { LawCategory } from '../entities/law.entity';
import type { ParsedArticle, ParsedLaw } from './law-text-parser';
import { flattenNodes } from './law-text-parser';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function articleText(a: Pick<ParsedArticle, 'paragraphs'>): string {
  return a.paragraphs.join('\n');
}

export function articleHash(a: Pick<ParsedArticle, 'label' | 'paragraphs'>): string {
  return sha256(`${a.label}\n${articleText(a)}`);
}

/** Hash of everything that makes a version: structure and articles (not metadata wording). */
export function versionHash(law: ParsedLaw): string {
  const nodes = flattenNodes(law.nodes).map((n) => [n.key, n.title, n.paragraphs]);
  return sha256(JSON.stringify([law.title, nodes, law.articles.map(articleHash)]));
}

export interface ArticleDiff {
  added: number[];
  changed: number[];
  removed: number[];
}

/** Which article numbers appeared, changed their text, or disappeared between two versions. */
export function diffArticles(
  before: { number: number; contentHash: string }[],
  after: { number: number; contentHash: string }[],
): ArticleDiff {
  const old = new Map(before.map((a) => [a.number, a.contentHash]));
  const now = new Map(after.map((a) => [a.number, a.contentHash]));
  return {
    added: [...now.keys()].filter((n) => !old.has(n)),
    changed: [...now.entries()].filter(([n, h]) => old.has(n) && old.get(n) !== h).map(([n]) => n),
    removed: [...old.keys()].filter((n) => !now.has(n)),
  };
}

/** 2018-12-29 → 2018年12月29日 */
export const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** A version label from the text's latest dated event other than 施行 (2018年12月29日修订). */
export function versionLabel(law: ParsedLaw): string {
  const events = law.events.filter((e) => e.event && e.event !== '施行');
  const last = events[events.length - 1] ?? law.events[law.events.length - 1];
  if (!last) return law.effectiveDate ? `${chineseDate(law.effectiveDate)}施行` : '未注明日期';
  const kind =
    /修正|修订/.exec(last.event)?.[0] ?? /通过|发布|公布/.exec(last.event)?.[0] ?? last.event;
  return `${chineseDate(last.date)}${kind}`.slice(0, 200);
}

/** A category from the title alone (宪法, …法 → law), else 其他; admins can correct it. */
export function guessCategoryByTitle(title: string): LawCategory {
  if (title.endsWith('宪法')) return 'constitution';
  if (/法(典)?$/.test(title)) return 'law';
  return 'other';
}
