import { api, ok } from '../../../api/client';

/**
 * Downloads a finished export without holding it in the page: asks the server for a one-time
 * link (POST /exports/:id/link, valid for a minute, no Bearer token in it) and lets the browser
 * open it, so a workbook of tens of MB streams straight to disk under the server's file name.
 */
export async function downloadExport(id: string): Promise<void> {
  const link = await ok(api.POST('/exports/{id}/link', { params: { path: { id } } }));
  const a = document.createElement('a');
  a.href = link.url;
  // the server's Content-Disposition names the file; `download` keeps the page where it is
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}
