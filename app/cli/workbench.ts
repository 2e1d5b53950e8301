import { AppError } from '~/domain/errors';
import { backupCommand } from './commands/backup';
import { createUserCommand } from './commands/create-user';
import { exportCommand } from './commands/export';
import { exportSiteCommand } from './commands/export-site';
import { importCommand } from './commands/import';
import { importTmxCommand } from './commands/import-tmx';
import { importXliffCommand } from './commands/import-xliff';
import { publishCommand } from './commands/publish';
import { segmentCommand } from './commands/segment';
import { CliRefusal, CliUsageError, EXIT, type Command } from './io';

/**
 * The command line (DESIGN.md "Command line"): JSON for machines on stdout, messages on stderr;
 * exit 0 on success, 1 on a refused input, 2 on a usage error. It calls the same services as the routes.
 */
const COMMANDS: Record<string, Command> = {
  segment: segmentCommand,
  'create-user': createUserCommand,
  import: importCommand,
  'import-tmx': importTmxCommand,
  'import-xliff': importXliffCommand,
  export: exportCommand,
  publish: publishCommand,
  'export-site': exportSiteCommand,
  backup: backupCommand,
};

const USAGE = `usage: workbench COMMAND [options]

commands:
  segment FILE [--type text/plain|text/markdown|text/html] [--lang L]
                                                   print the segments of a file as JSON
  import FILE --project P --document D [--title T] [--type T] [--yes]
                                                   import a new document or a new version of one
                                                   (.txt .md .html .docx); without --yes: preview only
  export xliff --project P --document D --lang L [--xliff 1.2|2.0] [-o FILE]
                                                   one document × language as XLIFF (stdout without -o)
  export json --project P --document D --lang L [--all] [-o FILE]
                                                   i18next JSON: approved text (--all: every translated text)
  export tmx --project P --lang L [--include-imported] [-o FILE]
                                                   the project's approved translations in L as TMX 1.4
  import-xliff FILE [--yes] [--overwrite-conflicts]
                                                   bring a translated XLIFF back (project, document and
                                                   language from the file); without --yes: preview only
  import-tmx FILE --project P                      a TMX 1.4 file into the project's translation memory
                                                   (languages from the file), all or nothing
  publish --project P --document D --lang L        a new publication of the approved text (public page /read/P/D/L)
  export-site DIR                                  every public page (source pages, visible publications, each
                                                   version) with its downloads, CSS and fonts, and an index, as
                                                   static files; serve DIR at a site's root (links are absolute:
                                                   /read/…, /build/_assets/…); needs \`npm run build\` first
  create-user --email E --role coordinator|reviewer|translator [--name N]
                                                   create an account (password from stdin, or generated)
  backup FILE                                      online backup of the database, safe while the server runs

environment: DATABASE_PATH (default data/workbench.sqlite)`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stderr.write(`${USAGE}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`workbench: unknown command "${name}"\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`workbench ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CliRefusal) {
      process.stderr.write(`workbench ${name}: ${error.message}\n`);
      return EXIT.refused;
    }
    if (error instanceof AppError) {
      const details = Object.keys(error.details).length ? ` ${JSON.stringify(error.details)}` : '';
      process.stderr.write(`workbench ${name}: ${error.message} (${error.code})${details}\n`);
      return EXIT.refused;
    }
    throw error;
  }
}
