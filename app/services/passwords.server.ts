import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's parameters (m=19 MiB, t=2, p=1), stored as a PHC string with its own salt.
 * Hashing runs on libuv's thread pool, off the event loop.
 */
// `Algorithm` is a const enum, which isolated modules cannot read: 2 is its Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Checked against when the e-mail is unknown, so an unknown address costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    dummyHash ??= hashPassword('not a real password, only for timing');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
