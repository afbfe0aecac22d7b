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
import { registerCheck } from './commands/checkCommand.js';
import { registerReplay } from './commands/replayCommand.js';
import { registerValidate } from './commands/validateCommand.js';
import { registerSweep } from './commands/sweepCommand.js';
import { registerMerge } from './commands/mergeCommand.js';
import { registerFrontier } from './commands/frontierCommand.js';
import { argumentSlip, markRequiredOptions } from './argumentRules.js';

/**
 * Runs the `attnproof` command line with `argv` (without `node` and the
 * script name) and returns the exit code instead of exiting, so tests run it
 * in-process. Bad usage or bad input prints one line on `io.err` and returns 2;
 * a defect of attnproof returns 4 (the stack trace only with ATTNPROOF_DEBUG=1).
 * With `mode.parseOnly` the arguments are parsed and checked (command, options, values, required
 * options, slips of the hand) but no command runs: 0 when they parse.
 *
 * @example
 * await run(['bound', '--L', '64', '--S', '1', '--epsilon', '0.5', '--delta', '0.1'], processIo); // 0, table printed
 * await run(['sweep', '--L', '16', '--trails', '2'], processIo, { parseOnly: true }); // 2: unknown option --trails
 * @throws never: every failure is an exit code.
 */
export async function run(argv: readonly string[], io: CliIo, mode: { parseOnly?: boolean } = {}): Promise<number> {
  let code: ExitCodeValue = ExitCode.ok;
  const context: CommandContext = {
    io,
    exit: (c) => {
      if (c > code) code = c;
    },
  };
  const program = new Command('attnproof')
    .description('Property-based verification of the sparse-approximation theorem of self-attention (docs/theorem.md).')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // Bad usage is one line on stderr: commander's message (which may carry a
      // "(Did you mean …?)" suggestion on a second line) is joined onto one line
      // together with the hint, so that every exit-2 message has the same shape.
      outputError: (s, write) =>
        write(
          `attnproof: ${s
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (run with --help for usage)\n`,
        ),
    });
  registerBound(program, context);
  registerConstruct(program, context);
  registerVerify(program, context);
  registerCheck(program, context);
  registerReplay(program, context);
  registerValidate(program, context);
  registerDemo(program, context);
  registerSweep(program, context);
  registerMerge(program, context);
  registerFrontier(program, context);
  for (const command of program.commands) markRequiredOptions(command);
  const slip = firstSlip(program, argv);
  if (slip !== undefined) {
    io.err(`attnproof: ${slip.text} (run attnproof ${slip.command} --help for usage)\n`);
    return ExitCode.badInput;
  }
  // Parse only (for tests of documented commands too slow to run): everything commander checks — the
  // command, every option and its value, required options — and then stop before the command's action.
  if (mode.parseOnly === true)
    program.hook('preAction', () => {
      throw new ParsedOnly();
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, io);
  }
}

/** The first slip of the hand in the arguments of the command `argv` names (see {@link argumentSlip}). */
function firstSlip(program: Command, argv: readonly string[]): { command: string; text: string } | undefined {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  if (at < 0) return undefined;
  const command = program.commands.find((c) => c.name() === argv[at] || c.aliases().includes(argv[at]!));
  if (command === undefined) return undefined;
  const text = argumentSlip(command, argv.slice(at + 1));
  return text === undefined ? undefined : { command: command.name(), text };
}

/** Thrown by the parse-only hook: the arguments parsed, the action was not run. */
class ParsedOnly extends Error {}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof ParsedOnly) return ExitCode.ok;
  if (error instanceof CommanderError) {
    // commander has already printed its one-line message (or the help text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    // Help asked for (`attnproof help`) exits 0; help shown because no command was given is bad usage.
    if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    return ExitCode.badInput;
  }
  if (isInputError(error)) {
    io.err(`attnproof: ${oneLine(error.message)}\n`);
    return ExitCode.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(
    `attnproof: internal error: ${oneLine(message)} (a defect of attnproof; rerun with ATTNPROOF_DEBUG=1 for details)\n`,
  );
  if (process.env.ATTNPROOF_DEBUG === '1' && error instanceof Error && error.stack !== undefined)
    io.err(`${error.stack}\n`);
  return ExitCode.internal;
}

/**
 * `text` as one printable line: line breaks and tabs become spaces and other
 * control characters are shown escaped (`\u0000`). Messages can quote bytes
 * of the input (JSON.parse quotes the text around a syntax error), and a
 * message on stderr must stay one line that cannot drive the terminal. `O(n)`.
 */
function oneLine(text: string): string {
  return (
    text
      .replace(/\s*[\r\n\t\v\f]+\s*/g, ' ')
      // eslint-disable-next-line no-control-regex -- control characters are what this expression finds
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .trim()
  );
}
