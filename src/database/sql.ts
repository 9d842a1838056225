/** Escapes LIKE wildcards so user text matches literally (PostgreSQL's default escape `\`). */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `LIKE ANY($scope)` patterns for unit subtrees given their materialised paths. */
export const subtreePatterns = (paths: readonly string[]): string[] =>
  paths.map((p) => `${likeEscape(p)}%`);
