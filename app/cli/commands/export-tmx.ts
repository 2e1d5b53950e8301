import fs from 'node:fs';
import { exportTmx } from '~/services/memory.server';
import { CliUsageError, EXIT, parseOptions } from '../io';

/**
 * `export tmx --project P --lang L [--include-imported] [-o FILE]` (given the arguments after `tmx`): the
 * project's approved translations in one language as TMX 1.4, with the pairs imported from other files if asked.
 * As the other exports: without -o the file goes to stdout; with -o a one-line summary goes to stderr.
 */
export async function exportTmxCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    project: { type: 'string' }, lang: { type: 'string' }, output: { type: 'string', short: 'o' }, 'include-imported': { type: 'boolean' },
  }, 0);
  if (!values.project) throw new CliUsageError('--project is required');
  if (!values.lang) throw new CliUsageError('--lang is required');
  const file = exportTmx({ project: values.project, lang: values.lang, viewer: null, includeImported: values['include-imported'] ?? false });
  if (!values.output) {
    process.stdout.write(file.xml);
    return EXIT.ok;
  }
  fs.writeFileSync(values.output, file.xml);
  process.stderr.write(`wrote ${values.output} (${file.units} units, ${Buffer.byteLength(file.xml)} bytes)\n`);
  return EXIT.ok;
}
