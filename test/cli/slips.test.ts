import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectBadInput, FIXTURES, jsonOut, temporaryDirectory } from './helpers.js';

// Slips of the hand at the command line (issue 13): each is refused at once, one line naming the option,
// exit 2 — before any work is done and before any file is written.

const tmp = temporaryDirectory('slips');
afterAll(() => tmp.remove());

const BOUND = ['bound', '--L', 64, '--S', 1, '--epsilon', 0.5, '--delta', 0.1] as const;

describe('unknown, repeated and value-less options', () => {
  it.each([
    [['bound', '--l', 64], /^attnproof: unknown option --l \(did you mean --L\?\)/],
    [['bound', '--eps', 0.5], /unknown option --eps \(did you mean --epsilon\?\)/],
    [['construct', '--taget', 'x.json'], /unknown option --taget \(did you mean --target\?\)/],
    [['sweep', '--trails', 2], /unknown option --trails \(did you mean --trials\?\)/],
    [['bound', '--qqqqqqqq'], /unknown option --qqqqqqqq \(run attnproof bound --help/],
  ])('%j names the unknown option and its nearest neighbour before any other complaint', async (argv, message) => {
    expectBadInput(await cli(...argv), message);
  });

  it.each([
    [[...BOUND, '--epsilon', 0.3], /--epsilon is given twice \(--epsilon 0\.5 and --epsilon 0\.3\); give it once/],
    [[...BOUND, '--L', 128], /--L is given twice/],
    [
      [
        'construct',
        '--target',
        FIXTURES.permutation8,
        '--target',
        FIXTURES.banded64,
        '--epsilon',
        0.5,
        '--d',
        4,
        '--out',
        'x',
      ],
      /--target is given twice/,
    ],
    [[...BOUND, '--json', '--json'], /--json is given twice/],
    [[...BOUND, '--delta=0.2'], /--delta is given twice \(--delta 0\.1 and --delta=0\.2\)/],
  ])('%j: a repeated option is refused (the last value would win silently)', async (argv, message) => {
    expectBadInput(await cli(...argv), message);
  });

  it.each([
    [
      ['sweep', '--L', 16, '--trials', 2, '--svg', '--json'],
      /--svg needs a file, got "--json", which looks like an option/,
    ],
    [['sweep', '--L', 16, '--out', '--json'], /--out needs a file, got "--json"/],
    [['check', '--junit', '--json'], /--junit needs a file, got "--json"/],
    [['validate', '--module', '--json'], /--module needs a path, got "--json"/],
    [['validate', '--impl', '--json'], /--impl needs a command, got "--json"/],
    [['check', '--corpus', '--no-record'], /--corpus needs a folder, got "--no-record"/],
    [
      ['construct', '--target', FIXTURES.permutation8, '--epsilon', 0.5, '--d', 4, '--out='],
      /--out needs a file name, got an empty value/,
    ],
    [['sweep', '--L', 16, '--svg='], /--svg needs a file name, got an empty value/],
  ])(
    '%j: a file, folder or command option refuses a value that looks like an option, or none',
    async (argv, message) => {
      expectBadInput(await cli(...argv), message);
    },
  );

  it('--L accumulates when repeated, and refuses a length given twice or beyond 2^24 at once', async () => {
    const out = jsonOut(await cli('sweep', '--L', 16, '--L', '32', '--trials', 1, '--max-d', 8, '--json'));
    expect((out.params as { lengths: number[] }).lengths).toEqual([16, 32]);
    expectBadInput(await cli('sweep', '--L', 16, '--L', '8,16', '--trials', 1), /the length 16 is listed twice/);
    const started = performance.now();
    expectBadInput(await cli('sweep', '--L', 99999999, '--trials', 1), /--L.*at most 2\^24 = 16777216, got 99999999/);
    expect(performance.now() - started).toBeLessThan(2000); // refused at once, not after a run (ms, generous for a loaded machine)
  });

  it('--help marks the required options', async () => {
    const help = await cli('bound', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--L <n>\s+sequence length L >= 2 \(required\)/);
    expect(help.stdout).toMatch(/--epsilon <e>[^\n]*\(required\)/);
    expect(help.stdout).not.toMatch(/--gamma <g>[^\n]*\(required\)/);
    expect((await cli('construct', '--help')).stdout).toMatch(/--out <file>[\s\S]*?\(required\)/);
  });
});

describe('--delta is not required when --d is given', () => {
  it('bound --d alone gives p(d) and null d*, in the stable schema', async () => {
    const out = jsonOut(await cli('bound', '--L', 64, '--S', 1, '--epsilon', 0.5, '--d', 400, '--json'));
    expect(out.delta).toBeNull();
    expect(out.dStar).toBeNull();
    expect(out.pOfD as number).toBeGreaterThan(0);
    expectBadInput(
      await cli('bound', '--L', 64, '--S', 1, '--epsilon', 0.5),
      /--delta: is required unless --d is given/,
    );
  });

  it('construct --d without --delta builds the certificate', async () => {
    const out = tmp.path('no-delta.json');
    const made = await cli('construct', '--target', FIXTURES.permutation8, '--epsilon', 0.5, '--d', 4, '--out', out);
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe('the bound JSON schema is stable', () => {
  it('always the same keys, numbers or null, never "Infinity"', async () => {
    const small = jsonOut(await cli(...BOUND, '--json'));
    const huge = jsonOut(
      await cli('bound', '--L', 64, '--S', 1, '--epsilon', '1e-300', '--delta', 0.1, '--d', 10, '--json'),
    );
    expect(Object.keys(huge)).toEqual(Object.keys(small));
    expect(small.format).toBe('attnproof-bound/1');
    expect(huge.dStar).toBeNull();
    expect(huge.dExact).toBeNull();
    for (const [key, value] of Object.entries(huge))
      if (key !== 'format')
        expect(value === null || (typeof value === 'number' && Number.isFinite(value)), key).toBe(true);
  });
});

describe('output paths', () => {
  const construct = (...rest: (string | number)[]) =>
    cli('construct', '--target', FIXTURES.permutation8, '--epsilon', 0.5, '--d', 4, ...rest);

  it('--out - writes the certificate to standard output and the report to standard error', async () => {
    const result = await construct('--out', '-');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).d).toBe(4);
    expect(result.stderr).toMatch(/layout/);
    expect(existsSync('-')).toBe(false);
  });

  it('a symbolic link is written through: the link stays, the file it points to gets the text', async () => {
    const real = tmp.path('real.json');
    const link = tmp.path('link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    expect((await construct('--out', link)).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8')).d).toBe(4);
  });

  it('a device is written directly (/dev/null), not renamed over', async () => {
    expect((await construct('--out', '/dev/null')).code).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('"." and a trailing slash are directories, named with the option', async () => {
    expectBadInput(
      await construct('--out', '.'),
      /^attnproof: --out \.: cannot write the file \(it is a directory; give a file name\)\n$/,
    );
    expectBadInput(
      await construct('--out', `${tmp.path('dir')}/`),
      /--out \S+dir\/: cannot write the file \(it is a directory/,
    );
  });

  it('an output folder that cannot be created is refused before the run, without looping (/proc)', async () => {
    const started = performance.now();
    expectBadInput(
      await cli('sweep', '--L', 16, '--trials', 1, '--out', '/proc/nope/x.json'),
      /^attnproof: --out \/proc\/nope\/x\.json: \/proc\/nope: cannot create the directory/,
    );
    expectBadInput(
      await cli('check', '--corpus', '/proc/nope', '--property', 'l1-logit-target'),
      /^attnproof: --corpus \/proc\/nope: cannot create the directory/,
    );
    expect(performance.now() - started).toBeLessThan(5000); // ms: before any property runs
  });

  it('--junit and --out create their folders before the run; the corpus is only probed, never created', async () => {
    const junit = tmp.path('reports/deep/attnproof.xml');
    const corpus = tmp.path('corpus-not-created');
    const result = await cli(
      'check',
      '--property',
      'l1-logit-target',
      '--runs',
      5,
      '--junit',
      junit,
      '--corpus',
      corpus,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(junit, 'utf8')).toMatch(/^<\?xml/);
    expect(existsSync(corpus)).toBe(false);
    expect(result.stdout).toMatch(
      /counterexample records: none to write \(they go to \S+corpus-not-created\/, see --corpus\)/,
    );
  });

  it('--json beside --out - is refused: both would go to standard output', async () => {
    expectBadInput(
      await cli('sweep', '--L', 16, '--trials', 1, '--json', '--out', '-'),
      /--json and --out would both write to standard output/,
    );
  });
});

describe('replay --corpus', () => {
  it('a missing folder or a file is exit 2; an empty folder says so', async () => {
    expectBadInput(await cli('replay', '--corpus', tmp.path('no-such-dir')), /--corpus \S+no-such-dir: no such folder/);
    expectBadInput(
      await cli('replay', '--corpus', FIXTURES.permutation8),
      /--corpus fixtures\/targets\/permutation-8\.json: is not a folder/,
    );
    const empty = tmp.path('empty');
    mkdirSync(empty);
    const result = await cli('replay', '--corpus', empty);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/holds no counterexample records \(\*\.json\): nothing replayed/);
  });
});
