/**
 * Where a command writes. The real program writes to the process streams;
 * tests pass an in-memory one, so every command runs in-process.
 */
export interface CliIo {
  /** Writes to standard output (text is written as given; add your own newline). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** True when standard error is an interactive terminal (progress bars only then). */
  readonly interactive: boolean;
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};

/** An in-memory {@link CliIo} that collects what was written (for tests). */
export function memoryIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    interactive: false,
    stdout: () => out,
    stderr: () => err,
  };
}
