import type { Verdict } from '../../verification/verdict.js';
import { formatNumber, renderTable } from './table.js';

const WORD = { holds: 'holds', fails: 'FAILS', inconclusive: 'too close' } as const;

/**
 * The human form of a verdict: a headline, one table row per condition with
 * the worst row, its pair, the log-space value next to its limit, and the
 * achieved precision, then one sentence per failing condition. `O(1)`.
 */
export function formatVerdict(verdict: Verdict, title: string): string {
  const r = verdict.worstRatioRow;
  const z = verdict.worstZeroRow;
  const rows: (string | number)[][] = [
    [
      '(R1) ratios',
      WORD[verdict.r1],
      r.row,
      `(${r.j}, ${r.k})`,
      `spread ${formatNumber(r.spread)}`,
      `rho ${formatNumber(verdict.rho)}`,
      `epsilon ${formatNumber(verdict.achievedEpsilon)}`,
      `${verdict.rows.r1.failing} failing`,
    ],
    z === null
      ? [
          '(R2) zeros',
          WORD[verdict.r2],
          '-',
          '-',
          'no zeros',
          `ln gamma ${formatNumber(verdict.logGamma)}`,
          'gamma 0',
          '0 failing',
        ]
      : [
          '(R2) zeros',
          WORD[verdict.r2],
          z.row,
          `(${z.j}, ${z.k})`,
          `margin ${formatNumber(z.margin)}`,
          `ln gamma ${formatNumber(verdict.logGamma)}`,
          `gamma ${formatNumber(verdict.achievedGamma)}`,
          `${verdict.rows.r2.failing} failing`,
        ],
  ];
  let text = `${verdict.status.toUpperCase()}: ${title} (L = ${verdict.L}, d = ${verdict.d}, epsilon = ${verdict.epsilon}, gamma = ${verdict.gamma})\n`;
  text += renderTable(['condition', 'result', 'worst row', 'pair (j, k)', 'value', 'limit', 'achieved', 'rows'], rows);
  if (verdict.r1 === 'fails')
    text += `(R1) fails: in row ${r.row}, (A[${r.row}][${r.j}] / A[${r.row}][${r.k}]) / (W[${r.row}][${r.j}] / W[${r.row}][${r.k}]) = ${formatNumber(Math.exp(r.spread))}, outside [1/(1+epsilon), 1+epsilon] = [${formatNumber(1 / (1 + verdict.epsilon))}, ${formatNumber(1 + verdict.epsilon)}].\n`;
  if (verdict.r2 === 'fails' && z !== null)
    text += `(R2) fails: in row ${z.row}, A[${z.row}][${z.j}] / A[${z.row}][${z.k}] = ${formatNumber(Math.exp(z.margin))} > gamma = ${verdict.gamma}, though W[${z.row}][${z.j}] = 0.\n`;
  if (verdict.reason !== undefined) text += `inconclusive: ${verdict.reason}\n`;
  return text;
}
