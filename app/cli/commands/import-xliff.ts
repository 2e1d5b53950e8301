import path from 'node:path';
import { getDb } from '~/services/database.server';
import { applyXliffImport, previewXliffImport } from '~/services/exchange.server';
import { EXIT, parseOptions, printJson, readInputFile } from '../io';

/**
 * `import-xliff FILE [--yes] [--overwrite-conflicts]`: project, document and language come from the file.
 * Without --yes it prints the preview (changed, unchanged, conflicts, skipped, unit by unit) and writes nothing;
 * with it, applies the changed units in one transaction. Conflicts (edited in the app since the export) are
 * only overwritten with --overwrite-conflicts.
 */
export async function importXliffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { yes: { type: 'boolean' }, 'overwrite-conflicts': { type: 'boolean' } }, 1);
  const file = positionals[0];
  const bytes = readInputFile(file);
  const input = { bytes: new Uint8Array(bytes), fileName: path.basename(file), userId: null };
  if (!values.yes) {
    const preview = previewXliffImport(input, getDb());
    printJson({ applied: false, ...preview });
    process.stderr.write('Nothing was written. Run again with --yes to apply this preview.\n');
    return EXIT.ok;
  }
  const result = applyXliffImport({
    ...input, overwrite: values['overwrite-conflicts'] ? 'all' : undefined,
    onProgress: (written, total) => process.stderr.write(`writing ${written}/${total}\n`),
  }, getDb());
  printJson({ applied: true, ...result });
  return EXIT.ok;
}
