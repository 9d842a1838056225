/** MIME type of a Word document. */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** MIME type of an Excel workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * ASCII stand-in for a (Chinese) file name, for clients that ignore `filename*` (curl -OJ, old
 * browsers): the name's ASCII letters, digits, dots, dashes and underscores, and `fallback` plus the
 * extension when too little of the stem is left.
 */
export const asciiFileName = (name: string, fallback = 'download'): string => {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const stem = (dot > 0 ? name.slice(0, dot) : name)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${/[A-Za-z0-9]/.test(stem) ? stem : fallback}${ext.length > 1 ? ext : ''}`;
};

/**
 * Content-Disposition for a download: an ASCII `filename=` fallback (see {@link asciiFileName})
 * followed by the real (Chinese) name RFC 5987-encoded in `filename*`, which clients that know it prefer.
 */
export const attachment = (name: string, fallback?: string) =>
  `attachment; filename="${asciiFileName(name, fallback)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
