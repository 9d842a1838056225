/**
 * Article numbers typed as "1-5、8, 10": ranges and single numbers separated by 、 , ， or
 * spaces, in order without repeats; [] when empty; null when something is not a number or a
 * range runs backwards (the page says so before asking the server).
 */
export function parseArticles(text: string): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(/[、,，\s]+/).filter(Boolean)) {
    const m = /^(\d+)(?:[-–—~至](\d+))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (from < 1 || to < from || to - from > 2000) return null;
    for (let n = from; n <= to; n++) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}
