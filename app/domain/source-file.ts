import { AppError } from './errors';
import { decodeUtf8Strict } from './text/utf8';

/**
 * What a received source file is, and its text: the checks every import makes before anything is written
 * (web upload and `workbench import` alike). A refused file says what is wrong and where.
 */

export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

export type SourceFileType = 'text/plain' | 'text/markdown' | 'text/html' | 'docx';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const BY_EXTENSION: [RegExp, SourceFileType][] = [
  [/\.(txt|text)$/i, 'text/plain'],
  [/\.(md|markdown|mdown|mkd)$/i, 'text/markdown'],
  [/\.(html?|xhtml)$/i, 'text/html'],
  [/\.docx$/i, 'docx'],
];

const BY_MEDIA_TYPE: Record<string, SourceFileType> = {
  'text/plain': 'text/plain', 'text/markdown': 'text/markdown', 'text/x-markdown': 'text/markdown',
  'text/html': 'text/html', 'application/xhtml+xml': 'text/html', [DOCX_MEDIA_TYPE]: 'docx', docx: 'docx',
};

export const SUPPORTED_SOURCE_TYPES = ['.txt (plain text)', '.md (Markdown)', '.html (web page)', '.docx (Word)'];

/** The type of a file from what the person said it is, else its name; a Word file must also look like one. */
export function detectSourceType(fileName: string, bytes: Uint8Array, declared?: string | null): SourceFileType {
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new AppError('payload_too_large', 413, `${fileName} is ${bytes.length} bytes; a source may have at most ${MAX_SOURCE_BYTES}`, { fileName, size: bytes.length, maxBytes: MAX_SOURCE_BYTES });
  }
  if (bytes.length === 0) throw new AppError('empty_source', 422, `${fileName} is empty`, { fileName });
  const type = (declared && BY_MEDIA_TYPE[declared.toLowerCase()]) || BY_EXTENSION.find(([pattern]) => pattern.test(fileName))?.[1];
  if (!type) {
    throw new AppError('unsupported_media_type', 415, `cannot tell what kind of document ${fileName} is`, { fileName, supported: SUPPORTED_SOURCE_TYPES });
  }
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (type === 'docx' && !zip) {
    throw new AppError('not_a_docx', 422, `${fileName} is not a Word document: a .docx file is a ZIP archive and this one does not start like one`, { fileName });
  }
  if (type !== 'docx' && zip) {
    throw new AppError('unsupported_media_type', 415, `${fileName} is a ZIP archive (a Word file?), not ${type}`, { fileName, supported: SUPPORTED_SOURCE_TYPES });
  }
  return type;
}

/** The text of a text file: UTF-8 only (a BOM is dropped), refused at the first broken byte, never guessed. */
export function decodeSourceText(fileName: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'UTF-16LE' : 'UTF-16BE';
    throw new AppError('unsupported_encoding', 415, `${fileName} is ${encoding}; save it as UTF-8 and import it again`, { fileName, encoding });
  }
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) {
    throw new AppError('invalid_encoding', 422, `${fileName} is not valid UTF-8 at byte ${decoded.byteOffset} (line ${decoded.line})`,
      { fileName, byteOffset: decoded.byteOffset, line: decoded.line });
  }
  const nul = decoded.text.indexOf('\u0000');
  if (nul >= 0) {
    throw new AppError('unsupported_media_type', 415, `${fileName} contains a NUL character (at character ${nul}): it is not a text file`, { fileName, index: nul });
  }
  const text = decoded.text.replace(/^\ufeff/, '');
  if (text.trim() === '') throw new AppError('empty_source', 422, `${fileName} has no text`, { fileName });
  return text;
}

/** Words a document cannot be called: they are pages of the project (`/projects/P/import`). */
const RESERVED_SLUGS = new Set(['import', 'rules', 'settings', 'members', 'publish', 'new']);

/** Document slugs are URL words: lower-case letters, digits and hyphens. */
export function checkDocumentSlug(slug: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(slug) || RESERVED_SLUGS.has(slug)) {
    throw new AppError('slug_invalid', 422, `"${slug}" cannot name a document: use lower-case letters, digits and hyphens`, { slug });
  }
  return slug;
}
