import type { Command } from 'commander';
import { breaksProtocol } from '../../errors/implementationError.js';
import { InputRangeError } from '../../errors/inputError.js';
import { toJsonText } from '../../io/jsonText.js';
import { brokenProtocolParagraph } from '../brokenProtocolParagraph.js';
import type { CommandContext } from '../commandContext.js';
import { DEFAULT_CORPUS } from '../corpusOption.js';
import { ExitCode } from '../exitCodes.js';
import { realOption } from '../options.js';
import { probeOption } from '../probeOption.js';
import { IMPL_PREFIX, MODULE_PREFIX, openConstruction, type OpenConstruction } from '../resolveConstruction.js';

/**
 * The option group of the commands that drive an outside implementation (`validate`, `sweep`): which
 * implementation (`--impl "<command>"` over the stdio protocol, or `--module <path>`), how long it may
 * take (`--timeout`, `--startup-timeout`), and where the request that broke it is saved (`--corpus`,
 * `--no-record`). Declared, checked and mapped to the core's options here, once, so both commands give
 * the same help, the same messages and the same exit-3 report.
 */

/** The group's values as commander parses them (the command's own `--seed` and `--json` are read too). */
export interface ImplementationOptionValues {
  impl?: string;
  module?: string;
  timeout: number;
  startupTimeout: number;
  corpus: string;
  record: boolean;
  seed: number;
  json?: boolean;
}

/** How a command uses the group. */
export interface ImplementationOptionUse {
  /** The command's name, for the exit-3 line and its `--module` rerun hint (`validate`, `sweep`). */
  readonly command: string;
  /** Prefix of a saved request's file name, keeping one command's requests apart from another's (`'sweep-'`). */
  readonly fileTag: string;
  /** Whether the run also writes counterexample records into `--corpus` (validate); else only requests. */
  readonly records: boolean;
  /**
   * The command's own option that `--impl` and `--module` replace, and the name used when none of the
   * three is given (sweep: `--construction`, `paper`). Without it, one of `--impl`/`--module` is required.
   */
  readonly alternative?: { readonly option: string; readonly fallback: string };
}

/** The implementation the options chose, checked, with what a command needs to run it and to report its breaking. */
export interface ChosenImplementation {
  /** The construction's name as records store it: `impl:<command>`, `module:<path>`, or the alternative's. */
  readonly name: string;
  /** Opens it with the timeouts given (`--timeout`, `--startup-timeout` in seconds; the core takes ms). */
  open(): Promise<OpenConstruction>;
  /**
   * Handles an error of the run: when it means the implementation broke the protocol, prints the one
   * line of docs/theorem.md §6 (the request saved for replay unless `--no-record`), with `--json` also
   * one JSON object `{verdict: 'broken'}`, sets exit 3 and returns; any other error is thrown again.
   */
  reportBroken(error: unknown, context: CommandContext): void;
}

/** The option group of one command: `declare` adds the options, `choose` checks their values. */
export interface ImplementationOptions {
  /** Adds `--impl`, `--module`, `--timeout`, `--startup-timeout`, `--corpus` and `--no-record` to `command`. */
  declare(command: Command): Command;
  /**
   * Checks the values (at most one of the implementation options and the alternative, exactly one
   * without an alternative; `--corpus` writable when something may be written there, creating nothing)
   * and maps them to the core's.
   *
   * @throws {InputRangeError} one line naming the option at fault.
   */
  choose(values: ImplementationOptionValues, alternative?: string): ChosenImplementation;
}

/**
 * The outside-implementation option group for one command. `O(1)`; `choose` probes `--corpus` in
 * `O(depth)`.
 *
 * @example
 * const implementation = implementationOptions({ command: 'validate', fileTag: '', records: true });
 * implementation.declare(program.command('validate')).action(async (options) => {
 *   const chosen = implementation.choose(options); // e.g. name 'impl:python3 impl.py'
 *   const opened = await chosen.open();
 * });
 * implementation.choose({ impl: 'x', module: 'y', ... }); // throws: --module: give one of --impl and --module, not --impl and --module
 * @throws never (`choose` throws as said there).
 */
export function implementationOptions(use: ImplementationOptionUse): ImplementationOptions {
  const instead = use.alternative !== undefined ? `instead of ${use.alternative.option}` : undefined;
  const written = use.records
    ? 'counterexample records and the requests that broke the implementation (under requests/)'
    : 'the request that broke the implementation, for replay (under requests/)';
  return {
    declare: (command) =>
      command
        .option(
          '--impl <command>',
          `command line of an implementation in any language speaking the JSON Lines protocol of docs/theorem.md §5 (${instead ?? 'this or --module is required'})`,
        )
        .option(
          '--module <path>',
          `JavaScript module exporting construct(target, params) (${instead ?? 'this or --impl is required'})`,
        )
        .option('--timeout <seconds>', 'longest wait for one answer of an outside implementation', realOption(0), 60)
        .option(
          '--startup-timeout <seconds>',
          'extra time for the first answer (imports, JIT)',
          realOption(0, true),
          30,
        )
        .option(
          '--corpus <dir>',
          `output folder: where ${written} are written, created only when one is`,
          DEFAULT_CORPUS,
        )
        .option('--no-record', `do not write ${use.records ? 'counterexample records or requests' : 'that request'}`),
    choose: (values, alternative) => choose(use, values, alternative),
  };
}

function choose(
  use: ImplementationOptionUse,
  values: ImplementationOptionValues,
  alternative: string | undefined,
): ChosenImplementation {
  const flags = [
    ...(use.alternative !== undefined ? [[use.alternative.option, alternative] as const] : []),
    ['--impl', values.impl] as const,
    ['--module', values.module] as const,
  ];
  const given = flags.filter(([, value]) => value !== undefined).map(([flag]) => flag);
  const [, second] = given;
  if (second !== undefined)
    throw new InputRangeError(
      `give one of ${flags
        .map(([flag]) => flag)
        .join(', ')
        .replace(/, (?=[^,]*$)/, ' and ')}, not ${given.join(' and ')}`,
      { field: second },
    );
  const name =
    values.impl !== undefined
      ? `${IMPL_PREFIX}${values.impl}`
      : values.module !== undefined
        ? `${MODULE_PREFIX}${values.module}`
        : use.alternative !== undefined
          ? (alternative ?? use.alternative.fallback)
          : undefined;
  if (name === undefined)
    throw new InputRangeError('give exactly one of --impl "<command>" or --module <path>', { field: '--impl' });
  if (values.record && (use.records || values.impl !== undefined)) probeOption('--corpus', values.corpus);
  const timeouts = { timeoutMs: values.timeout * 1000, startupTimeoutMs: values.startupTimeout * 1000 };
  return {
    name,
    open: () => openConstruction(name, timeouts),
    reportBroken: (error, context) => {
      if (!breaksProtocol(error)) throw error;
      const saving = {
        corpus: values.corpus,
        record: values.record,
        impl: values.impl,
        seed: values.seed,
        fileTag: use.fileTag,
      };
      const rerun =
        values.module !== undefined
          ? ` Replay the run with: attnproof ${use.command} --module ${values.module} --seed ${values.seed} (and its other options)`
          : '';
      context.io.err(`${brokenProtocolParagraph(use.command, error, saving, rerun)}\n`);
      if (values.json === true)
        context.io.out(
          `${toJsonText({ tool: 'attnproof', verdict: 'broken', construction: name, seed: values.seed, error: error.message })}\n`,
        );
      context.exit(ExitCode.implementationBroke);
    },
  };
}
