import { describe, expect, it } from 'vitest';
import { construct } from '../../src/construction/construct.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { ratioMatchers } from '../../src/vitest/toRatioApproximate.js';
import { noMargin } from '../../src/negativeControls/noMargin.js';

expect.extend(ratioMatchers);

describe('toRatioApproximate', () => {
  const W = SparseTarget.fromEntries(4, [
    [0, 1, 1],
    [0, 2, 3],
    [1, 0, 1],
    [2, 3, 2],
    [3, 2, 5],
  ]);
  const precision = { epsilon: 0.5, gamma: 0.5 };

  it('passes for the paper construction (three lines, as in the README)', () => {
    expect(construct(W, { ...precision, d: 4096, seed: 1, layout: 'fixed' })).toRatioApproximate(W, precision);
  });

  it('fails with a message naming the worst row and pair', async () => {
    const broken = await noMargin.construct(W, { ...precision, d: 4096, seed: 1, layout: 'fixed' });
    expect(() => expect(broken).toRatioApproximate(W, precision)).toThrow(
      /verdict is fail:\n {2}\(R1\) holds: worst row \d+, pair \(\d+, \d+\).*\n {2}\(R2\) fails: worst row \d+, zero \d+ vs support \d+, achieved gamma/,
    );
    expect(broken).not.toRatioApproximate(W, precision);
  });
});
