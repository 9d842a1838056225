/**
 * Downloads need the Bearer header, so files come through the typed client as blobs
 * (`parseAs: 'blob'`) and are handed to the browser through an object URL; no token ever goes
 * into a URL.
 */

/** The file name of a Content-Disposition header: `filename*=UTF-8''…` first, then `filename=`. */
export function fileNameFrom(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : null;
}

/** Hands a blob to the browser as a download with the given name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * `await download(api.GET('/staff/export', { parseAs: 'blob' }), '人员名册.xlsx')`: saves the
 * response under the server's file name (or the fallback).
 */
export async function download(
  call: Promise<{ data?: Blob; response: Response }>,
  fallbackName: string,
): Promise<string> {
  const { data, response } = await call;
  const name = fileNameFrom(response.headers.get('Content-Disposition')) ?? fallbackName;
  saveBlob(data ?? new Blob([]), name);
  return name;
}
