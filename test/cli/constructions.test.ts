import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectBadInput, readJson, temporaryDirectory, writeJson, type CertificateFile } from './helpers.js';

const tmp = temporaryDirectory('constructions');
afterAll(() => tmp.remove());

/** A 64×64 target with rows of two entries (two shifted permutations) and dynamic range 4. */
function target(L: number, S: number): { L: number; entries: [number, number, number][] } {
  const entries: [number, number, number][] = [];
  for (let i = 0; i < L; i++) for (let s = 0; s < S; s++) entries.push([i, (i * 5 + s * 17) % L, 1 + ((i + s) % 4)]);
  return { L, entries };
}

describe('construct / verify / check / sweep --construction (SPEC §7)', () => {
  it.each([
    ['lagrange-circle', 5],
    ['lagrange-torus', 13],
  ] as const)(
    'construct --construction %s without --d or --delta uses d0 = %i, and verify passes',
    async (name, d0) => {
      writeJson(tmp.path('t.json'), target(64, 2));
      const out = tmp.path(`${name}.json`);
      const made = await cli(
        'construct',
        '--construction',
        name,
        '--target',
        tmp.path('t.json'),
        '--epsilon',
        0.5,
        '--out',
        out,
      );
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(
        new RegExp(`^construction\\s.*\\n${name}\\s+64\\s+2\\s+4\\s+0\\.5\\s+0\\.5\\s+-\\s+${d0}\\s`),
      );
      expect(readJson<CertificateFile>(out).d).toBe(d0);
      const verified = await cli('verify', '--target', tmp.path('t.json'), '--certificate', out, '--epsilon', 0.5);
      expect(verified.code, verified.stdout).toBe(0);
    },
  );

  it('the alias builtin is the paper construction, which still needs --delta without --d', async () => {
    writeJson(tmp.path('t.json'), target(64, 2));
    expectBadInput(
      await cli(
        'construct',
        '--construction',
        'builtin',
        '--target',
        tmp.path('t.json'),
        '--epsilon',
        0.5,
        '--out',
        tmp.path('p.json'),
      ),
      /--delta: is required unless --d is given .*the paper construction has no d0 of its own/,
    );
    const made = await cli(
      'construct',
      '--construction',
      'builtin',
      '--target',
      tmp.path('t.json'),
      '--epsilon',
      0.5,
      '--d',
      8,
      '--out',
      tmp.path('p.json'),
    );
    expect(made.stdout).toMatch(/\npaper\s+64/);
  });

  it.each([
    [
      ['--construction', 'lagrange-square'],
      /unknown construction "lagrange-square"; known: paper, exact-support, lagrange-circle, lagrange-torus/,
    ],
    [
      ['--construction', 'lagrange-circle', '--d', 4],
      /--d: lagrange-circle needs d >= 5 for this target \(rows of up to 2 entries\), got 4/,
    ],
    [
      ['--construction', 'lagrange-torus', '--layout', 'fixed'],
      /--layout: lagrange-torus builds the projected layout only/,
    ],
  ])('bad input %j: one line, exit 2', async (args, pattern) => {
    writeJson(tmp.path('t.json'), target(64, 2));
    expectBadInput(
      await cli('construct', '--target', tmp.path('t.json'), '--epsilon', 0.5, '--out', tmp.path('bad.json'), ...args),
      pattern,
    );
  });

  it('lagrange-torus with S too large for the certificate limit: one line naming S, exit 2', async () => {
    // S = 16: d0 = 545; at L = 2^17 the certificate would hold 2^17·1090 + 4·545² > 2^27 numbers.
    const L = 2 ** 17;
    const entries: [number, number, number][] = [];
    for (let i = 0; i < L; i++) for (let t = 0; t < (i === 0 ? 16 : 1); t++) entries.push([i, (i + t * 4099) % L, 1]);
    writeJson(tmp.path('wide.json'), { L, entries });
    expectBadInput(
      await cli(
        'construct',
        '--construction',
        'lagrange-torus',
        '--target',
        tmp.path('wide.json'),
        '--epsilon',
        0.5,
        '--out',
        tmp.path('w.json'),
      ),
      /S: lagrange-torus at L = 131072 and d = 545 \(d0 = 545 for S = 16\) would hold .* numbers, more than the 134217728/,
    );
  });

  it('check --construction lagrange-circle runs fixed-parameters and exactness only', async () => {
    const result = await cli('check', '--construction', 'lagrange-circle', '--runs', 10, '--no-record');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^attnproof check: lagrange-circle, seed 42, runs 10/);
    expect(result.stdout).toMatch(/PASS: 2 of 2 properties hold/);
  });

  it('sweep --construction lagrange-circle measures d = d0 at every length', async () => {
    const result = await cli(
      'sweep',
      '--construction',
      'lagrange-circle',
      '--L',
      '16,64',
      '--S',
      2,
      '--trials',
      4,
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const rows = (JSON.parse(result.stdout) as { rows: { L: number; d: number }[] }).rows;
    // Row counts vary (the generator thins rows), so d is 3 (all rows of one entry) or 5.
    for (const row of rows) expect([3, 5]).toContain(row.d);
  });
});
