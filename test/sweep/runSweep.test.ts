import { describe, expect, it } from 'vitest';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { runSweep } from '../../src/sweep/runSweep.js';

// runSweep's signal: an abort stops before the next trial, and the result keeps only the lengths whose
// trials all finished, as a sweep of those lengths alone (rows, fit and timing agree with it).
describe('runSweep with an abort signal', () => {
  const base = { S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, trials: 3, seed: 42 } as const;

  it('aborted during the second length: the first is kept whole, bit for bit as a sweep of it alone', async () => {
    const stop = new AbortController();
    const cut = await runSweep(paperConstruction, {
      ...base,
      lengths: [8, 16, 32],
      signal: stop.signal,
      onProgress: (p) => {
        if (p.L === 16 && p.lengthTrialsDone === 1) stop.abort();
      },
    });
    const alone = await runSweep(paperConstruction, { ...base, lengths: [8] });
    expect(cut.params.lengths).toEqual([8]);
    expect(cut.trials).toEqual(alone.trials);
    expect(cut.rows).toEqual(alone.rows);
    expect(cut.timing.map((t) => t.L)).toEqual([8]);
  });

  it('aborted before it starts: no length, no row, no fit', async () => {
    const stop = new AbortController();
    stop.abort();
    const none = await runSweep(paperConstruction, { ...base, lengths: [8, 16], signal: stop.signal });
    expect(none.params.lengths).toEqual([]);
    expect(none.trials).toEqual([]);
    expect(none.rows).toEqual([]);
    expect(none.fit).toBeNull();
  });

  it('never aborted: the same result as without a signal', async () => {
    const stop = new AbortController();
    const withSignal = await runSweep(paperConstruction, { ...base, lengths: [8, 16], signal: stop.signal });
    const without = await runSweep(paperConstruction, { ...base, lengths: [8, 16] });
    expect(withSignal.trials).toEqual(without.trials);
    expect(withSignal.rows).toEqual(without.rows);
  });
});
