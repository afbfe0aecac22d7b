import type { Command } from 'commander';
import { boundSummary } from '../../bound/boundSummary.js';
import { certificateJsonChunks, type Layout, type Projection } from '../../certificates/certificate.js';
import { certificateNumbers, construct, MAX_CERTIFICATE_NUMBERS } from '../../construction/construct.js';
import { InputRangeError } from '../../errors/inputError.js';
import { loadTarget } from '../../io/loadTarget.js';
import { MAX_TEXT_BYTES } from '../../io/readInputFile.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import type { CommandContext } from '../commandContext.js';
import { renderTable } from '../format/table.js';
import { choiceOption, integerOption, openUnitOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';

interface ConstructOptions {
  target: string;
  epsilon: number;
  gamma?: number;
  kappa?: number;
  S?: number;
  delta: number;
  d?: number;
  seed: number;
  layout: Layout;
  projection: Projection;
  out: string;
}

/** `attnproof construct`: the paper's construction (SPEC §3) for a target file, written as a certificate. */
export function registerConstruct(program: Command, context: CommandContext): void {
  program
    .command('construct')
    .description('build inputs X and fixed parameters WQ, WK that approximate a target (SPEC §3)')
    .requiredOption('--target <file>', 'target W as .json ({"L", "entries"}), .mtx (Matrix Market) or a dense .npy array')
    .requiredOption('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0))
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--kappa <k>', "dynamic range bound used by the bound (default: the target's own)", realOption(1, true))
    .option('--S <n>', "sparsity bound to enforce (default: the target's own)", integerOption(1))
    .requiredOption('--delta <p>', 'failure probability 0 < delta < 1 the dimension d* is chosen for', openUnitOption())
    .option('--d <n>', 'query dimension (default: d* of SPEC §4)', integerOption(1))
    .option('--seed <n>', 'seed of the random projection', integerOption(0), 1)
    .option('--layout <name>', 'projected (m = 2d) or fixed (m = 2L, parameters independent of the target)', choiceOption(['projected', 'fixed'] as const), 'projected')
    .option('--projection <name>', 'gaussian or rademacher', choiceOption(['gaussian', 'rademacher'] as const), 'gaussian')
    .requiredOption('--out <file>', 'where to write the certificate JSON')
    .action((options: ConstructOptions) => {
      const precision = resolvePrecision(options);
      const target = loadTarget(options.target, options.S);
      const S = options.S ?? target.sparsity;
      const kappa = options.kappa ?? target.kappa;
      if (options.kappa !== undefined) {
        const row = rowAboveRange(target, options.kappa);
        if (row !== undefined)
          throw new InputRangeError(`${options.kappa} is below the target's dynamic range ${target.kappa.toPrecision(6)} (row ${row.row} alone has ${row.ratio.toPrecision(6)})`, { file: options.target, field: '--kappa' });
      }
      const bound = boundSummary({ L: target.L, S, ...precision, kappa, delta: options.delta });
      const d = options.d ?? bound.dStar;
      // d* from the bound can be astronomically large (epsilon 1e-6 gives about 10^16): say so, rather than
      // letting construct() name a --d the user never gave.
      const numbers = certificateNumbers(target.L, d, options.layout);
      if (options.d === undefined && numbers > MAX_CERTIFICATE_NUMBERS)
        throw new InputRangeError(
          `the bound's d* = ${d} for these parameters would need a certificate of ${numbers.toPrecision(4)} numbers, ` +
            `more than the ${MAX_CERTIFICATE_NUMBERS} attnproof builds; pass a smaller --d, or a larger --epsilon or --delta`,
          { field: 'd*' },
        );
      const started = performance.now();
      const certificate = construct(target, { ...precision, d, seed: options.seed, layout: options.layout, projection: options.projection });
      const seconds = (performance.now() - started) / 1000;
      writeFileAtomic(options.out, readableBack(certificateJsonChunks(certificate), options.out));
      context.io.out(
        renderTable(
          ['L', 'S', 'kappa', 'epsilon', 'gamma', 'd*', 'd', 'm', 'layout', 'seed', 'seconds'],
          [[target.L, S, kappa, precision.epsilon, precision.gamma, bound.dStar, d, certificate.X.cols, options.layout, options.seed, seconds]],
        ) +
          `wrote ${options.out}\n` +
          `check it: attnproof verify --target ${options.target} --certificate ${options.out} --epsilon ${precision.epsilon} --gamma ${precision.gamma}\n`,
      );
    });
}

/**
 * The first row whose dynamic range `max W / min W` exceeds `kappa`, with that
 * ratio, or `undefined` when every row is within `kappa`. The ratio is one
 * correctly rounded division of the stored values, so a row whose exact range
 * is `<= kappa` is never reported; comparing `ln max − ln min` with `ln kappa`
 * instead would reject rows such as `[0.7, 0.35]` against `kappa = 2` on a
 * last-bit rounding of the logarithms. A range beyond the double range divides
 * to `Infinity` and is reported. `O(nnz)`.
 */
function rowAboveRange(target: SparseTarget, kappa: number): { row: number; ratio: number } | undefined {
  for (let i = 0; i < target.L; i++) {
    let lo = Infinity;
    let hi = 0;
    for (let p = target.rowPtr[i]!; p < target.rowPtr[i + 1]!; p++) {
      const v = target.values[p]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const ratio = hi / lo;
    if (ratio > kappa) return { row: i, ratio };
  }
  return undefined;
}

/**
 * The certificate's JSON chunks, refusing (before the file is renamed into place, so nothing is written)
 * a certificate whose text would be longer than `attnproof verify --certificate` reads back.
 */
function* readableBack(chunks: Iterable<string>, out: string): Generator<string, void, undefined> {
  let length = 0; // JSON of numbers is ASCII: characters are bytes
  for (const chunk of chunks) {
    length += chunk.length;
    if (length > MAX_TEXT_BYTES)
      throw new InputRangeError(`the certificate's JSON would be over ${MAX_TEXT_BYTES} bytes, more than verify --certificate reads back; nothing was written (use a smaller --d)`, { file: out });
    yield chunk;
  }
}
