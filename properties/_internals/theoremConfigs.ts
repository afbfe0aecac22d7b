import type { SparseTargetConstraints } from '../../src/generators/sparseTarget.js';

/** A parameter set of the theorem: what targets are generated and which precision is asked. */
export interface TheoremConfig {
  readonly name: string;
  readonly S: number;
  readonly epsilon: number;
  readonly gamma: number;
  readonly kappa: number;
  /** Target generator constraints (their `S` and `kappa` are the config's). */
  readonly targets: SparseTargetConstraints;
}

/**
 * Share of `S >= 2` targets drawn in full form (see `fullRows` of the
 * generator): with it, 55–75 % of the rows of these sets have `S` entries
 * (measured by test/generators/theoremConfigRows.test.ts, which holds it
 * above one half) while rows of one entry still make up 20–28 %.
 */
export const FULL_ROWS = 0.7;

/**
 * The parameter sets the theorem properties run over: permutations at the
 * loose precision of the reference rows, then rows of up to `S` entries with
 * dynamic range `kappa` from 2 to 100 (so `ln(W/min)`, the ratio part of the
 * construction, spans up to 4.6 and a construction that gets it wrong breaks
 * (R1) or (R2) on some row). Most rows are full ({@link FULL_ROWS}). `d*` is in
 * the thousands to tens of thousands, so `L` is kept small and the trials use
 * the fixed layout (`m = 2L`) above `PROJECTED_LAYOUT_MAX_D`. The first two are
 * also the predicted-failure-rate property's settings.
 */
export const THEOREM_CONFIGS: readonly TheoremConfig[] = [
  {
    name: 'S1-eps0.9',
    S: 1,
    epsilon: 0.9,
    gamma: 0.9,
    kappa: 1,
    targets: { minL: 2, maxL: 96, S: 1, kappa: 1, rowScaleDecades: 200 },
  },
  {
    name: 'S2-eps0.5-kappa4',
    S: 2,
    epsilon: 0.5,
    gamma: 0.5,
    kappa: 4,
    targets: { minL: 2, maxL: 20, S: 2, kappa: 4, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
  {
    name: 'S3-eps2-kappa10',
    S: 3,
    epsilon: 2,
    gamma: 0.3,
    kappa: 10,
    targets: { minL: 3, maxL: 16, S: 3, kappa: 10, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
  {
    name: 'S2-eps10-kappa100',
    S: 2,
    epsilon: 10,
    gamma: 0.5,
    kappa: 100,
    targets: { minL: 2, maxL: 16, S: 2, kappa: 100, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
  {
    name: 'S3-eps1-kappa2',
    S: 3,
    epsilon: 1,
    gamma: 0.5,
    kappa: 2,
    targets: { minL: 3, maxL: 12, S: 3, kappa: 2, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
];

/**
 * The parameter sets used to validate outside implementations: rows of one
 * entry (permutations, at the loose precision), and three sets with dynamic
 * range (kappa 2, 10 and 100, so `ln(W/min)` spans up to 4.6 — several times
 * `rho`, which is what exposes a wrong ratio part: a row normalised by its max,
 * a flipped or doubled `ln(W/min)`) and two or three entries per row. Their
 * `d*` (delta = 1e-6) runs to the thousands, so `L` stays small: an
 * implementation answers these in the fixed layout (`m = 2L`, messages of
 * `4·L·d` numbers); in the projected one (`2d×d`) they would be gigabytes.
 * Keep messages small: large `epsilon`, small `L`.
 */
export const VALIDATION_CONFIGS: readonly TheoremConfig[] = [
  {
    name: 'protocol-S1-eps0.9',
    S: 1,
    epsilon: 0.9,
    gamma: 0.9,
    kappa: 1,
    targets: { minL: 2, maxL: 24, S: 1, kappa: 1, rowScaleDecades: 200 },
  },
  {
    name: 'protocol-S2-eps1-kappa2',
    S: 2,
    epsilon: 1,
    gamma: 0.8,
    kappa: 2,
    targets: { minL: 2, maxL: 12, S: 2, kappa: 2, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
  {
    name: 'protocol-S2-eps3-kappa100',
    S: 2,
    epsilon: 3,
    gamma: 0.7,
    kappa: 100,
    targets: { minL: 2, maxL: 8, S: 2, kappa: 100, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
  {
    name: 'protocol-S3-eps2-kappa10',
    S: 3,
    epsilon: 2,
    gamma: 0.8,
    kappa: 10,
    targets: { minL: 3, maxL: 9, S: 3, kappa: 10, rowScaleDecades: 200, fullRows: FULL_ROWS },
  },
];

/** Looks a config up by name (theorem or validation sets). @throws {RangeError} for an unknown name. */
export function theoremConfig(name: unknown): TheoremConfig {
  const config = [...THEOREM_CONFIGS, ...VALIDATION_CONFIGS].find((c) => c.name === name);
  if (config === undefined) throw new RangeError(`unknown theorem configuration ${JSON.stringify(name)}`);
  return config;
}
