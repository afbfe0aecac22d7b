import type { Command } from 'commander';
import { boundSummary } from '../../bound/boundSummary.js';
import { certificateJsonChunks, type Layout, type Projection } from '../../certificates/certificate.js';
import { certificateNumbers, MAX_CERTIFICATE_NUMBERS } from '../../construction/construct.js';
import { constructionNamed } from '../../harness/constructions.js';
import { InputRangeError } from '../../errors/inputError.js';
import { loadTarget } from '../../io/loadTarget.js';
import { MAX_TEXT_BYTES } from '../../io/readInputFile.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import type { CommandContext } from '../commandContext.js';
import { renderTable } from '../format/table.js';
import { choiceOption, integerOption, openUnitOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';
import { openOutputs, reportWriter } from '../outputFile.js';
import { DEFAULT_SEED, seedOption } from '../seedOption.js';

interface ConstructOptions {
  target: string;
  epsilon: number;
  gamma?: number;
  kappa?: number;
  S?: number;
  delta?: number;
  d?: number;
  construction: string;
  seed: number;
  layout: Layout | 'auto';
  projection: Projection;
  out: string;
}

/**
 * `attnproof construct`: a construction (the paper's, docs/theorem.md §3, by default; or one of docs/theorem.md §7) for a target
 * file, written as a certificate. Without `--d`: `d*` for the random constructions (which needs `--delta`),
 * the construction's own `d0` for the deterministic ones.
 */
export function registerConstruct(program: Command, context: CommandContext): void {
  program
    .command('construct')
    .description('build inputs X and fixed parameters WQ, WK that approximate a target (docs/theorem.md §3)')
    .requiredOption(
      '--target <file>',
      'target W as .json ({"L", "entries"}), .mtx (Matrix Market) or a dense .npy array',
    )
    .requiredOption('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0))
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--kappa <k>', "dynamic range bound used by the bound (default: the target's own)", realOption(1, true))
    .option('--S <n>', "sparsity bound to enforce (default: the target's own)", integerOption(1))
    .option(
      '--construction <name>',
      'paper (default; alias builtin), exact-support, lagrange-circle or lagrange-torus (docs/theorem.md §7)',
      'paper',
    )
    .option(
      '--delta <p>',
      'failure probability 0 < delta < 1 the dimension d* is chosen for (required for a random construction unless --d is given)',
      openUnitOption(),
    )
    .option(
      '--d <n>',
      "query dimension (default: d* of the bound, docs/theorem.md §4, for a random construction; the construction's own d0 for a deterministic one)",
      integerOption(1),
    )
    .option('--seed <n>', 'seed of the random projection (an integer, or "random")', seedOption, DEFAULT_SEED)
    .option(
      '--layout <name>',
      'projected (m = 2d), fixed (m = 2L, parameters independent of the target), or auto: the one with the smaller certificate',
      choiceOption(['auto', 'projected', 'fixed'] as const),
      'auto',
    )
    .option(
      '--projection <name>',
      'gaussian or rademacher',
      choiceOption(['gaussian', 'rademacher'] as const),
      'gaussian',
    )
    .requiredOption('--out <file>', 'where to write the certificate JSON ("-" for standard output)')
    .action(async (options: ConstructOptions) => {
      const precision = resolvePrecision(options);
      const [out] = openOutputs(context.io, { json: false }, ['--out', options.out]);
      const target = loadTarget(options.target, options.S);
      const S = options.S ?? target.sparsity;
      const kappa = options.kappa ?? target.kappa;
      if (options.kappa !== undefined) {
        const row = rowAboveRange(target, options.kappa);
        if (row !== undefined)
          throw new InputRangeError(
            `${options.kappa} is below the target's dynamic range ${target.kappa.toPrecision(6)} (row ${row.row} alone has ${row.ratio.toPrecision(6)})`,
            { file: options.target, field: '--kappa' },
          );
      }
      const construction = constructionNamed(options.construction);
      const d0 = construction.baseDimension?.(target.maxRowCount);
      if (options.d !== undefined && d0 !== undefined && options.d < d0)
        throw new InputRangeError(
          `${construction.name} needs d >= ${d0} for this target (rows of up to ${target.maxRowCount} entries), got ${options.d}`,
          { field: '--d' },
        );
      if (d0 !== undefined && options.layout === 'fixed')
        throw new InputRangeError(`${construction.name} builds the projected layout only, got fixed`, {
          field: '--layout',
        });
      const bound =
        options.delta === undefined
          ? undefined
          : boundSummary({ L: target.L, S, ...precision, kappa, delta: options.delta });
      const d = options.d ?? d0 ?? bound?.dStar;
      if (d === undefined)
        throw new InputRangeError(
          `is required unless --d is given (d* is chosen for failure probability delta; the ${construction.name} construction has no d0 of its own)`,
          { field: '--delta' },
        );
      // A deterministic construction enforces its own certificate limit, naming S when d0 is too large.
      const layout =
        d0 !== undefined
          ? 'projected'
          : chooseLayout(target.L, d, options.layout, options.d === undefined ? "the bound's d*" : '--d');
      const started = performance.now();
      const certificate = await construction.construct(target, {
        ...precision,
        d,
        seed: options.seed,
        layout,
        projection: options.projection,
      });
      const seconds = (performance.now() - started) / 1000;
      out!.write(readableBack(certificateJsonChunks(certificate), options.out));
      reportWriter(context.io, [out])(
        renderTable(
          ['construction', 'L', 'S', 'kappa', 'epsilon', 'gamma', 'd*', 'd', 'm', 'layout', 'seed', 'seconds'],
          [
            [
              construction.name,
              target.L,
              S,
              kappa,
              precision.epsilon,
              precision.gamma,
              bound?.dStar ?? '-',
              d,
              certificate.X.cols,
              layout,
              d0 === undefined ? options.seed : '-',
              seconds,
            ],
          ],
        ) +
          `wrote ${options.out}\n` +
          `check it: attnproof verify --target ${options.target} --certificate ${options.out} --epsilon ${precision.epsilon} --gamma ${precision.gamma}\n`,
      );
    });
}

/**
 * The layout to build: the one asked for, or with `auto` the one whose certificate holds fewer numbers
 * (`m = 2d` against `m = 2L`: the fixed layout wins once `d` is above about `L/2`). A certificate over
 * {@link MAX_CERTIFICATE_NUMBERS} is refused here, naming the other layout when that one would fit.
 * `O(1)`.
 *
 * @throws {InputRangeError} when the certificate would be too large.
 */
function chooseLayout(L: number, d: number, asked: Layout | 'auto', source: string): Layout {
  const size = (layout: Layout): number => certificateNumbers(L, d, layout);
  const layout: Layout = asked !== 'auto' ? asked : size('fixed') < size('projected') ? 'fixed' : 'projected';
  if (size(layout) <= MAX_CERTIFICATE_NUMBERS) return layout;
  const other: Layout = layout === 'fixed' ? 'projected' : 'fixed';
  const hint =
    size(other) <= MAX_CERTIFICATE_NUMBERS ? `use --layout ${other} (${size(other).toPrecision(4)} numbers), or ` : '';
  throw new InputRangeError(
    `${source} = ${d} for L = ${L} would need a ${layout} certificate of ${size(layout).toPrecision(4)} numbers, more than the ${MAX_CERTIFICATE_NUMBERS} attnproof builds; ` +
      `${hint}pass a smaller --d, or a larger --epsilon or --delta`,
    { field: source === '--d' ? '--d' : 'd*' },
  );
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
      throw new InputRangeError(
        `the certificate's JSON would be over ${MAX_TEXT_BYTES} bytes, more than verify --certificate reads back; nothing was written (use a smaller --d)`,
        { file: out },
      );
    yield chunk;
  }
}
