import fs from 'node:fs';
import path from 'node:path';
import { parseSrx, segmentDocument, sentenceRules, type SourceMediaType, type SrxDocument } from '~/domain/segmentation';

/** The product's own SRX rules, read from the file the app ships (no mock, no copy). */
export const workbenchSrx: SrxDocument = parseSrx(fs.readFileSync(path.resolve('app/domain/segmentation/rules/workbench.srx'), 'utf8'));

export function rulesFor(language: string) {
  return sentenceRules(workbenchSrx, language);
}

/** Segments a text as the app does for a project whose source language is `language` (English by default). */
export function segment(text: string, mediaType: SourceMediaType, language = 'en', options: { translateSignatories?: boolean } = {}) {
  return segmentDocument(text, mediaType, { rules: rulesFor(language), ...options });
}
