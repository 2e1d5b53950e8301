import path from 'node:path';
import { AppError } from '~/domain/errors';
import { getDb } from '~/services/database.server';
import { findProject } from '~/services/projects.server';
import { applyImport, planImport, prepareSource, previewSummary } from '~/services/sources.server';
import { CliUsageError, EXIT, parseOptions, printJson, readInputFile } from '../io';

/**
 * `import FILE --project P --document D [--title T] [--type T] [--yes]`: a new document, or a new version of
 * one. Without --yes it prints the preview (new, unchanged, changed with word diff, removed) and writes nothing;
 * with it, applies it all or nothing.
 */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    project: { type: 'string' }, document: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' }, yes: { type: 'boolean' },
  }, 1);
  if (!values.project) throw new CliUsageError('--project is required');
  if (!values.document) throw new CliUsageError('--document is required');
  const file = positionals[0];
  const bytes = readInputFile(file);
  const db = getDb();
  const project = findProject(db, values.project);
  if (!project) throw new AppError('not_found', 404, `no project "${values.project}"`, { project: values.project });
  const source = await prepareSource(path.basename(file), bytes, values.type);
  const plan = planImport(db, { project, documentSlug: values.document, title: values.title, source });
  if (!values.yes) {
    printJson({ applied: false, ...previewSummary(plan) });
    process.stderr.write('Nothing was written. Run again with --yes to apply this preview.\n');
    return EXIT.ok;
  }
  const result = applyImport(db, plan, null);
  printJson({ applied: true, ...previewSummary(plan), version: { from: plan.existing?.versionNumber ?? null, to: result.version } });
  return EXIT.ok;
}
