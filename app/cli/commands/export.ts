import fs from 'node:fs';
import { exportI18next, exportXliff, XLIFF_VERSIONS, type XliffVersion } from '~/services/exchange.server';
import { getDb } from '~/services/database.server';
import { CliUsageError, EXIT, parseOptions } from '../io';
import { exportTmxCommand } from './export-tmx';

/**
 * `export xliff --project P --document D --lang L --xliff 1.2|2.0 [-o FILE]` and
 * `export json --project P --document D --lang L [--all] [-o FILE]`: one document × language;
 * `export tmx --project P --lang L [--include-imported] [-o FILE]`: the project's memory in one language. Without -o the
 * file goes to stdout (it is the output for machines); with -o a one-line summary goes to stderr.
 */
export async function exportCommand(args: string[]): Promise<number> {
  const [format, ...rest] = args;
  if (format === 'xliff') {
    const { values } = parseOptions(rest, {
      project: { type: 'string' }, document: { type: 'string' }, lang: { type: 'string' }, xliff: { type: 'string' }, output: { type: 'string', short: 'o' },
    }, 0);
    const address = required(values);
    const version = values.xliff ?? '1.2';
    if (!XLIFF_VERSIONS.includes(version as XliffVersion)) throw new CliUsageError(`--xliff must be ${XLIFF_VERSIONS.join(' or ')}`);
    return write(exportXliff({ ...address, xliff: version as XliffVersion, viewer: null }, getDb()), values.output);
  }
  if (format === 'json') {
    const { values } = parseOptions(rest, {
      project: { type: 'string' }, document: { type: 'string' }, lang: { type: 'string' }, all: { type: 'boolean' }, output: { type: 'string', short: 'o' },
    }, 0);
    return write(exportI18next({ ...required(values), all: values.all ?? false, viewer: null }, getDb()), values.output);
  }
  if (format === 'tmx') return exportTmxCommand(rest);
  throw new CliUsageError('export what? xliff, json or tmx');
}

function required(values: { project?: string; document?: string; lang?: string }) {
  for (const name of ['project', 'document', 'lang'] as const) if (!values[name]) throw new CliUsageError(`--${name} is required`);
  return { project: values.project!, document: values.document!, lang: values.lang! };
}

function write(file: { fileName: string; body: string }, output: string | undefined): number {
  if (!output) {
    process.stdout.write(file.body);
    return EXIT.ok;
  }
  fs.writeFileSync(output, file.body);
  process.stderr.write(`wrote ${output} (${Buffer.byteLength(file.body)} bytes)\n`);
  return EXIT.ok;
}
