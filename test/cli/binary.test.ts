import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { FIXTURES, literal, temporaryDirectory } from './helpers.js';

// The real program, as installed: `node dist/src/cli/main.js` (`npm test` builds it first).
const MAIN = 'dist/src/cli/main.js';

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function attnproof(...argv: (string | number)[]): Spawned {
  const child = spawnSync(process.execPath, [MAIN, ...argv.map(String)], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, ATTNPROOF_DEBUG: '' },
  });
  if (child.error !== undefined) throw child.error;
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Exit 2 and exactly one stderr line without stack-trace frames, from the real process. */
function expectOneLine(result: Spawned, ...patterns: RegExp[]): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  for (const p of patterns) expect(result.stderr).toMatch(p);
}

describe('the built binary', () => {
  const tmp = temporaryDirectory('bin');
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  });
  afterAll(() => tmp.remove());

  it('--help exits 0 with the usage on stdout', () => {
    const result = attnproof('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: attnproof/);
    for (const command of ['bound', 'construct', 'verify'])
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('--version prints the version', () => {
    const result = attnproof('--version');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it('bound --json exits 0 with one JSON object', () => {
    const result = attnproof(
      'bound',
      '--L',
      256,
      '--S',
      1,
      '--epsilon',
      0.9,
      '--gamma',
      0.9,
      '--kappa',
      1,
      '--delta',
      0.1,
      '--json',
    );
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { dStar: number }).dStar).toBe(410);
  });

  it('verify propagates exit 0 for a pass and 1 for a failure', () => {
    // Permutation target: at d = 4 (seed 1) a zero is not suppressed; at d = 256 every row passes
    // (both observed with these seeds; the in-process tests check the verdicts in detail).
    const weak = tmp.path('weak.json');
    const strong = tmp.path('strong.json');
    expect(
      attnproof(
        'construct',
        '--target',
        FIXTURES.permutation8,
        '--epsilon',
        0.5,
        '--delta',
        0.1,
        '--d',
        4,
        '--out',
        weak,
      ).code,
    ).toBe(0);
    expect(
      attnproof(
        'construct',
        '--target',
        FIXTURES.permutation8,
        '--epsilon',
        0.5,
        '--delta',
        0.1,
        '--d',
        256,
        '--out',
        strong,
      ).code,
    ).toBe(0);
    const fail = attnproof('verify', '--target', FIXTURES.permutation8, '--certificate', weak, '--epsilon', 0.5);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^FAIL/);
    expect(fail.stdout).toMatch(/^\(R2\) fails: in row \d+, A\[\d+\]\[\d+\] \/ A\[\d+\]\[\d+\]/m);
    const pass = attnproof('verify', '--target', FIXTURES.permutation8, '--certificate', strong, '--epsilon', 0.5);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^PASS/);
  });

  it('a missing file is exit 2 with one line naming it', () => {
    const path = tmp.path('absent.json');
    expectOneLine(
      attnproof('verify', '--target', path, '--certificate', path, '--epsilon', 0.5),
      literal(path),
      /no such file/,
    );
  });

  it('bad input in a file is exit 2 with one line, no stack trace', () => {
    expectOneLine(
      attnproof(
        'construct',
        '--target',
        FIXTURES.bad('nan.mtx'),
        '--epsilon',
        0.5,
        '--delta',
        0.1,
        '--out',
        tmp.path('x.json'),
      ),
      /nan\.mtx: line 4, row 2, column 3/,
    );
    expectOneLine(
      attnproof(
        'verify',
        '--target',
        FIXTURES.bad('garbage.json'),
        '--certificate',
        tmp.path('x.json'),
        '--epsilon',
        0.5,
      ),
      /garbage\.json/,
    );
  });

  it('bad usage is exit 2 with one line', () => {
    expectOneLine(attnproof('bound', '--L', 4096, '--S', 1, '--epsilon', 1.5, '--delta', 0.1), /--gamma/);
    expectOneLine(attnproof('bound', '--L', 'x', '--S', 1, '--epsilon', 0.5, '--delta', 0.1), /--L/);
    expectOneLine(attnproof('nosuchcommand'), /unknown command/);
  });
});

describe('the bin as npx runs it', () => {
  it('is executable after the build and runs by itself through its shebang (`npx attnproof` in a clone)', () => {
    expect(statSync(MAIN).mode & 0o111).toBe(0o111);
    const child = spawnSync(MAIN, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    expect(child.error).toBeUndefined();
    expect(child.stdout.trim()).toBe(VERSION);
  });
});
