import { AppError } from '~/domain/errors';
import { backupCommand } from './commands/backup';
import { createUserCommand } from './commands/create-user';
import { importCommand } from './commands/import';
import { segmentCommand } from './commands/segment';
import { CliUsageError, EXIT, type Command } from './io';

/**
 * The command line (DESIGN.md "Command line"): JSON for machines on stdout, messages on stderr;
 * exit 0 on success, 1 on a refused input, 2 on a usage error. It calls the same services as the routes.
 */
const COMMANDS: Record<string, Command> = {
  segment: segmentCommand,
  'create-user': createUserCommand,
  import: importCommand,
  backup: backupCommand,
};

const USAGE = `usage: workbench COMMAND [options]

commands:
  segment FILE [--type text/plain|text/markdown|text/html] [--lang L]
                                                   print the segments of a file as JSON
  import FILE --project P --document D [--title T] [--type T] [--yes]
                                                   import a new document or a new version of one
                                                   (.txt .md .html .docx); without --yes: preview only
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
    if (error instanceof AppError) {
      const details = Object.keys(error.details).length ? ` ${JSON.stringify(error.details)}` : '';
      process.stderr.write(`workbench ${name}: ${error.message} (${error.code})${details}\n`);
      return EXIT.refused;
    }
    throw error;
  }
}
