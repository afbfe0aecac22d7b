import type { Construction } from '../construction/construction.js';
import { InputRangeError } from '../errors/inputError.js';
import { certificateMagnitude } from '../harness/certificateBits.js';
import { precisionLogs } from '../precision/precision.js';
import { deriveSeed } from '../random/deriveSeed.js';
import type { VerdictStatus } from '../verification/verdict.js';
import { verifyCertificate } from '../verification/verifyCertificate.js';
import { frontierTarget, type FrontierPattern } from './frontierTarget.js';

/** Value of {@link FrontierResult.format}. */
export const FRONTIER_FORMAT = 'attnproof-frontier/1';

/** What a frontier measures. */
export interface FrontierOptions {
  readonly S: readonly number[];
  readonly lengths: readonly number[];
  readonly pattern: FrontierPattern;
  readonly epsilon: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly seed: number;
  /**
   * After the first length an `S` is not verified at, measure only `d` and `bits` at the
   * longer ones (verdict `'not-run'`): beyond the frontier the verifier re-checks every
   * undecided row in compensated arithmetic, the costliest case. Default `false`.
   */
  readonly stopAtFrontier?: boolean;
  /** Called after each row, for progress lines. */
  readonly onRow?: (row: FrontierRow) => void;
}

/** One `(S, L, pattern)`: the construction at its own `d0`, judged by the exact verifier. */
export interface FrontierRow {
  readonly S: number;
  readonly L: number;
  readonly pattern: FrontierPattern;
  readonly d: number;
  /** `log2 max_i sum_t |Q_it|·max_j |K_jt|` (see `certificateMagnitude`): the bits the logits cancel. */
  readonly bits: number;
  /** The exact verifier's verdict; `'not-run'` past the frontier with `stopAtFrontier`. */
  readonly verdict: VerdictStatus | 'not-run';
  /** `null` when not run. */
  readonly achievedEpsilon: number | null;
  readonly achievedGamma: number | null;
  /** Construct and verify, wall clock. */
  readonly seconds: number;
}

/** The frontier of one `S`: the largest length verified (`null`: none). */
export interface FrontierLimit {
  readonly S: number;
  readonly pattern: FrontierPattern;
  readonly largestL: number | null;
  readonly bits: number | null;
}

export interface FrontierResult {
  readonly format: typeof FRONTIER_FORMAT;
  readonly construction: string;
  readonly params: Omit<FrontierOptions, 'onRow' | 'stopAtFrontier'>;
  readonly rows: readonly FrontierRow[];
  readonly largest: readonly FrontierLimit[];
}

/**
 * The precision frontier of a deterministic construction (SPEC §7, "Where float64
 * ends"): for each `S` and each length `L` (ascending), a seeded target with `S`
 * entries per row in the given pattern ({@link frontierTarget}; clustered on the
 * construction's own geometry), the certificate at the construction's `d0`, its
 * `bits`, and the exact verifier's verdict — pass, fail, or inconclusive where the
 * rounding bounds cannot decide (never a wrong verdict). Ends with the largest `L`
 * verified per `S`. `O(sum L²·d0)` (the verifier dominates).
 *
 * @example
 * const r = await runFrontier(lagrangeCircle, { S: [1], lengths: [1024], pattern: 'random', epsilon: 0.5, gamma: 0.5, kappa: 2, seed: 1 });
 * r.rows[0]; // { S: 1, L: 1024, pattern: 'random', d: 3, bits: 19.3, verdict: 'pass', ... }
 * @throws {InputRangeError} for a construction without its own `d0` (a random one), a bad precision, or what the construction refuses.
 */
export async function runFrontier(construction: Construction, options: FrontierOptions): Promise<FrontierResult> {
  const baseDimension = construction.baseDimension;
  if (construction.kind !== 'deterministic' || baseDimension === undefined)
    throw new InputRangeError(
      `the frontier is measured for a deterministic construction (lagrange-circle, lagrange-torus), not ${construction.name}`,
      { field: 'construction' },
    );
  const { epsilon, gamma } = precisionLogs(options);
  const geometry = construction.name.includes('torus') ? 'torus' : 'circle';
  const lengths = [...options.lengths].sort((a, b) => a - b);
  const rows: FrontierRow[] = [];
  for (const S of options.S) {
    let beyond = false;
    for (const L of lengths) {
      const started = performance.now();
      const target = frontierTarget({
        L,
        S,
        pattern: options.pattern,
        geometry,
        kappa: options.kappa,
        seed: deriveSeed(deriveSeed(options.seed, S), L),
      });
      const d = baseDimension(target.maxRowCount);
      const cert = await construction.construct(target, { epsilon, gamma, d });
      const verdict =
        beyond && options.stopAtFrontier === true ? null : verifyCertificate(target, cert, { epsilon, gamma });
      if (verdict !== null && verdict.status !== 'pass') beyond = true;
      const row: FrontierRow = {
        S,
        L,
        pattern: options.pattern,
        d,
        bits: Math.log2(certificateMagnitude(cert)),
        verdict: verdict?.status ?? 'not-run',
        achievedEpsilon: verdict?.achievedEpsilon ?? null,
        achievedGamma: verdict?.achievedGamma ?? null,
        seconds: (performance.now() - started) / 1000,
      };
      rows.push(row);
      options.onRow?.(row);
    }
  }
  const largest = options.S.map((S) => {
    const passed = rows.filter((r) => r.S === S && r.verdict === 'pass');
    const top = passed[passed.length - 1];
    return { S, pattern: options.pattern, largestL: top?.L ?? null, bits: top?.bits ?? null };
  });
  const { onRow: _, stopAtFrontier: __, ...params } = options;
  return {
    format: FRONTIER_FORMAT,
    construction: construction.name,
    params: { ...params, lengths, epsilon, gamma },
    rows,
    largest,
  };
}
