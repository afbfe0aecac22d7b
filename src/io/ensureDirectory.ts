import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputRangeError } from '../errors/inputError.js';
import { systemReason } from './systemReason.js';

/**
 * Creates directory `path` and its missing parents (nothing when it exists), one level at a time from
 * the nearest existing ancestor, turning a file-system refusal into bad input naming the directory, so
 * that a `--corpus` or `--out` under a file or a read-only tree is one line and exit 2 at the command
 * line. (Node's own `mkdirSync(path, { recursive: true })` loops forever where `mkdir` answers ENOENT
 * for a parent that exists, as under `/proc`.) `O(depth)` system calls.
 *
 * @example
 * ensureDirectory('reports/junit');      // creates reports/ and reports/junit/ when missing
 * ensureDirectory('/proc/nope');          // throws: /proc/nope: cannot create the directory (…)
 * @throws {InputRangeError} when the directory cannot be created (a file in the way, permission denied, ...).
 */
export function ensureDirectory(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const parent = dirname(current);
      if ((error as { code?: unknown }).code !== 'ENOENT' || parent === current) throw refusal(path, error);
      missing.push(current);
      current = parent;
      continue;
    }
    if (!isDirectory)
      throw new InputRangeError(
        `cannot create the directory (${current === resolve(path) ? 'a file is in the way' : `${current} is not a directory`})`,
        { file: path },
      );
    break;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if (
        (error as { code?: unknown }).code === 'EEXIST' &&
        statSync(directory, { throwIfNoEntry: false })?.isDirectory() === true
      )
        continue;
      throw refusal(path, error);
    }
  }
}

function refusal(path: string, error: unknown): InputRangeError {
  return new InputRangeError(
    `cannot create the directory (${systemReason(error, { ENOENT: 'the file system has no place for it' })})`,
    { file: path },
  );
}
