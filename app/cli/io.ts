import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export type Command = (args: string[]) => Promise<number> | number;

export class CliUsageError extends Error {}

/** A refused input the command found itself (an unreadable file): exit 1 with the message on stderr. */
export class CliRefusal extends Error {}

/** The bytes of an input file, or a refusal saying why it cannot be read. */
export function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliRefusal(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** Strict option parsing: an unknown or malformed option is a usage error (exit 2). */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw new CliUsageError(`expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
  }
  return parsed;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function refuse(message: string): number {
  process.stderr.write(`${message}\n`);
  return EXIT.refused;
}
