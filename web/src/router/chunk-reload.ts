import { RELOAD_MARKER } from '../api/session';

/**
 * After a deploy, an open page may ask for a lazy chunk that no longer exists (404): reload once
 * to get the new index.html. The sessionStorage marker stops a loop when the reload does not help
 * (a chunk really missing, or the network down): the caller then shows an error instead.
 */
export function reloadOnce(href?: string): boolean {
  if (sessionStorage.getItem(RELOAD_MARKER)) return false;
  sessionStorage.setItem(RELOAD_MARKER, String(Date.now()));
  if (href) window.location.assign(href);
  else window.location.reload();
  return true;
}

/** A navigation completed: a later missing chunk may reload again. */
export function clearReloadMarker(): void {
  sessionStorage.removeItem(RELOAD_MARKER);
}

export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i.test(
    message,
  );
}
