import { InvalidArgumentError, type Command } from 'commander';
import { breaksProtocol, type ImplementationError } from '../../errors/implementationError.js';
import { InputRangeError, isInputError } from '../../errors/inputError.js';
import { TARGET_PATTERNS } from '../../generators/index.js';
import type { TargetPattern } from '../../generators/sparseTarget.js';
import { runSweep } from '../../sweep/runSweep.js';
import type { SweepResult } from '../../sweep/sweepResult.js';
import { SWEEP_DEFAULTS, type SweepOptions } from '../../sweep/sweepParams.js';
import { parseShardSpec, type ShardSpec } from '../../sweep/shardSpec.js';
import { brokenProtocolParagraph } from '../brokenProtocolParagraph.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { choiceOption, integerOption, openUnitOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';
import { IMPL_PREFIX, MODULE_PREFIX, openConstruction } from '../resolveConstruction.js';
import { seedOption } from '../seedOption.js';
import { constructionNamed } from '../../harness/constructions.js';
import { runSweepComparison } from '../../sweep/sweepComparison.js';
import { emitComparison } from '../format/formatComparison.js';
import { DEFAULT_CORPUS } from '../corpusOption.js';
import { emitSweep } from '../emitSweep.js';
import { sweepProgressBar } from '../format/sweepProgressBar.js';
import { openOutputs, type OutputFile } from '../outputFile.js';
import { probeOption } from '../probeOption.js';
import { deferInterrupt } from '../../io/interruptCleanup.js';

/** Lengths swept when `--L` is not given: one factor 4 apart, from 16 to 4096. */
export const DEFAULT_LENGTHS: readonly number[] = [16, 64, 256, 1024, 4096];

interface SweepCliOptions {
  L?: number[];
  S: number;
  epsilon: number;
  gamma?: number;
  kappa: number;
  delta: number;
  pattern: TargetPattern;
  trials: number;
  success: number;
  resolution: number;
  maxD?: number;
  construction?: string;
  impl?: string;
  module?: string;
  timeout: number;
  startupTimeout: number;
  json?: boolean;
  out?: string;
  svg?: string;
  shard?: ShardSpec;
  seed: number;
  corpus: string;
  record: boolean;
}

/**
 * `attnproof sweep`: the dimension the construction really needs, against `L`,
 * next to `d*` and `L` itself; a table (or `--json`), a picture (`--svg`), and
 * `--shard K/N` to split the trials over machines (`attnproof merge` joins them).
 */
