import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SparseTarget } from '../../src/targets/sparseTarget.js';

export const FAKES = join(dirname(fileURLToPath(import.meta.url)), 'fakes');
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Quotes one word for /bin/sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Command line running a fake implementation with the current Node binary. */
export function fakeCommand(script: string, ...args: string[]): string {
  return [process.execPath, join(FAKES, script), ...args].map(shellQuote).join(' ');
}

/**
 * True while process `pid` exists and is not a zombie. A killed grandchild is
 * re-parented to PID 1, which may reap it late: a zombie is dead for our purposes.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `condition()` holds, or rejects after `ms`. */
export async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A valid target with S = 2 (row i holds columns i and i+1 mod L, values from a
 * fixed pattern with dynamic range 3), deterministic in `L`.
 */
export function bandTarget(L: number): SparseTarget {
  const entries: [number, number, number][] = [];
  for (let i = 0; i < L; i++) {
    entries.push([i, i, 1 + (i % 3)]);
    entries.push([i, (i + 1) % L, 3 - (i % 3)]);
  }
  return SparseTarget.fromEntries(L, entries, { S: 2 });
}

/** The permutation target W_{i, (i + shift) mod L} = 1 (S = 1, kappa = 1). */
export function shiftTarget(L: number, shift: number): SparseTarget {
  return SparseTarget.fromEntries(
    L,
    Array.from({ length: L }, (_, i) => [i, (i + shift) % L, 1] as const),
    { S: 1 },
  );
}

/** True when two arrays hold the same doubles bit for bit (fast: compares bytes, not elements through expect). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
