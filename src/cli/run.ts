import { Command, CommanderError } from 'commander';
import { isInputError } from '../errors/inputError.js';
import { VERSION } from '../version.js';
import type { CliIo } from './cliIo.js';
import type { CommandContext } from './commandContext.js';
import { ExitCode, type ExitCodeValue } from './exitCodes.js';
import { registerBound } from './commands/boundCommand.js';
import { registerConstruct } from './commands/constructCommand.js';
import { registerVerify } from './commands/verifyCommand.js';
import { registerDemo } from './commands/demoCommand.js';


/**
 * Runs the `attnproof` command line with `argv` (without `node` and the
 * script name) and returns the exit code instead of exiting, so tests run it
 * in-process. Bad usage or bad input prints one line on `io.err` and returns 2;
 * a defect of attnproof returns 4 (the stack trace only with ATTNPROOF_DEBUG=1).
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let code: ExitCodeValue = ExitCode.ok;
  const context: CommandContext = {
    io,
    exit: (c) => {
      if (c > code) code = c;
    },
  };
  const program = new Command('attnproof')
    .description('Property-based verification of the sparse-approximation theorem of self-attention (SPEC.md).')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerBound(program, context);
  registerConstruct(program, context);
  registerVerify(program, context);
  registerDemo(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander has already printed its one-line message (or the help text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return ExitCode.badInput;
  }
  if (isInputError(error)) {
    io.err(`attnproof: ${error.message}\n`);
    return ExitCode.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`attnproof: internal error: ${message} (a defect of attnproof; rerun with ATTNPROOF_DEBUG=1 for details)\n`);
  if (process.env.ATTNPROOF_DEBUG === '1' && error instanceof Error && error.stack !== undefined) io.err(`${error.stack}\n`);
  return ExitCode.internal;
}
