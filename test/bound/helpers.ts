import fc from 'fast-check';
import type { BoundParams } from '../../src/bound/theoremParams.js';

/** The four reference rows of SPEC §4: parameters and the exact `d*`. */
export const SPEC_ROWS: ReadonlyArray<readonly [BoundParams, number]> = [
  [{ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }, 564],
  [{ L: 256, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }, 410],
  [{ L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2, delta: 0.1 }, 7901],
  [{ L: 1024, S: 4, epsilon: 0.5, gamma: 0.5, kappa: 4, delta: 0.01 }, 49020],
];

/** Random valid bound parameters with moderate `d*` (below ~1e7), for property tests. */
export const boundParamsArb: fc.Arbitrary<BoundParams> = fc.record({
  L: fc.integer({ min: 2, max: 1 << 20 }),
  S: fc.integer({ min: 1, max: 16 }),
  epsilon: fc.double({ min: 0.05, max: 10, noNaN: true }),
  gamma: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  kappa: fc.double({ min: 1, max: 1e4, noNaN: true }),
  delta: fc.double({ min: 1e-12, max: 0.5, noNaN: true }),
});

/** Fixed fast-check settings so every run replays. */
export const FC = { seed: 7331, numRuns: 200 } as const;
