import { InputRangeError, isInputError } from '../errors/inputError.js';
import { probeDirectory } from '../io/probeDirectory.js';

/**
 * Checks before the run that the folder an option names (`--corpus`) could be created and written into,
 * creating nothing (see `probeDirectory`): a typo such as `/proc/nope` is refused at once, not after an
 * hour of checks. `O(depth)`.
 *
 * @example
 * probeOption('--corpus', 'fixtures/counterexamples'); // fine, nothing created
 * probeOption('--corpus', '/proc/nope'); // throws: --corpus /proc/nope: cannot create the directory (…)
 * @throws {InputRangeError} naming the option and the folder.
 */
export function probeOption(option: string, path: string): void {
  if (path === '') throw new InputRangeError('needs a folder, got an empty value', { field: option });
  try {
    probeDirectory(path);
  } catch (error) {
    if (isInputError(error)) throw new InputRangeError(error.problem, { field: `${option} ${path}` });
    throw error;
  }
}
