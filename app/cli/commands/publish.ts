import { getDb } from '~/services/database.server';
import { publish } from '~/services/publishing.server';
import { CliUsageError, EXIT, parseOptions, printJson } from '../io';

/** `publish --project P --document D --lang L`: a new publication of the approved text (JSON: its number and URL). */
export async function publishCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { project: { type: 'string' }, document: { type: 'string' }, lang: { type: 'string' } }, 0);
  for (const name of ['project', 'document', 'lang'] as const) if (!values[name]) throw new CliUsageError(`--${name} is required`);
  printJson(publish({ project: values.project!, document: values.document!, lang: values.lang!, userId: null }, getDb()));
  return EXIT.ok;
}
