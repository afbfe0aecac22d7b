import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { lagrangeCircle } from '../../src/construction/lagrangeCircle.js';
import { lagrangeTorus } from '../../src/construction/lagrangeTorus.js';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { frontierTarget } from '../../src/frontier/frontierTarget.js';
import { runFrontier } from '../../src/frontier/runFrontier.js';
import { cli, expectBadInput, jsonOut, temporaryDirectory } from '../cli/helpers.js';
import { wellFormedXml } from '../sweep/helpers.js';

const tmp = temporaryDirectory('frontier');
afterAll(() => tmp.remove());
const base = { epsilon: 0.5, gamma: 0.5, kappa: 2, seed: 3 };

describe('frontier targets', () => {
  it('clustered rows hold S consecutive columns on the circle and a 2×2 block on the torus, at most S per column', () => {
    const circle = frontierTarget({ L: 100, S: 3, pattern: 'clustered', geometry: 'circle', kappa: 2, seed: 1 });
    const torus = frontierTarget({ L: 100, S: 4, pattern: 'clustered', geometry: 'torus', kappa: 2, seed: 1 });
    for (let i = 0; i < 100; i++) {
      const row = (W: typeof circle): number[] => Array.from(W.colIdx.subarray(W.rowPtr[i]!, W.rowPtr[i + 1]!));
      const c = row(circle);
      const first = c.find((j) => !c.includes((j + 99) % 100))!;
      expect(new Set(c)).toEqual(new Set([first, (first + 1) % 100, (first + 2) % 100]));
      const t = row(torus);
      const base = t.find((j) => t.includes((j + 1) % 100) && t.includes((j + 10) % 100) && t.includes((j + 11) % 100));
      expect(base).toBeDefined(); // n = 10: offsets 0, 1, n, n+1
    }
    expect(circle.maxColumnCount).toBeLessThanOrEqual(3);
    expect(torus.maxColumnCount).toBeLessThanOrEqual(4);
  });
});

describe('runFrontier', () => {
  it('measures d0, bits growing with L, and passes inside the frontier (circle, S = 1, 2)', async () => {
    const r = await runFrontier(lagrangeCircle, { ...base, S: [1, 2], lengths: [256, 64], pattern: 'random' });
    expect(r.rows.map((x) => [x.S, x.L, x.d, x.verdict])).toEqual([
      [1, 64, 3, 'pass'],
      [1, 256, 3, 'pass'],
      [2, 64, 5, 'pass'],
      [2, 256, 5, 'pass'],
    ]);
    // Grid neighbours are 2π/L apart, so M grows like L²: 2 bits per doubling of L (S = 1), about 4 for S = 2.
    expect(r.rows[1]!.bits - r.rows[0]!.bits).toBeCloseTo(4, 0); // L × 4: 4 bits, to ±0.5
    expect(r.rows[3]!.bits).toBeGreaterThan(r.rows[2]!.bits + 4);
    expect(r.largest).toEqual([
      { S: 1, pattern: 'random', largestL: 256, bits: r.rows[1]!.bits },
      { S: 2, pattern: 'random', largestL: 256, bits: r.rows[3]!.bits },
    ]);
  });

  it('finds where float64 ends: clustered S = 3 on the circle passes at 64, and at 2048 (56 bits) is inconclusive or fails, never a wrong pass', async () => {
    const r = await runFrontier(lagrangeCircle, { ...base, S: [3], lengths: [64, 2048], pattern: 'clustered' });
    expect(r.rows[0]!.verdict).toBe('pass');
    expect(r.rows[1]!.bits).toBeGreaterThan(53);
    // The construction's own rounding (about 2^(56 − 53)) moves its logits by more than rho: a pass would be wrong.
    expect(r.rows[1]!.verdict).not.toBe('pass');
  });

  it('with stopAtFrontier, lengths past the first one not verified get d and bits only (verdict not-run)', async () => {
    const r = await runFrontier(lagrangeCircle, {
      ...base,
      S: [3],
      lengths: [64, 2048, 4096],
      pattern: 'clustered',
      stopAtFrontier: true,
    });
    expect(r.rows.map((x) => (x.verdict === 'pass' || x.verdict === 'not-run' ? x.verdict : 'undecided'))).toEqual([
      'pass',
      'undecided',
      'not-run',
    ]);
    expect(r.rows[2]!.bits).toBeGreaterThan(r.rows[1]!.bits);
    expect(r.rows[2]!.achievedEpsilon).toBeNull();
  });

  it('the torus needs fewer bits than the circle at the same L and S', async () => {
    const circle = await runFrontier(lagrangeCircle, { ...base, S: [2], lengths: [1024], pattern: 'random' });
    const torus = await runFrontier(lagrangeTorus, { ...base, S: [2], lengths: [1024], pattern: 'random' });
    expect(torus.rows[0]!.bits).toBeLessThan(circle.rows[0]!.bits - 8);
  });

  it('refuses a random construction', async () => {
    await expect(runFrontier(paperConstruction, { ...base, S: [1], lengths: [64], pattern: 'random' })).rejects.toThrow(
      /deterministic construction/,
    );
  });
});

describe('attnproof frontier', () => {
  it('--json is one object with the rows and the largest L per S; --svg draws it', async () => {
    const svg = tmp.path('f.svg');
    const result = await cli(
      'frontier',
      '--construction',
      'lagrange-torus',
      '--S',
      '1,2',
      '--L',
      '64,256',
      '--json',
      '--svg',
      svg,
    );
    expect(result.code, result.stderr).toBe(0);
    const json = jsonOut(result) as { format: string; rows: Record<string, unknown>[]; largest: unknown[] };
    expect(json.format).toBe('attnproof-frontier/1');
    expect(Object.keys(json.rows[0]!)).toEqual([
      'S',
      'L',
      'pattern',
      'd',
      'bits',
      'verdict',
      'achievedEpsilon',
      'achievedGamma',
      'seconds',
    ]);
    expect(json.rows.map((r) => r.d)).toEqual([5, 5, 13, 13]);
    expect(json.largest).toHaveLength(2);
    wellFormedXml(readFileSync(svg, 'utf8'));
  });

  it('prints a table ending with the largest L verified per S', async () => {
    const result = await cli(
      'frontier',
      '--construction',
      'lagrange-circle',
      '--S',
      '1',
      '--L',
      '64',
      '--pattern',
      'clustered',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^attnproof frontier: lagrange-circle; clustered targets/);
    expect(result.stdout).toMatch(/largest L verified: S = 1: L = 64 \(\d+\.\d bits\)\n$/);
  });

  it.each([
    [['--construction', 'paper'], /deterministic construction/],
    [['--construction', 'nope'], /unknown construction "nope"/],
    [['--construction', 'lagrange-circle', '--S', '0'], /--S.*between 1 and 16/],
    [['--construction', 'lagrange-circle', '--L', '64,64'], /listed twice/],
  ])('bad input %j: one line, exit 2', async (args, pattern) => {
    expectBadInput(await cli('frontier', ...args), pattern);
  });
});