export function registerSweep(program: Command, context: CommandContext): void {
  program
    .command('sweep')
    .description(
      'measure, per sequence length L, the smallest query dimension d at which the construction succeeds in a given fraction of trials, next to d* and L; fit d ≈ a + b·ln L',
    )
    .option(
      '--L <list>',
      `sequence lengths, comma-separated integers from 2 to 2^24, or the option repeated (default: ${DEFAULT_LENGTHS.join(',')})`,
      lengthsOption,
    )
    .option('--S <n>', 'sparsity of the targets: positive entries per row and column', integerOption(1), 1)
    .option('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0), 0.9)
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--kappa <k>', 'dynamic range bound of the targets, >= 1', realOption(1, true), 1)
    .option('--delta <p>', 'failure probability of the d* shown for comparison', openUnitOption(), SWEEP_DEFAULTS.delta)
    .option(
      '--pattern <name>',
      `sparsity pattern of the targets (${TARGET_PATTERNS.join(', ')})`,
      choiceOption(TARGET_PATTERNS),
      SWEEP_DEFAULTS.pattern,
    )
    .option('--trials <n>', 'independent trials per length', integerOption(1, 100_000), SWEEP_DEFAULTS.trials)
    .option(
      '--success <f>',
      'fraction of the trials that must succeed, in (0, 1]',
      fractionOption,
      SWEEP_DEFAULTS.success,
    )
    .option(
      '--resolution <r>',
      'relative step of the grid of dimensions searched, in (0, 1]',
      fractionOption,
      SWEEP_DEFAULTS.resolution,
    )
    .option('--max-d <n>', 'search dimensions up to n at every length (default: d* of each length)', integerOption(1))
    .option(
      '--construction <name>',
      'construction under test: paper (default; alias builtin), exact-support, lagrange-circle, lagrange-torus, negative:<defect>, impl:<command>, module:<path>; a comma-separated list (paper,exact-support,…) compares them on the same targets and seeds',
    )
    .option(
      '--impl <command>',
      'measure an implementation in any language instead, over the stdio protocol of docs/theorem.md §5',
    )
    .option('--module <path>', 'measure a JavaScript module exporting construct(target, params) instead')
    .option('--timeout <seconds>', 'longest wait for one answer of an outside implementation', realOption(0), 60)
    .option('--startup-timeout <seconds>', 'extra time for the first answer (imports, JIT)', realOption(0, true), 30)
    .option('--json', 'print the result as one JSON object (what attnproof merge reads)')
    .option('--out <file>', 'also write the JSON result to a file ("-" for standard output)')
    .option('--svg <file>', 'draw d against L (measured, fit, d*, d = L) into an SVG file')
    .option(
      '--shard <K/N>',
      'run only shard K of N of the trials (merge the outputs with attnproof merge)',
      shardOption,
    )
    .option(
      '--seed <n>',
      'seed of the targets and projections (an integer, or "random")',
      seedOption,
      SWEEP_DEFAULTS.seed,
    )
    .option(
      '--corpus <dir>',
      'output folder: where the request that broke an outside implementation is saved for replay (under requests/)',
      DEFAULT_CORPUS,
    )
    .option('--no-record', 'do not save that request')
    .action(async (options: SweepCliOptions) => {
      const { epsilon, gamma } = resolvePrecision(options);
      const outputs = openOutputs(
        context.io,
        { json: options.json === true },
        ['--out', options.out],
        ['--svg', options.svg],
      );
      if (options.record && options.impl !== undefined) probeOption('--corpus', options.corpus);
      const given = (['construction', 'impl', 'module'] as const).filter((k) => options[k] !== undefined);
      if (given.length > 1)
        throw new InputRangeError(
          `give one of --construction, --impl and --module, not ${given.map((k) => `--${k}`).join(' and ')}`,
          { field: `--${given[1]}` },
        );
      if (options.svg !== undefined && options.shard !== undefined && options.shard.count > 1)
        throw new InputRangeError(
          `one shard cannot be drawn: merge the shards and draw the whole sweep (attnproof merge FILES… --svg ${options.svg})`,
          { field: '--svg' },
        );
      const names = (options.construction ?? '').split(',').map((n) => n.trim());
      if (names.length > 1) return compareConstructions(names, options, { epsilon, gamma }, outputs, context);
      const name =
        options.impl !== undefined
          ? `${IMPL_PREFIX}${options.impl}`
          : options.module !== undefined
            ? `${MODULE_PREFIX}${options.module}`
            : (options.construction ?? 'paper');
      // Opened last, after every check of the options, and closed whatever happens.
      const opened = await openConstruction(name, {
        timeoutMs: options.timeout * 1000,
        startupTimeoutMs: options.startupTimeout * 1000,
      });
      const bar = context.io.interactive && options.json !== true ? sweepProgressBar(context.io) : undefined;
      // The first Ctrl-C (or SIGTERM) stops after the trial under way and keeps the lengths measured; a second ends at once.
      const stop = new AbortController();
      const releaseInterrupt = deferInterrupt((signal) => {
        context.io.err(
          `\r\x1b[2K${signal}: stopping after the trial under way; the lengths measured whole are kept (again to quit at once)\n`,
        );
        stop.abort();
      });
      let result: SweepResult;
      try {
        result = await runSweep(opened.construction, {
          ...sweepOptionsOf(options, { epsilon, gamma }),
          ...(options.shard !== undefined ? { shard: options.shard } : {}),
          ...(bar !== undefined ? { onProgress: bar } : {}),
          signal: stop.signal,
        });
      } catch (error) {
        // A half-drawn bar must not prefix the error message.
        if (bar !== undefined) context.io.err('\r\x1b[2K');
        if (!breaksProtocol(error)) throw error;
        return reportBroken(error, options, context);
      } finally {
        releaseInterrupt();
        await opened.close();
      }
      if (stop.signal.aborted) {
        if (bar !== undefined) context.io.err('\r\x1b[2K');
        context.exit(ExitCode.interrupted);
        if (result.params.lengths.length === 0)
          return context.io.err('interrupted before any length was measured whole: nothing written\n');
        context.io.err(
          `interrupted: kept the ${result.params.lengths.length} length(s) measured whole (L = ${result.params.lengths.join(', ')})\n`,
        );
      }
      emitSweep(result, { json: options.json === true, outputs, command: 'sweep' }, context);
    });
}

/**
 * `--construction A,B,…`: every construction on the same targets and seeds, one
 * table with a column per construction, one picture with a curve per construction
 * (see `runSweepComparison`); `--json` and `--out` keep each one's whole sweep.
 */
async function compareConstructions(
  names: readonly string[],
  options: SweepCliOptions,
  precision: { epsilon: number; gamma: number },
  outputs: ReadonlyArray<OutputFile | undefined>,
  context: CommandContext,
): Promise<void> {
  if (options.shard !== undefined && options.shard.count > 1)
    throw new InputRangeError('a comparison of constructions cannot be sharded; shard each construction on its own', {
      field: '--shard',
    });
  const constructions = names.map(constructionNamed);
  const comparison = await runSweepComparison(constructions, sweepOptionsOf(options, precision));
  emitComparison(comparison, { json: options.json === true, outputs }, context.io);
}

/** The sweep's measurement options from the command line's (everything but the shard and the progress callback). */
function sweepOptionsOf(options: SweepCliOptions, precision: { epsilon: number; gamma: number }): SweepOptions {
  return {
    lengths: options.L ?? DEFAULT_LENGTHS,
    S: options.S,
    ...precision,
    kappa: options.kappa,
    delta: options.delta,
    pattern: options.pattern,
    trials: options.trials,
    success: options.success,
    resolution: options.resolution,
    seed: options.seed,
    ...(options.maxD !== undefined ? { maxD: options.maxD } : {}),
  };
}

/** Exit 3: the implementation broke the protocol; one line on stderr, the request saved as `validate` saves it. */
function reportBroken(error: ImplementationError, options: SweepCliOptions, context: CommandContext): void {
  const saving = {
    corpus: options.corpus,
    record: options.record,
    impl: options.impl,
    seed: options.seed,
    fileTag: 'sweep-',
  };
  context.io.err(`${brokenProtocolParagraph('sweep', error, saving)}\n`);
  context.exit(ExitCode.implementationBroke);
}

/** The longest sequence length attnproof accepts (as everywhere: `L <= 2^24`). */
const MAX_LENGTH = 2 ** 24;

/** `--L 16,64,256` (or repeated, `--L 16 --L 64`: the lists are joined): distinct integers from 2 to 2^24. */
function lengthsOption(value: string, previous: number[] | undefined): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const lengths = parts.map((s) => {
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)))
      throw new InvalidArgumentError(`expected comma-separated integers such as 16,64,256, got "${value}"`);
    const L = Number(s);
    if (L < 2) throw new InvalidArgumentError(`every length must be at least 2, got ${L}`);
    if (L > MAX_LENGTH) throw new InvalidArgumentError(`every length must be at most 2^24 = ${MAX_LENGTH}, got ${L}`);
    return L;
  });
  const all = [...(previous ?? []), ...lengths];
  const twice = all.find((L, k) => all.indexOf(L) !== k);
  if (twice !== undefined) throw new InvalidArgumentError(`the length ${twice} is listed twice`);
  return all;
}

/** A number in (0, 1]. */
function fractionOption(value: string): number {
  const x = realOption(0)(value);
  if (x > 1) throw new InvalidArgumentError(`must lie in (0, 1], got ${x}`);
  return x;
}

/** `--shard K/N`. */
function shardOption(value: string): ShardSpec {
  try {
    return parseShardSpec(value);
  } catch (error) {
    if (isInputError(error)) throw new InvalidArgumentError(error.problem);
    throw error;
  }
}
