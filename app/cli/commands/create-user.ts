import { randomBytes } from 'node:crypto';
import { createUser, type Role } from '~/services/auth.server';
import { CliUsageError, EXIT, parseOptions, printJson } from '../io';

const ROLES: Role[] = ['coordinator', 'reviewer', 'translator'];

/**
 * `create-user --email E --role R [--name N]`: the password comes from stdin (first line); with nothing
 * on stdin one is generated and printed once in the JSON answer.
 */
export async function createUserCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } }, 0);
  if (!values.email) throw new CliUsageError('--email is required');
  if (!values.role || !ROLES.includes(values.role as Role)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
  const fromStdin = process.stdin.isTTY ? '' : (await readStdin()).split(/\r?\n/)[0];
  const generated = fromStdin === '';
  const password = generated ? randomBytes(18).toString('base64url') : fromStdin;
  const user = await createUser({ email: values.email, name: values.name, password, role: values.role as Role });
  printJson({ id: user.id, email: user.email, name: user.name, role: values.role, ...(generated ? { password } : {}) });
  if (generated) process.stderr.write('A password was generated and is shown once above: give it to the person and ask them to keep it safe.\n');
  return EXIT.ok;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
