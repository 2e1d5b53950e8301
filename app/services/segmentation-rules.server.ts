import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../db/connection';
import { parseSrx, sentenceRules, type CompiledRules, type SrxDocument } from '~/domain/segmentation';

let workbenchRules: SrxDocument | null = null;

/** The rules shipped with the product (app/domain/segmentation/rules/workbench.srx), read once per process. */
export function defaultSrx(): SrxDocument {
  workbenchRules ??= parseSrx(fs.readFileSync(path.join(projectRoot(), 'app', 'domain', 'segmentation', 'rules', 'workbench.srx'), 'utf8'));
  return workbenchRules;
}

export function defaultSentenceRules(language: string): CompiledRules {
  return sentenceRules(defaultSrx(), language);
}
