import { accessSync, constants, rmdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputRangeError } from '../errors/inputError.js';
import { ensureDirectory } from './ensureDirectory.js';
import { systemReason } from './systemReason.js';

/**
 * Checks, before a long run, that directory `path` exists or could be created and written into, without
 * leaving anything behind: missing levels are created and removed again, an existing directory is
 * tested for write permission. `O(depth)` system calls.
 *
 * @example
 * probeDirectory('fixtures/counterexamples'); // fine (nothing created)
 * probeDirectory('/proc/nope');               // throws: /proc/nope: cannot create the directory (…)
 * @throws {InputRangeError} naming the directory when it cannot be created or written into.
 */
export function probeDirectory(path: string): void {
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing !== undefined) {
    if (!existing.isDirectory()) throw new InputRangeError('is not a directory', { file: path });
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      throw new InputRangeError(`cannot write into the directory (${systemReason(error)})`, { file: path });
    }
    return;
  }
  const created: string[] = [];
  for (let p = resolve(path); statSync(p, { throwIfNoEntry: false }) === undefined && dirname(p) !== p; p = dirname(p))
    created.push(p);
  ensureDirectory(path);
  for (const directory of created) {
    try {
      rmdirSync(directory);
    } catch {
      // someone else put something there meanwhile: theirs to keep
    }
  }
}
