import path from 'node:path';
import { importTmx } from '~/services/memory.server';
import { CliUsageError, EXIT, parseOptions, printJson, readInputFile } from '../io';

/**
 * `import-tmx FILE --project P`: a TMX file into the project's memory, all or nothing; the languages come from
 * the file. Prints the counts (added, duplicates, per language, skipped languages) as JSON.
 */
export async function importTmxCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { project: { type: 'string' } }, 1);
  if (!values.project) throw new CliUsageError('--project is required');
  const file = positionals[0];
  const bytes = readInputFile(file);
  const result = await importTmx({ project: values.project, fileName: path.basename(file), bytes, userId: null });
  printJson(result);
  return EXIT.ok;
}
