import { assembleDocument } from './assemble';
import { planMarkdown } from './markdown';
import { planPlainText } from './plain-text';
import { SOURCE_MEDIA_TYPES, type SegmentKind, type SegmentedDocument, type SourceMediaType } from './types';

export * from './types';

export interface SegmentOptions {
  /** Signatory names are not translated by default (a project setting, DESIGN.md "Segment"). */
  translateSignatories?: boolean;
}

/** Splits a source document into blocks and translation segments with inline codes (gold FORMAT.md). */
export function segmentDocument(text: string, mediaType: SourceMediaType, options: SegmentOptions = {}): SegmentedDocument {
  const markdown = mediaType === 'text/markdown';
  const plans = markdown ? planMarkdown(text) : planPlainText(text);
  const untranslatedKinds = new Set<SegmentKind>(options.translateSignatories ? [] : ['signatory']);
  return assembleDocument(text, plans, { mediaType, markdown, untranslatedKinds });
}

/** The media type for a file name, by extension (`segment FILE` without `--type`). */
export function mediaTypeForFileName(fileName: string): SourceMediaType | null {
  if (/\.(md|markdown|mdown|mkd)$/i.test(fileName)) return 'text/markdown';
  if (/\.(txt|text)$/i.test(fileName)) return 'text/plain';
  return null;
}

export function isSourceMediaType(value: string): value is SourceMediaType {
  return (SOURCE_MEDIA_TYPES as readonly string[]).includes(value);
}
