/**
 * The files of a publication (issue 7 "Downloads"): what formats there are, where each is served and what it is
 * called on the reader's disk. A download belongs to a numbered publication, never to "the newest", so its URL
 * and its bytes never change.
 */

export const PUBLICATION_FORMATS = ['html', 'md', 'txt', 'print'] as const;
export type PublicationFormat = (typeof PUBLICATION_FORMATS)[number];

export interface PublicationAddress {
  project: string;
  document: string;
  lang: string;
  number: number;
}

/** The public.json key of each format's link label. */
const LABEL_KEYS: Record<PublicationFormat, string> = {
  html: 'downloadHtml',
  md: 'downloadMarkdown',
  txt: 'downloadText',
  print: 'downloadPrint',
};

export function isPublicationFormat(value: string): value is PublicationFormat {
  return (PUBLICATION_FORMATS as readonly string[]).includes(value);
}

/** `/read/P/D/L/v/N/download/FORMAT`. */
export function downloadPath(address: PublicationAddress, format: PublicationFormat): string {
  return `/read/${address.project}/${address.document}/${address.lang}/v/${address.number}/download/${format}`;
}

/** `itu-2012-sign-on-letter-ur-v1.md`; the print page is `…-v1-print.html`. */
export function downloadFileName(address: PublicationAddress, format: PublicationFormat): string {
  const base = `${address.project}-${address.document}-${address.lang}-v${address.number}`;
  return format === 'print' ? `${base}-print.html` : `${base}.${format}`;
}

/** The download links of a publication page, labelled in the page's language; the print page opens, the rest save. */
export function publicationDownloads(address: PublicationAddress, t: (key: string) => string): { label: string; href: string; save: boolean }[] {
  return PUBLICATION_FORMATS.map((format) => ({ label: t(LABEL_KEYS[format]), href: downloadPath(address, format), save: format !== 'print' }));
}
