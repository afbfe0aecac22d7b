import { mkdirSync } from 'node:fs';
import { InputRangeError } from '../errors/inputError.js';
import { systemReason } from './systemReason.js';

/**
 * Creates directory `path` and its missing parents (nothing when it exists),
 * turning a file-system refusal into bad input naming the directory, so that
 * a `--corpus` or `--out` under a file or a read-only tree is one line and
 * exit 2 at the command line. `O(depth)`.
 *
 * @example
 * ensureDirectory('fixtures/counterexamples/requests');
 * @throws {InputRangeError} when the directory cannot be created (a file in the way, permission denied, ...).
 */
export function ensureDirectory(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new InputRangeError(`cannot create the directory (${systemReason(error)})`, { file: path });
  }
}
