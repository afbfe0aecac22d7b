import { dirname } from 'node:path';
import { InputRangeError, isInputError } from '../errors/inputError.js';
import { ensureDirectory } from '../io/ensureDirectory.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { statSync } from 'node:fs';
import { isSystemError, systemReason } from '../io/systemReason.js';
import type { CliIo } from './cliIo.js';

/** Where an output option (`--out`, `--svg`, `--junit`) sends its text, checked before the run starts. */
export interface OutputFile {
  /** The option, for messages (`--out`). */
  readonly option: string;
  /** The path as given; `-` for standard output. */
  readonly path: string;
  /** Whether the text goes to standard output (`--out -`). */
  readonly toStdout: boolean;
  /** Writes the whole text: atomically to a file, or to standard output. */
  write(data: string | Iterable<string>): void;
}

/**
 * Opens the output an option names, before the run: `-` is standard output; otherwise the path must not
 * be empty or a directory, and its folder is created now (so that an hour-long run is never lost to a
 * missing `reports/` folder). The write itself is atomic (see `writeFileAtomic`). `O(depth)`.
 *
 * @example
 * const junit = openOutput('--junit', 'reports/attnproof.xml', io); // creates reports/
 * junit.write(xml);
 * openOutput('--out', '.', io); // throws: --out .: cannot write the file (it is a directory)
 * @throws {InputRangeError} naming the option and the path when it cannot be written.
 */
export function openOutput(option: string, path: string, io: CliIo): OutputFile {
  if (path === '-')
    return {
      option,
      path,
      toStdout: true,
      write: (data) => {
        for (const chunk of typeof data === 'string' ? [data] : data) io.out(chunk);
      },
    };
  const refuse = (problem: string): InputRangeError => new InputRangeError(problem, { field: `${option} ${path}` });
  if (path === '') throw refuse('needs a file name, got an empty value');
  try {
    ensureDirectory(dirname(path));
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true || /[\\/]$/.test(path))
      throw refuse('cannot write the file (it is a directory; give a file name)');
  } catch (error) {
    if (isInputError(error) && error.location.field?.startsWith(option) !== true) throw refuse(error.message);
    if (isSystemError(error)) throw refuse(`cannot write the file (${systemReason(error)})`);
    throw error;
  }
  return {
    option,
    path,
    toStdout: false,
    write: (data) => {
      try {
        writeFileAtomic(path, data);
      } catch (error) {
        if (isInputError(error) && error.location.file === path) throw refuse(error.problem);
        throw error;
      }
    },
  };
}

/**
 * Opens every output option given (skipping absent ones), refusing two of them on standard output, or one
 * there beside `--json`, since the two texts would be mixed. `O(outputs)`.
 *
 * @example
 * const [out, svg] = openOutputs(io, { json: false }, ['--out', options.out], ['--svg', options.svg]);
 * @throws {InputRangeError} as {@link openOutput}, or naming the second option that claims standard output.
 */
export function openOutputs(
  io: CliIo,
  claims: { json: boolean },
  ...outputs: ReadonlyArray<readonly [string, string | undefined]>
): (OutputFile | undefined)[] {
  const opened = outputs.map(([option, path]) => (path === undefined ? undefined : openOutput(option, path, io)));
  const onStdout = opened.filter((o): o is OutputFile => o?.toStdout === true).map((o) => o.option);
  if (claims.json) onStdout.unshift('--json');
  if (onStdout.length > 1)
    throw new InputRangeError(
      `${onStdout.join(' and ')} would both write to standard output; send one of them to a file`,
      { field: onStdout[1]! },
    );
  return opened;
}

/** The stream for the human report: standard error when an output took standard output, else standard output. */
export function reportWriter(io: CliIo, outputs: ReadonlyArray<OutputFile | undefined>): (text: string) => void {
  return outputs.some((o) => o?.toStdout === true) ? (text) => io.err(text) : (text) => io.out(text);
}
