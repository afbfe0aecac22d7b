import type { SweepResult } from '../../sweep/sweepResult.js';
import { requiredSuccesses } from '../../sweep/sweepParams.js';
import { formatNumber, renderTable } from './table.js';

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
  const written = [
    files.out !== undefined ? `result: ${files.out}\n` : '',
    files.svg !== undefined ? `picture: ${files.svg}\n` : '',
  ].join('');
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
  const table = renderTable(
    ['L', 'd', 'd in', 'succeed at d', '95% CI', 'half..all', 'd*', 'd*/d', 'L/d', 'evaluations', 'seconds'],
    rows,
  );
  const fit = result.fit;
  const fitLine =
    fit === null
      ? 'fit: needs a measured d at two lengths or more\n'
      : `fit: d ≈ ${fit.intercept.toFixed(2)} + ${fit.slope.toFixed(3)}·ln L (slope ± ${Number.isFinite(fit.slopeStandardError) ? formatNumber(fit.slopeStandardError) : 'n/a with 2 lengths'}, R² = ${fit.rSquared.toFixed(4)}, ${fit.points} lengths); ` +
        `d* ≈ ${fit.dStarIntercept.toFixed(1)} + ${fit.dStarSlope.toFixed(2)}·ln L\n`;
  const c = result.crossover!;
  const measured =
    c.measured === null ? 'not within the swept lengths' : `from L ${c.measuredAtShortest ? '<=' : '='} ${c.measured}`;
  const crossLine = `crossover (d < L, where the trivial exact construction d = L loses): measured d ${measured}${c.fitted !== null ? ` (fitted line: from L = ${c.fitted})` : ''}; d* from L = ${c.dStar ?? 'beyond 2^52'}\n`;
  return `${lines.join('\n')}\n${table}${fitLine}${crossLine}${written}(${result.seconds.toFixed(1)} s)\n`;
}
