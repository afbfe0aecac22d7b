import { InvalidArgumentError, type Command } from 'commander';
import { InputRangeError, isInputError } from '../../errors/inputError.js';
import { TARGET_PATTERNS } from '../../generators/index.js';
import type { TargetPattern } from '../../generators/sparseTarget.js';
import { runSweep, type RunSweepOptions } from '../../sweep/runSweep.js';
import type { SweepResult } from '../../sweep/sweepResult.js';
import { SWEEP_DEFAULTS } from '../../sweep/sweepParams.js';
import type { LogitKernel } from '../../verification/index.js';
import { kernelOption } from '../kernelOption.js';
import { parseShardSpec, type ShardSpec } from '../../sweep/shardSpec.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { choiceOption, integerOption, openUnitOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';
import { implementationOptions, type ImplementationOptionValues } from '../options/implementationOptions.js';
import { seedOption } from '../seedOption.js';
import { constructionNamed } from '../../harness/constructions.js';
import { runSweepComparison, type SweepComparison } from '../../sweep/sweepComparison.js';
import { emitComparison } from '../format/formatComparison.js';
import { emitSweep } from '../emitSweep.js';
import { sweepProgressBar } from '../format/sweepProgressBar.js';
import { openOutputs, type OutputFile } from '../outputFile.js';
import { deferInterrupt } from '../../io/interruptCleanup.js';

/** Lengths swept when `--L` is not given: one factor 4 apart, from 16 to 4096. */
export const DEFAULT_LENGTHS: readonly number[] = [16, 64, 256, 1024, 4096];

interface SweepCliOptions extends ImplementationOptionValues {
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
  out?: string;
  svg?: string;
  shard?: ShardSpec;
  kernel: LogitKernel;
}

const implementation = implementationOptions({
  command: 'sweep',
  fileTag: 'sweep-',
  records: false,
  alternative: { option: '--construction', fallback: 'paper' },
});

/**
 * `attnproof sweep`: the dimension the construction really needs, against `L`,
 * next to `d*` and `L` itself; a table (or `--json`), a picture (`--svg`), and
 * `--shard K/N` to split the trials over machines (`attnproof merge` joins them).
 */
export function registerSweep(program: Command, context: CommandContext): void {
  implementation
    .declare(
      program
        .command('sweep')
        .description(
          'measure, per sequence length L, the smallest query dimension d at which the construction succeeds in a given fraction of trials, next to d* and L; fit d ≈ a + b·ln L',
        ),
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
    .option(...kernelOption())
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
    .action(async (options: SweepCliOptions) => {
      const { epsilon, gamma } = resolvePrecision(options);
      const outputs = openOutputs(
        context.io,
        { json: options.json === true },
        ['--out', options.out],
        ['--svg', options.svg],
      );
      const chosen = implementation.choose(options, options.construction);
      if (options.svg !== undefined && options.shard !== undefined && options.shard.count > 1)
        throw new InputRangeError(
          `one shard cannot be drawn: merge the shards and draw the whole sweep (attnproof merge FILES… --svg ${options.svg})`,
          { field: '--svg' },
        );
      const names = (options.construction ?? '').split(',').map((n) => n.trim());
      if (names.length > 1) return compareConstructions(names, options, { epsilon, gamma }, outputs, context);
      // Opened last, after every check of the options, and closed whatever happens.
      const opened = await chosen.open();
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
        return chosen.reportBroken(error, context);
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
  // As for one sweep: the first Ctrl-C (or SIGTERM) stops after the trial under way and keeps what every
  // construction measured whole; a second ends at once.
  const stop = new AbortController();
  const releaseInterrupt = deferInterrupt((signal) => {
    context.io.err(
      `${signal}: stopping after the trial under way; the lengths every construction measured whole are kept (again to quit at once)\n`,
    );
    stop.abort();
  });
  let comparison: SweepComparison;
  try {
    comparison = await runSweepComparison(constructions, {
      ...sweepOptionsOf(options, precision),
      signal: stop.signal,
    });
  } finally {
    releaseInterrupt();
  }
  if (stop.signal.aborted) {
    context.exit(ExitCode.interrupted);
    const kept = comparison.sweeps[0]?.params.lengths ?? [];
    if (kept.length === 0)
      return context.io.err('interrupted before two constructions measured a length whole: nothing written\n');
    context.io.err(
      `interrupted: kept ${comparison.sweeps.length} construction(s) on the ${kept.length} length(s) each measured whole (L = ${kept.join(', ')})\n`,
    );
  }
  emitComparison(comparison, { json: options.json === true, outputs }, context.io);
}

/** The sweep's measurement options and kernel from the command line's (everything but the shard, the progress callback and the signal). */
function sweepOptionsOf(options: SweepCliOptions, precision: { epsilon: number; gamma: number }): RunSweepOptions {
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
    kernel: options.kernel,
  };
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
