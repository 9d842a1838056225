/** MIME type of a Word document. */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** MIME type of an Excel workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition for a download, with the (Chinese) file name RFC 5987-encoded. */
export const attachment = (name: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
