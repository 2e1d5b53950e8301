/**
 * `Content-Disposition` for a download (RFC 6266): an ASCII `filename` for old clients and the exact name in
 * `filename*` (RFC 8187). Quotes, backslashes, control characters and line breaks never reach the header, so a
 * name cannot end the header early or add another (security.md EX-03).
 */
export function contentDisposition(fileName: string): string {
  const safe = fileName.replace(/[\u0000-\u001f\u007f"\\/]+/g, '_').trim() || 'download';
  const ascii = safe.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
