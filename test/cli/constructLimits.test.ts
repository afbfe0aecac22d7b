import { existsSync } from 'node:fs';
import { afterAll, describe, it, expect } from 'vitest';
import { cli, expectBadInput, FIXTURES, temporaryDirectory } from './helpers.js';

// construct with a d too large to build: exit 2 and one line naming the limit, at once, with nothing
// written. Before the limit, `--d 100000000` on an 8×8 target grew to 11.9 GB in two minutes and
// `--d 3000000` ended in an internal error (a typed array of 1.8e13 entries).

describe('construct refuses certificates too large to build', () => {
  const tmp = temporaryDirectory('construct-limits');
  afterAll(() => tmp.remove());
  const target = FIXTURES.permutation8;

  it('a --d whose certificate would exceed 2^27 numbers names d and the limit', async () => {
    const out = tmp.path('big-d.json');
    for (const d of [5791, 3_000_000, 100_000_000]) {
      const result = await cli(
        'construct',
        '--target',
        target,
        '--epsilon',
        0.5,
        '--delta',
        0.1,
        '--d',
        d,
        '--seed',
        1,
        '--layout',
        'projected',
        '--out',
        out,
      );
      // The refusal names the other layout when that one would fit (m = 2L = 16: 8·16 + 2·16·d numbers).
      const hint = 8 * 16 + 2 * 16 * d <= 2 ** 27 ? 'use --layout fixed \\([0-9.e+]+ numbers\\), or ' : '';
      expectBadInput(
        result,
        new RegExp(
          `^attnproof: --d: --d = ${d} for L = 8 would need a projected certificate of [0-9.e+]+ numbers, more than the 134217728 attnproof builds; ${hint}pass a smaller --d, or a larger --epsilon or --delta\\n$`,
        ),
      );
    }
    expect(existsSync(out)).toBe(false);
  });

  it("a d* from the bound too large to build says it is the bound's, and what to change", async () => {
    const out = tmp.path('big-dstar.json');
    const result = await cli(
      'construct',
      '--target',
      target,
      '--epsilon',
      '1e-6',
      '--delta',
      0.1,
      '--seed',
      1,
      '--out',
      out,
    );
    expectBadInput(
      result,
      /^attnproof: d\*: the bound's d\* = \d+ for L = 8 would need a fixed certificate of [0-9.e+]+ numbers, more than the 134217728 attnproof builds; pass a smaller --d, or a larger --epsilon or --delta\n$/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a d inside the limit is built, streamed to the file, and the file reads back', async () => {
    const out = tmp.path('inside.json');
    // 8×8 target, projected, d = 300: 8·600 + 2·600·300 = 364 800 numbers
    const result = await cli(
      'construct',
      '--target',
      target,
      '--epsilon',
      0.5,
      '--delta',
      0.1,
      '--d',
      300,
      '--seed',
      1,
      '--out',
      out,
    );
    expect(result.code, result.stderr).toBe(0);
    const verify = await cli('verify', '--target', target, '--certificate', out, '--epsilon', 0.5, '--json');
    expect([0, 1]).toContain(verify.code); // a verdict, not bad input: the streamed file is valid JSON
    expect(verify.stderr).toBe('');
  });
});
