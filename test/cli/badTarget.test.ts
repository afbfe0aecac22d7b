import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, expectBadInput, FIXTURES, literal, temporaryDirectory } from './helpers.js';

// Every file of fixtures/targets/bad/, with the place its one-line message must name and the problem.
// Matrix Market places are the file's line and its 1-based row/column; JSON places are entries[k] and
// 0-based row/column (or the field).
const BAD: readonly { file: string; place: RegExp; problem: RegExp; S?: number }[] = [
  { file: 'nan.mtx', place: /: line 4, row 2, column 3: /, problem: /NaN/ },
  { file: 'inf.mtx', place: /: line 5, row 3, column 1: /, problem: /Infinity/ },
  { file: 'non-square.mtx', place: /: line 2: /, problem: /3×4.*square/ },
  { file: 'garbage.mtx', place: /: line 1: /, problem: /header/ },
  { file: 'negative.json', place: /: entries\[1\], row 1, column 2: /, problem: /-0\.5 is negative/ },
  { file: 'empty-row.json', place: /: row 1: /, problem: /no positive entry/ },
  { file: 'duplicate.json', place: /: row 1, column 2: /, problem: /duplicate entry: entries\[1\] and entries\[3\]/ },
  { file: 'over-s.json', place: /: row 0: /, problem: /3 positive entries, more than S = 2/, S: 2 },
  { file: 'l-one.json', place: /: L: /, problem: /at least 2/ },
  {
    file: 'out-of-range.json',
    place: /: entries\[1\], row 1, column 3: /,
    problem: /column index 3 is out of range 0\.\.2/,
  },
  { file: 'truncated.json', place: /: line \d+: malformed JSON/, problem: /unexpected end of input/ },
  { file: 'garbage.json', place: /: line 1: malformed JSON/, problem: /unexpected/ },
];

describe('every bad target file gives exit 2 and one line naming the file and the place', () => {
  const tmp = temporaryDirectory('badtarget');
  const cert = tmp.path('cert.json');
  beforeAll(async () => {
    // A valid certificate, so that verify fails on the target and nothing else.
    expect(
      (
        await cli(
          'construct',
          '--target',
          FIXTURES.permutation8,
          '--epsilon',
          0.5,
          '--delta',
          0.1,
          '--d',
          8,
          '--out',
          cert,
        )
      ).code,
    ).toBe(0);
  });
  afterAll(() => tmp.remove());

  it.each(BAD)('construct: $file', async ({ file, place, problem, S }) => {
    const path = FIXTURES.bad(file);
    const out = tmp.path(`out-${file}.json`);
    const result = await cli(
      'construct',
      '--target',
      path,
      '--epsilon',
      0.5,
      '--delta',
      0.1,
      '--d',
      8,
      '--out',
      out,
      ...(S !== undefined ? ['--S', S] : []),
    );
    expectBadInput(result, literal(`attnproof: ${path}`), place, problem);
  });

  it.each(BAD)('verify: $file', async ({ file, place, problem, S }) => {
    const path = FIXTURES.bad(file);
    const result = await cli(
      'verify',
      '--target',
      path,
      '--certificate',
      cert,
      '--epsilon',
      0.5,
      ...(S !== undefined ? ['--S', S] : []),
    );
    expectBadInput(result, literal(`attnproof: ${path}`), place, problem);
  });

  it('control bytes quoted from a garbage file are escaped, never written raw to the terminal', async () => {
    const result = await cli(
      'verify',
      '--target',
      FIXTURES.bad('garbage.json'),
      '--certificate',
      cert,
      '--epsilon',
      0.5,
    );
    expectBadInput(result);
    // eslint-disable-next-line no-control-regex -- control characters are what this expression finds
    expect(result.stderr.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  // Known defect (src/io/parseJsonText.ts, not src/cli): on Node 20, V8's "Unexpected token" messages carry
  // no "position N", so a syntax error in a JSON file is reported without its line and column. This test
  // states the contract and is expected to fail until parseJsonText locates the error itself; vitest will
  // then report it as unexpectedly passing, and `.fails` should be removed.
  it('a syntax error deep in a JSON target names its line', async () => {
    const path = tmp.path('typo.json');
    writeFileSync(path, '{"L": 3, "entries": [\n  [0, 1, 1],\n  [1, 2, 1],,\n  [2, 0, 1]\n]}\n');
    const result = await cli(
      'construct',
      '--target',
      path,
      '--epsilon',
      0.5,
      '--delta',
      0.1,
      '--d',
      8,
      '--out',
      tmp.path('typo-out.json'),
    );
    expectBadInput(result, literal(path), /line 3/);
  });

  it('a missing target file names the file', async () => {
    const path = tmp.path('missing.mtx');
    expectBadInput(
      await cli('verify', '--target', path, '--certificate', cert, '--epsilon', 0.5),
      literal(path),
      /no such file/,
    );
  });

  it('a target with an unknown extension names the file', async () => {
    const path = tmp.path('w.csv');
    writeFileSync(path, '0,1,1\n1,0,1\n');
    expectBadInput(
      await cli('verify', '--target', path, '--certificate', cert, '--epsilon', 0.5),
      literal(path),
      /\.json or \.mtx/,
    );
  });
});

describe('--kappa below the target’s dynamic range', () => {
  const tmp = temporaryDirectory('kappa');
  afterAll(() => tmp.remove());

  it('is bad input: exit 2, naming the file, --kappa and a row over it', async () => {
    // random-256-s2 has dynamic range exactly 4 (row 0 is [1, 4]).
    const result = await cli(
      'construct',
      '--target',
      FIXTURES.random256,
      '--epsilon',
      0.9,
      '--kappa',
      3.99,
      '--delta',
      0.1,
      '--d',
      8,
      '--out',
      tmp.path('c.json'),
    );
    expectBadInput(result, literal(FIXTURES.random256), /--kappa/, /row 0/, /dynamic range 4/);
  });

  it('is accepted when it equals the range, even where the logarithms round up (0.7 / 0.35 = 2 exactly)', async () => {
    // ln(0.7) − ln(0.35) exceeds ln(2) by one ulp in double precision, though the two doubles differ by
    // exactly a factor 2; comparing in log space used to reject --kappa 2 here.
    const target = tmp.path('ratio-2.json');
    writeFileSync(
      target,
      JSON.stringify({
        L: 2,
        entries: [
          [0, 0, 0.7],
          [0, 1, 0.35],
          [1, 1, 1],
        ],
      }),
    );
    expect(Math.log(0.7) - Math.log(0.35)).toBeGreaterThan(Math.log(2)); // the premise of this test
    const ok = await cli(
      'construct',
      '--target',
      target,
      '--epsilon',
      0.5,
      '--kappa',
      2,
      '--delta',
      0.1,
      '--d',
      8,
      '--out',
      tmp.path('c2.json'),
    );
    expect(ok.code, ok.stderr).toBe(0);
    const below = await cli(
      'construct',
      '--target',
      target,
      '--epsilon',
      0.5,
      '--kappa',
      1.9999,
      '--delta',
      0.1,
      '--d',
      8,
      '--out',
      tmp.path('c3.json'),
    );
    expectBadInput(below, /--kappa/, /row 0/);
  });
});
