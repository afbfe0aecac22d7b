import type { Verdict } from '../../src/verification/verdict.js';

/** A verdict in one line: status, and each condition that does not hold with its worst row and pair. */
export function formatVerdictLine(verdict: Verdict): string {
  const parts: string[] = [verdict.status];
  const r = verdict.worstRatioRow;
  if (verdict.r1 !== 'holds')
    parts.push(
      `(R1) ${verdict.r1} in row ${r.row}, pair (${r.j}, ${r.k}): spread ${r.spread.toPrecision(6)} vs rho ${verdict.rho.toPrecision(6)} (achieved epsilon ${verdict.achievedEpsilon.toPrecision(4)})`,
    );
  const z = verdict.worstZeroRow;
  if (verdict.r2 !== 'holds' && z !== null)
    parts.push(
      `(R2) ${verdict.r2} in row ${z.row}, zero ${z.j} vs support ${z.k}: margin ${z.margin.toPrecision(6)} vs ln gamma ${verdict.logGamma.toPrecision(6)} (achieved gamma ${verdict.achievedGamma.toPrecision(4)})`,
    );
  if (verdict.reason !== undefined) parts.push(verdict.reason);
  return parts.join('; ');
}
