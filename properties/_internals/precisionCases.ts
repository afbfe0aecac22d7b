import fc from 'fast-check';
import type { Precision } from '../../src/precision/precision.js';

/** Precisions the properties range over: loose, the reference rows', tight, and epsilon above 1. */
export const PRECISIONS: readonly Precision[] = [
  { epsilon: 0.9, gamma: 0.9 },
  { epsilon: 0.5, gamma: 0.5 },
  { epsilon: 0.1, gamma: 0.01 },
  { epsilon: 2, gamma: 0.3 },
];

/** An arbitrary precision from {@link PRECISIONS}, shrinking towards the first. */
export const precisionArbitrary: fc.Arbitrary<Precision> = fc.constantFrom(...PRECISIONS);

/** `Delta = ln(1/gamma) + ln(1+epsilon)`, computed here from SPEC §3, independently of any construction. */
export function marginOf(precision: Precision): number {
  return Math.log1p(precision.epsilon) - Math.log(precision.gamma);
}
