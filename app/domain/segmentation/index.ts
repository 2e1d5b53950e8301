import { assembleDocument } from './assemble';
import { planHtml } from './html';
import { planMarkdown } from './markdown';
import { planPlainText } from './plain-text';
import type { CompiledRules } from './srx';
import { SOURCE_MEDIA_TYPES, type SegmentKind, type SegmentedDocument, type SourceMediaType } from './types';

export * from './types';
export { parseSrx, sentenceRules, SrxError, type CompiledRules, type SrxDocument } from './srx';

export interface SegmentOptions {
  /** Sentence rules of the source language (SRX, compiled: see `sentenceRules`). */
  rules: CompiledRules;
  /** Signatory names are not translated by default (a project setting, DESIGN.md "Segment"). */
  translateSignatories?: boolean;
}

/** Splits a source document into blocks and translation segments with inline codes (gold FORMAT.md). */
export function segmentDocument(text: string, mediaType: SourceMediaType, options: SegmentOptions): SegmentedDocument {
  const untranslatedKinds = new Set<SegmentKind>(options.translateSignatories ? [] : ['signatory']);
  if (mediaType === 'text/html') {
    const working = planHtml(text);
    return assembleDocument(working.text, working.plans, { mediaType, rules: options.rules, untranslatedKinds });
  }
  const plans = mediaType === 'text/markdown' ? planMarkdown(text) : planPlainText(text);
  return assembleDocument(text, plans, { mediaType, rules: options.rules, untranslatedKinds });
}

/** The media type for a file name, by extension (`segment FILE` without `--type`). */
export function mediaTypeForFileName(fileName: string): SourceMediaType | null {
  if (/\.(md|markdown|mdown|mkd)$/i.test(fileName)) return 'text/markdown';
  if (/\.(txt|text)$/i.test(fileName)) return 'text/plain';
  if (/\.(html?|xhtml)$/i.test(fileName)) return 'text/html';
  return null;
}

export function isSourceMediaType(value: string): value is SourceMediaType {
  return (SOURCE_MEDIA_TYPES as readonly string[]).includes(value);
}
