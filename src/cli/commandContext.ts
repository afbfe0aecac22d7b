import type { CliIo } from './cliIo.js';
import type { ExitCodeValue } from './exitCodes.js';

/** What every command gets: where to write and how to set the exit code. */
export interface CommandContext {
  readonly io: CliIo;
  /** Records the exit code of the command (the worst one set wins). */
  exit(code: ExitCodeValue): void;
}
