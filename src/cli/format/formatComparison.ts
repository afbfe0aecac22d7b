import { toJsonText } from '../../io/jsonText.js';
import { renderComparisonSvg } from '../../sweep/renderComparisonSvg.js';
import type { SweepComparison } from '../../sweep/sweepComparison.js';
import type { CliIo } from '../cliIo.js';
import type { OutputFile } from '../outputFile.js';
import { reportWriter } from '../outputFile.js';
import { renderTable } from './table.js';

/**
 * The human report of a comparison: one row per length with `d*`, a column per
 * construction (its measured `d`, `> maxD` when none), and each construction's `d`
 * over the first one's; then each one's fit. `O(constructions × lengths)`.
 *
 * @example
 * formatComparison(comparison).split('\n')[1]; // '   L    d*  paper  exact-support  exact-support/paper  …'
 */
export function formatComparison(comparison: SweepComparison, files: { svg?: string; out?: string } = {}): string {
  const [first, ...others] = comparison.sweeps;
  if (first === undefined) return '';
  const p = first.params;
  const names = comparison.sweeps.map((s) => s.params.construction);
  const rows = first.rows.map((row, k) => {
    const ds = comparison.sweeps.map((s) => s.rows[k]!.d);
    const base = ds[0];
    return [
      row.L,
      row.dStar,
      ...ds.map((d, c) => d ?? `> ${comparison.sweeps[c]!.rows[k]!.maxD}`),
      ...ds
        .slice(1)
        .map((d) => (d === null || base === null || base === undefined ? '-' : Number((d / base).toFixed(3)))),
    ];
  });
  const head =
    `attnproof sweep: ${names.join(' vs ')}; ${p.pattern} targets with S = ${p.S}, kappa = ${p.kappa}; epsilon = ${p.epsilon}, gamma = ${p.gamma}; ` +
    `${p.trials} trials per length (the same targets and seeds for every construction), seed ${p.seed}\n` +
    `d = smallest d at which at least ${Math.round(p.success * 100)} % of the trials succeed (grid step ${p.resolution * 100} %); d* for delta = ${p.delta}\n`;
  const table = renderTable(['L', 'd*', ...names, ...others.map((s) => `${s.params.construction}/${names[0]}`)], rows);
  const fits = comparison.sweeps
    .map(
      (s) =>
        `fit ${s.params.construction}: ${s.fit === null ? 'needs a measured d at two lengths or more' : `d ≈ ${s.fit.intercept.toFixed(2)} + ${s.fit.slope.toFixed(3)}·ln L (R² = ${s.fit.rSquared.toFixed(4)})`}\n`,
    )
    .join('');
  const written = [
    files.out !== undefined ? `result: ${files.out}\n` : '',
    files.svg !== undefined ? `picture: ${files.svg}\n` : '',
  ].join('');
  return `${head}${table}${fits}${written}(${comparison.seconds.toFixed(1)} s)\n`;
}

/** Prints a comparison (table or `--json`) and writes its `--out` JSON and `--svg` picture, opened before the run. */
export function emitComparison(
  comparison: SweepComparison,
  options: { json: boolean; outputs: ReadonlyArray<OutputFile | undefined> },
  io: CliIo,
): void {
  const [out, svg] = options.outputs;
  out?.write(`${toJsonText(comparison, 1)}\n`);
  svg?.write(renderComparisonSvg(comparison));
  if (options.json) io.out(`${toJsonText(comparison)}\n`);
  else
    reportWriter(
      io,
      options.outputs,
    )(
      formatComparison(comparison, {
        ...(svg !== undefined ? { svg: svg.path } : {}),
        ...(out !== undefined ? { out: out.path } : {}),
      }),
    );
}
