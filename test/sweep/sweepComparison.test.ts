import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectBadInput, jsonOut, temporaryDirectory } from '../cli/helpers.js';
import { wellFormedXml } from './helpers.js';
import { constructionNamed } from '../../src/harness/constructions.js';
import { runSweepComparison } from '../../src/sweep/sweepComparison.js';
import type { SweepResult } from '../../src/sweep/sweepResult.js';

const tmp = temporaryDirectory('comparison');
afterAll(() => tmp.remove());
const SMALL = ['--L', '8,16', '--S', 1, '--epsilon', 0.9, '--trials', 3, '--seed', 5];

describe('sweep --construction A,B,… (constructions side by side)', () => {
  it('one table with a column per construction, the same targets for all, one picture with a curve per construction', async () => {
    const svg = tmp.path('cmp.svg');
    const result = await cli('sweep', '--construction', 'paper,exact-support,lagrange-circle', ...SMALL, '--svg', svg);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^attnproof sweep: paper vs exact-support vs lagrange-circle; random targets with S = 1/,
    );
    expect(result.stdout).toMatch(
      /\n\s*L\s+d\*\s+paper\s+exact-support\s+lagrange-circle\s+exact-support\/paper\s+lagrange-circle\/paper\n/,
    );
    expect(result.stdout).toMatch(/\n\s*8\s+\d+\s+\d+\s+\d+\s+3\s/); // S = 1: the circle needs d0 = 3 at every L
    const text = readFileSync(svg, 'utf8');
    wellFormedXml(text);
    for (const id of [
      'construction-paper',
      'construction-exact-support',
      'construction-lagrange-circle',
      'dstar',
      'identity',
    ])
      expect(text).toContain(`<g id="${id}">`);
  });

  it("--json keeps each construction's whole sweep, each in the attnproof-sweep/1 shape, on the same trial seeds", async () => {
    const json = jsonOut(await cli('sweep', '--construction', 'paper,lagrange-torus', ...SMALL, '--json')) as {
      format: string;
      sweeps: { format: string; params: { construction: string }; rows: { d: number }[]; trials: { seed: number }[] }[];
    };
    expect(json.format).toBe('attnproof-sweep-comparison/1');
    expect(json.sweeps.map((s) => [s.format, s.params.construction])).toEqual([
      ['attnproof-sweep/1', 'paper'],
      ['attnproof-sweep/1', 'lagrange-torus'],
    ]);
    expect(json.sweeps[0]!.trials.map((t) => t.seed)).toEqual(json.sweeps[1]!.trials.map((t) => t.seed));
    expect(json.sweeps[1]!.rows.map((r) => r.d)).toEqual([5, 5]);
  });

  it.each([
    [['--construction', 'paper,nope'], /unknown construction "nope"/],
    [['--construction', 'paper,paper'], /lists paper twice/],
    [
      ['--construction', 'paper,exact-support', '--shard', '1/2'],
      /--shard: a comparison of constructions cannot be sharded/,
    ],
  ])('bad input %j: one line, exit 2', async (args, pattern) => {
    expectBadInput(await cli('sweep', ...SMALL, ...args), pattern);
  });
});

// runSweepComparison's signal: an abort stops the construction under way after its trial under way, runs none
// after it, and keeps every construction run on the lengths all of them measured whole, bit for bit as a
// comparison of those lengths alone (the deterministic parts: trials, rows, fit, crossovers).
describe('runSweepComparison with an abort signal', () => {
  const base = { S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, trials: 2, seed: 42 } as const;
  const constructions = ['paper', 'exact-support', 'lagrange-circle'].map(constructionNamed);
  const deterministic = (s: SweepResult): unknown => ({
    params: s.params,
    trials: s.trials,
    rows: s.rows,
    fit: s.fit,
    crossover: s.crossover,
  });

  it("aborted during the second construction's second length: the first two kept on the first length, as a comparison of it alone", async () => {
    const stop = new AbortController();
    let sweeps = 0;
    const cut = await runSweepComparison(constructions, {
      ...base,
      lengths: [8, 16, 32],
      signal: stop.signal,
      onProgress: (p) => {
        if (p.trialsDone === 0 && p.L === 8) sweeps++; // each sweep reports its start
        if (sweeps === 2 && p.L === 16 && p.lengthTrialsDone === 1) stop.abort();
      },
    });
    const alone = await runSweepComparison(constructions.slice(0, 2), { ...base, lengths: [8] });
    expect(cut.sweeps.map((s) => s.params.construction)).toEqual(['paper', 'exact-support']);
    expect(cut.sweeps.map(deterministic)).toEqual(alone.sweeps.map(deterministic));
    expect(cut.sweeps.map((s) => s.timing.map((t) => t.L))).toEqual([[8], [8]]);
  });

  it('aborted during the first construction: nothing to compare', async () => {
    const stop = new AbortController();
    const cut = await runSweepComparison(constructions, {
      ...base,
      lengths: [8, 16],
      signal: stop.signal,
      onProgress: (p) => {
        if (p.L === 16) stop.abort();
      },
    });
    expect(cut.sweeps).toEqual([]);
  });

  it('never aborted: the same comparison as without a signal', async () => {
    const options = { ...base, lengths: [8, 16] };
    const withSignal = await runSweepComparison(constructions, { ...options, signal: new AbortController().signal });
    const without = await runSweepComparison(constructions, options);
    expect(withSignal.sweeps.map(deterministic)).toEqual(without.sweeps.map(deterministic));
  });
});
