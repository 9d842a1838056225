import type { LawEntity } from './entities/law.entity';

/** How a law is named in lists, rows and reports: its short title, or the full one without it. */
export function displayTitle(law: Pick<LawEntity, 'title' | 'shortTitle'>): string {
  return law.shortTitle || law.title;
}

/** The short title a law gets when none is given: the full title without 中华人民共和国. */
export function defaultShortTitle(title: string): string {
  return title.replace(/^中华人民共和国/, '');
}

/** displayTitle in SQL, for `alias` (a `law` row). */
export function displayTitleSql(alias: string): string {
  return `COALESCE(NULLIF(${alias}.short_title, ''), ${alias}.title)`;
}
