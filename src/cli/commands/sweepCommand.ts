import { dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { breaksProtocol, type ImplementationError } from '../../errors/implementationError.js';
import { InputRangeError, isInputError } from '../../errors/inputError.js';
import { TARGET_PATTERNS } from '../../generators/index.js';
import type { TargetPattern } from '../../generators/sparseTarget.js';
import { toJsonText } from '../../io/jsonText.js';
import { ProtocolViolation } from '../../protocol/protocolViolation.js';
import { saveRequest } from '../../protocol/saveRequest.js';
import { renderSweepSvg } from '../../sweep/renderSweepSvg.js';
import { runSweep, type SweepProgress } from '../../sweep/runSweep.js';
import type { SweepResult } from '../../sweep/sweepResult.js';
import { requiredSuccesses, SWEEP_DEFAULTS } from '../../sweep/sweepParams.js';
import { parseShardSpec, type ShardSpec } from '../../sweep/shardSpec.js';
import type { CliIo } from '../cliIo.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { formatNumber, renderTable } from '../format/table.js';
import { choiceOption, integerOption, openUnitOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';
import { IMPL_PREFIX, MODULE_PREFIX, openConstruction } from '../resolveConstruction.js';
import { seedOption } from '../seedOption.js';
import { constructionNamed } from '../../harness/constructions.js';
import { runSweepComparison } from '../../sweep/sweepComparison.js';
import { emitComparison } from '../format/formatComparison.js';
import { DEFAULT_CORPUS } from './checkCommand.js';
import { openOutputs, reportWriter, type OutputFile } from '../outputFile.js';
import { probeOption } from '../probeOption.js';
import { statusLine } from '../format/statusLine.js';
import { ensureDirectory } from '../../io/ensureDirectory.js';

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
    .description('measure, per sequence length L, the smallest query dimension d at which the construction succeeds in a given fraction of trials, next to d* and L; fit d ≈ a + b·ln L')
    .option('--L <list>', `sequence lengths, comma-separated integers from 2 to 2^24, or the option repeated (default: ${DEFAULT_LENGTHS.join(',')})`, lengthsOption)
    .option('--S <n>', 'sparsity of the targets: positive entries per row and column', integerOption(1), 1)
    .option('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0), 0.9)
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--kappa <k>', 'dynamic range bound of the targets, >= 1', realOption(1, true), 1)
    .option('--delta <p>', 'failure probability of the d* shown for comparison', openUnitOption(), SWEEP_DEFAULTS.delta)
    .option('--pattern <name>', `sparsity pattern of the targets (${TARGET_PATTERNS.join(', ')})`, choiceOption(TARGET_PATTERNS), SWEEP_DEFAULTS.pattern)
    .option('--trials <n>', 'independent trials per length', integerOption(1, 100_000), SWEEP_DEFAULTS.trials)
    .option('--success <f>', 'fraction of the trials that must succeed, in (0, 1]', fractionOption, SWEEP_DEFAULTS.success)
    .option('--resolution <r>', 'relative step of the grid of dimensions searched, in (0, 1]', fractionOption, SWEEP_DEFAULTS.resolution)
    .option('--max-d <n>', 'search dimensions up to n at every length (default: d* of each length)', integerOption(1))
    .option('--construction <name>', 'construction under test: paper (default; alias builtin), exact-support, lagrange-circle, lagrange-torus, negative:<defect>, impl:<command>, module:<path>; a comma-separated list (paper,exact-support,…) compares them on the same targets and seeds')
    .option('--impl <command>', 'measure an implementation in any language instead, over the stdio protocol of docs/theorem.md §5')
    .option('--module <path>', 'measure a JavaScript module exporting construct(target, params) instead')
    .option('--timeout <seconds>', 'longest wait for one answer of an outside implementation', realOption(0), 60)
    .option('--startup-timeout <seconds>', 'extra time for the first answer (imports, JIT)', realOption(0, true), 30)
    .option('--json', 'print the result as one JSON object (what attnproof merge reads)')
    .option('--out <file>', 'also write the JSON result to a file ("-" for standard output)')
    .option('--svg <file>', 'draw d against L (measured, fit, d*, d = L) into an SVG file')
    .option('--shard <K/N>', 'run only shard K of N of the trials (merge the outputs with attnproof merge)', shardOption)
    .option('--seed <n>', 'seed of the targets and projections (an integer, or "random")', seedOption, SWEEP_DEFAULTS.seed)
    .option('--corpus <dir>', 'output folder: where the request that broke an outside implementation is saved for replay (under requests/)', DEFAULT_CORPUS)
    .option('--no-record', 'do not save that request')
    .action(async (options: SweepCliOptions) => {
      const { epsilon, gamma } = resolvePrecision(options);
      const outputs = openOutputs(context.io, { json: options.json === true }, ['--out', options.out], ['--svg', options.svg]);
      if (options.record && options.impl !== undefined) probeOption('--corpus', options.corpus);
      const given = (['construction', 'impl', 'module'] as const).filter((k) => options[k] !== undefined);
      if (given.length > 1) throw new InputRangeError(`give one of --construction, --impl and --module, not ${given.map((k) => `--${k}`).join(' and ')}`, { field: `--${given[1]}` });
      if (options.svg !== undefined && options.shard !== undefined && options.shard.count > 1)
        throw new InputRangeError(`one shard cannot be drawn: merge the shards and draw the whole sweep (attnproof merge FILES… --svg ${options.svg})`, { field: '--svg' });
      const names = (options.construction ?? '').split(',').map((n) => n.trim());
      if (names.length > 1) return compareConstructions(names, options, { epsilon, gamma }, outputs, context);
      const name = options.impl !== undefined ? `${IMPL_PREFIX}${options.impl}` : options.module !== undefined ? `${MODULE_PREFIX}${options.module}` : (options.construction ?? 'paper');
      // Opened last, after every check of the options, and closed whatever happens.
      const opened = await openConstruction(name, { timeoutMs: options.timeout * 1000, startupTimeoutMs: options.startupTimeout * 1000 });
      const bar = context.io.interactive && options.json !== true ? sweepProgressBar(context.io) : undefined;
      let result: SweepResult;
      try {
        result = await runSweep(opened.construction, {
          lengths: options.L ?? DEFAULT_LENGTHS, S: options.S, epsilon, gamma, kappa: options.kappa, delta: options.delta, pattern: options.pattern,
          trials: options.trials, success: options.success, resolution: options.resolution, seed: options.seed,
          ...(options.maxD !== undefined ? { maxD: options.maxD } : {}),
          ...(options.shard !== undefined ? { shard: options.shard } : {}),
          ...(bar !== undefined ? { onProgress: bar } : {}),
        });
      } catch (error) {
        // A half-drawn bar must not prefix the error message.
        if (bar !== undefined) context.io.err('\r\x1b[2K');
        if (!breaksProtocol(error)) throw error;
        return reportBroken(error, options, context);
      } finally {
        await opened.close();
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
  if (options.shard !== undefined && options.shard.count > 1) throw new InputRangeError('a comparison of constructions cannot be sharded; shard each construction on its own', { field: '--shard' });
  const constructions = names.map(constructionNamed);
  const comparison = await runSweepComparison(constructions, {
    lengths: options.L ?? DEFAULT_LENGTHS, S: options.S, ...precision, kappa: options.kappa, delta: options.delta, pattern: options.pattern,
    trials: options.trials, success: options.success, resolution: options.resolution, seed: options.seed,
    ...(options.maxD !== undefined ? { maxD: options.maxD } : {}),
  });
  emitComparison(comparison, { json: options.json === true, outputs }, context.io);
}

/**
 * Exit 3: the implementation broke the protocol (docs/theorem.md §6). One line on stderr;
 * the request that caused it is saved (as `attnproof validate` does) with the
 * command that replays it.
 */
function reportBroken(error: ImplementationError, options: SweepCliOptions, context: CommandContext): void {
  let text = `attnproof sweep: the implementation broke the protocol. ${error.message}`;
  if (error instanceof ProtocolViolation && error.request !== undefined && options.record && options.impl !== undefined) {
    const path = join(options.corpus, 'requests', `sweep-${error.kind}-seed${options.seed}-id${error.request.id}.json`);
    try {
      ensureDirectory(dirname(path));
      saveRequest(path, error.request);
      text += ` The request was saved to ${path}; replay it with: attnproof replay --request ${path} --impl ${JSON.stringify(options.impl)}`;
    } catch (cause) {
      text += ` (The request could not be saved to ${path}: ${cause instanceof Error ? cause.message : String(cause)}.)`;
    }
  }
  context.io.err(`${text.replace(/\s*\n\s*/g, ' ')}\n`);
  context.exit(ExitCode.implementationBroke);
}

/**
 * Prints a sweep result (table or JSON) and writes the requested files, `outputs` being the `--out` (JSON)
 * and `--svg` (picture) files opened before the run (see `openOutputs`); shared by `sweep`, `merge` and
 * `demo`. The table goes to standard error when one of the files is standard output.
 */
export function emitSweep(result: SweepResult, options: { json: boolean; outputs: ReadonlyArray<OutputFile | undefined>; command: string }, context: CommandContext): void {
  const [out, svg] = options.outputs;
  out?.write(`${toJsonText(result, 1)}\n`);
  svg?.write(renderSweepSvg(result));
  if (options.json) context.io.out(`${toJsonText(result)}\n`);
  else reportWriter(context.io, options.outputs)(formatSweepReport(result, { command: options.command, ...(svg !== undefined ? { svg: svg.path } : {}), ...(out !== undefined ? { out: out.path } : {}) }));
}

/**
 * The human report of a sweep: what was measured and how, the table (one row
 * per length: measured `d`, the grid step below it, the successes at `d` with
 * their 95 % interval, the spread from half to all trials, `d*`, `d* ÷ d`, `L ÷ d`),
 * the fit, the crossovers and the files written. A shard's partial result
 * gets a one-line summary instead. `O(rows)`.
 */
export function formatSweepReport(result: SweepResult, files: { command: string; svg?: string; out?: string }): string {
  const p = result.params;
  const head =
    `attnproof ${files.command}: ${p.construction}; ${p.pattern} targets with S = ${p.S}, kappa = ${p.kappa}; epsilon = ${p.epsilon}, gamma = ${p.gamma}; ` +
    `${p.trials} trials per length, seed ${p.seed}\n`;
  const written = [files.out !== undefined ? `result: ${files.out}\n` : '', files.svg !== undefined ? `picture: ${files.svg}\n` : ''].join('');
  if (!result.complete) {
    const { count, included } = result.shards;
    return (
      head +
      `shard ${included.join(', ')} of ${count}: ran ${result.trials.length} trials in ${result.seconds.toFixed(1)} s; ` +
      `no rows until every shard's output is merged (attnproof merge shard*.json)\n` +
      written
    );
  }
  const k = requiredSuccesses(p.success, p.trials);
  const seconds = new Map(result.timing.map((t) => [t.L, t.seconds]));
  const dash = '-';
  const rows = result.rows.map((r) => [
    r.L,
    r.d ?? `> ${r.maxD}`,
    r.d === null ? dash : `(${r.dBelow ?? 0}, ${r.d}]`,
    `${r.successes}/${r.trials}`,
    `${r.successLower.toFixed(2)}-${r.successUpper.toFixed(2)}`,
    `${r.dHalf ?? '?'}..${r.dAll ?? `>${r.maxD}`}`,
    r.dStar,
    r.dStarOverD === null ? dash : Number(r.dStarOverD.toFixed(2)),
    r.lOverD === null ? dash : Number(r.lOverD.toFixed(2)),
    r.evaluations,
    Number((seconds.get(r.L) ?? 0).toFixed(2)),
  ]);
  const lines: string[] = [
    head.trimEnd(),
    `d = smallest d at which at least ${k} of ${p.trials} trials succeed, on a grid of step ${formatNumber(p.resolution * 100)} % (each trial's switching point found by bisection up to ${p.maxD === null ? 'd*' : p.maxD}); d* for delta = ${p.delta}`,
  ];
  const table = renderTable(['L', 'd', 'd in', 'succeed at d', '95% CI', 'half..all', 'd*', 'd*/d', 'L/d', 'evaluations', 'seconds'], rows);
  const fit = result.fit;
  const fitLine =
    fit === null
      ? 'fit: needs a measured d at two lengths or more\n'
      : `fit: d ≈ ${fit.intercept.toFixed(2)} + ${fit.slope.toFixed(3)}·ln L (slope ± ${Number.isFinite(fit.slopeStandardError) ? formatNumber(fit.slopeStandardError) : 'n/a with 2 lengths'}, R² = ${fit.rSquared.toFixed(4)}, ${fit.points} lengths); ` +
        `d* ≈ ${fit.dStarIntercept.toFixed(1)} + ${fit.dStarSlope.toFixed(2)}·ln L\n`;
  const c = result.crossover!;
  const measured = c.measured === null ? 'not within the swept lengths' : `from L ${c.measuredAtShortest ? '<=' : '='} ${c.measured}`;
  const crossLine = `crossover (d < L, where the trivial exact construction d = L loses): measured d ${measured}${c.fitted !== null ? ` (fitted line: from L = ${c.fitted})` : ''}; d* from L = ${c.dStar ?? 'beyond 2^52'}\n`;
  return `${lines.join('\n')}\n${table}${fitLine}${crossLine}${written}(${result.seconds.toFixed(1)} s)\n`;
}

/**
 * A progress bar with a time estimate on stderr, redrawn in place at most ten
 * times a second: share of the expected work done, the length being measured,
 * elapsed time and the estimated time left (elapsed · (1 − f)/f, shown once a
 * few percent are done). For terminals only; the caller decides.
 */
export function sweepProgressBar(io: CliIo, width = 28): (progress: SweepProgress) => void {
  const bar = statusLine(io);
  let lastDraw = -Infinity;
  return (p) => {
    const now = performance.now();
    const finished = p.trialsDone === p.trialsTotal;
    if (!finished && now - lastDraw < 100) return;
    lastDraw = now;
    const filled = Math.round(p.fraction * width);
    const eta = p.fraction >= 0.02 && p.elapsedSeconds >= 1 ? `, about ${clock((p.elapsedSeconds * (1 - p.fraction)) / p.fraction)} left` : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(p.fraction * 100)).padStart(3)}%  L = ${p.L}, trial ${p.lengthTrialsDone}/${p.lengthTrialsTotal} of this length, ${clock(p.elapsedSeconds)} elapsed${eta}`;
    bar.draw(finished ? '' : line);
  };
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The longest sequence length attnproof accepts (as everywhere: `L <= 2^24`). */
const MAX_LENGTH = 2 ** 24;

/** `--L 16,64,256` (or repeated, `--L 16 --L 64`: the lists are joined): distinct integers from 2 to 2^24. */
function lengthsOption(value: string, previous: number[] | undefined): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const lengths = parts.map((s) => {
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new InvalidArgumentError(`expected comma-separated integers such as 16,64,256, got "${value}"`);
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
