import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreSegmentation } from './score-segmentation.mjs';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface GoldDocument {
  id: string;
  source: string;
  sourceType: 'text/plain' | 'text/markdown';
  segments: { text: string; kind: string; label?: string; start: number; end: number }[];
}

export function readGold(name: string): { gold: GoldDocument; sourceText: string } {
  const dir = path.join(fixturesDir, 'gold');
  const gold = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as GoldDocument;
  const sourceText = fs.readFileSync(path.join(dir, gold.source), 'utf8');
  return { gold, sourceText };
}

export interface Score {
  f1: number;
  precision: number;
  recall: number;
  goldBoundaries: number;
  predBoundaries: number;
  tp: number;
  details: { missed: unknown[]; spurious: unknown[] };
}

export function score(gold: GoldDocument, predicted: { text: string }[], sourceText: string): Score {
  return scoreSegmentation(gold, predicted, { sourceText }) as Score;
}
