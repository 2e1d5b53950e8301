import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's parameters (m=19 MiB, t=2, p=1), stored as a PHC string with its own salt.
 * Hashing runs on libuv's thread pool, off the event loop.
 */
// `Algorithm` is a const enum, which isolated modules cannot read: 2 is its Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most two hashes at once, and never one per core: a login flood then queues here instead of pinning
 * every core (the event loop needs one to keep answering; on 2 cores two hashes stalled /healthz for 0.5–1 s,
 * one kept its p95 under 200 ms) or filling libuv's four threads, which compression and files share.
 */
export const MAX_HASHES_IN_FLIGHT = Math.min(2, Math.max(1, availableParallelism() - 1));

let inFlight = 0;
let maxInFlight = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight < MAX_HASHES_IN_FLIGHT) inFlight++;
  // A released slot is handed straight to the next in line (see below): nobody can slip in between.
  else await new Promise<void>((resolve) => waiting.push(resolve));
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}

/** How many hashes run now, and the most that ever ran at once (since the last reset). */
export function hashingStats(): { readonly inFlight: number; readonly maxInFlight: number } {
  return Object.freeze({ inFlight, maxInFlight });
}

/** For tests: start counting the maximum afresh. */
export function resetHashingStats(): void {
  maxInFlight = inFlight;
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, OPTIONS));
}

// Checked against when the e-mail is unknown, so an unknown address costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    // Made outside the slot of the verification below: waiting for it while holding a slot could deadlock.
    dummyHash ??= hashPassword('not a real password, only for timing');
    const dummy = await dummyHash;
    await withHashSlot(() => verify(dummy, password));
    return false;
  }
  try {
    return await withHashSlot(() => verify(phc, password));
  } catch {
    return false;
  }
}
