import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns } from '../helpers/fuzzRuns.js';
import { cli, FIXTURES, temporaryDirectory, type CliResult } from './helpers.js';

// Fuzzing of the command line (SPEC §6: bad usage or bad input is one line and exit 2, never a stack trace,
// never an "internal error"). Random argument vectors for the commands that answer in well under a second —
// bound, construct, verify, merge — drawn from each command's own flags with values that are valid, wrong
// (negative, fractional, NaN, words, overflowing), or paths that are missing, directories, wrong files or
// unwritable. Whatever the vector: exit 0 or 1 with a verdict, or exit 2 with exactly one line on stderr.
// Exit 4 (a defect of attnproof) fails the property; fast-check prints the shrunk vector.
//
// Found by this fuzzer, and fixed: `--out` naming a directory or a missing directory was exit 4
// (the file-system error escaped); src/io/writeFileAtomic.ts now names the file.

const tmp = temporaryDirectory('argument-fuzz');
let certificate = '';

// The fuzzer runs in a temporary working directory holding copies of what it reads (fixtures/targets,
// README.md): a stray relative path it makes up (`--out stray`, `--corpus fixtures`) lands there, never in
// the repository; the last test checks the repository with git status.
const ROOT = process.cwd();
const work = temporaryDirectory('argument-fuzz-cwd');
let statusBefore = '';
const gitStatus = (): string =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });

beforeAll(async () => {
  statusBefore = gitStatus();
  cpSync(join(ROOT, 'fixtures/targets'), work.path('fixtures/targets'), { recursive: true });
  cpSync(join(ROOT, 'README.md'), work.path('README.md'));
  process.chdir(work.path(''));
  certificate = tmp.path('cert.json');
  const made = await cli(
    'construct',
    '--target',
    FIXTURES.permutation8,
    '--epsilon',
    0.5,
    '--delta',
    0.1,
    '--d',
    4,
    '--seed',
    1,
    '--out',
    certificate,
  );
  expect(made.code, made.stderr).toBe(0);
});
afterAll(() => {
  process.chdir(ROOT);
  tmp.remove();
  work.remove();
});

const NUMBERS = [
  '0',
  '1',
  '-1',
  '2',
  '2.5',
  '0.5',
  '0.9',
  '10',
  '1e-6',
  '1e999',
  'NaN',
  'Infinity',
  '-0',
  'abc',
  '',
  '9007199254740993',
  '0x10',
];
const TARGETS = () => [
  FIXTURES.permutation8,
  FIXTURES.banded64,
  FIXTURES.bad('garbage.json'),
  FIXTURES.bad('nan.mtx'),
  'no/such/file.json',
  'fixtures',
  'README.md',
  certificate,
];
// Every path stays inside the temporary directory or cannot be created (under a file, or a directory that
// exists): merge and sweep create missing parents, and run as root they could create one anywhere.
const OUTPUTS = () => [
  tmp.path('out.json'),
  tmp.path('out.svg'),
  tmp.path(''),
  tmp.path('missing/out.json'),
  'fixtures/targets',
  `${FIXTURES.permutation8}/inside`,
];

/**
 * One flag and its value, drawn from the pools that fit the flag: mostly the first (valid) value, so that
 * vectors get past parsing into the command itself, else any value of the pool.
 */
function option(flag: string, values: () => readonly string[]): fc.Arbitrary<string[]> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant<string[]>([flag, values()[0]!]) },
    { weight: 3, arbitrary: fc.constantFrom(...values()).map((v): string[] => [flag, v]) },
  );
}

/**
 * An argument vector: the command, positional words, maybe junk, then its required options and a random
 * selection of the others, shuffled; sometimes the last option loses its value. A value goes missing only
 * at the end: in the middle, the next word would become the value, and `--out stray` would write a file
 * named "stray" into the working directory.
 */
function argv(
  command: string,
  required: ReadonlyArray<fc.Arbitrary<string[]>>,
  optional: ReadonlyArray<fc.Arbitrary<string[]>>,
  positional: () => readonly string[] = () => [],
): fc.Arbitrary<string[]> {
  const junk = fc.constantFrom('--no-such-flag', '-x', 'stray', '--', '--json', '--help');
  const someOptional = fc.subarray([...optional]).chain((chosen) => fc.tuple(...chosen));
  const words = positional().length > 0 ? fc.subarray([...positional(), 'extra']) : fc.constant([]);
  return fc
    .tuple(
      fc.tuple(...required),
      someOptional,
      words,
      fc.option(junk, { nil: undefined, freq: 8 }),
      fc.nat(7).map((k) => k === 0),
    )
    .chain(([req, opt, pos, extra, dropLastValue]) =>
      fc.shuffledSubarray([...req, ...opt], { minLength: req.length + opt.length }).map((opts) => {
        const flat = opts.flat();
        if (dropLastValue && opts.length > 0 && opts[opts.length - 1]!.length === 2) flat.pop();
        return [command, ...pos, ...(extra !== undefined ? [extra] : []), ...flat];
      }),
    );
}

/** The command-line contract on one result. */
function expectContract(result: CliResult, args: readonly string[]): void {
  const where = `attnproof ${args.join(' ')}\n${result.stderr}`;
  expect([0, 1, 2], where).toContain(result.code);
  if (result.code === 2) {
    expect(result.stderr.endsWith('\n'), where).toBe(true);
    const lines = result.stderr.slice(0, -1).split('\n');
    expect(lines, where).toHaveLength(1);
    expect(lines[0]!.startsWith('attnproof: '), where).toBe(true);
  }
  expect(result.stderr, where).not.toMatch(/internal error|^\s+at /m);
}

const commands: ReadonlyArray<[string, () => fc.Arbitrary<string[]>]> = [
  [
    'bound',
    () => {
      const n = (flag: string, valid: string) => option(flag, () => [valid, ...NUMBERS, '4096']);
      return argv(
        'bound',
        [n('--L', '16'), n('--S', '1'), n('--epsilon', '0.5'), n('--delta', '0.1')],
        [n('--gamma', '0.5'), n('--kappa', '1'), n('--d', '64'), fc.constant(['--json'])],
      );
    },
  ],
  [
    'construct',
    () =>
      argv(
        'construct',
        [
          option('--target', TARGETS),
          option('--epsilon', () => ['0.5', ...NUMBERS]),
          option('--delta', () => ['0.1', '0.5', '0', '1', '-0.1', 'x']),
          option('--out', OUTPUTS),
        ],
        [
          option('--gamma', () => ['0.5', ...NUMBERS]),
          option('--kappa', () => ['1', ...NUMBERS]),
          option('--S', () => ['1', ...NUMBERS]),
          option('--d', () => ['4', '1', '16', '0', '-1', '2.5', '1e9', 'abc']),
          option('--seed', () => ['1', '0', '-1', '2.5', 'random', 'x']),
          option('--layout', () => ['projected', 'fixed', 'other']),
          option('--projection', () => ['gaussian', 'rademacher', 'other']),
        ],
      ),
  ],
  [
    'verify',
    () =>
      argv(
        'verify',
        [option('--target', TARGETS), option('--epsilon', () => ['0.5', ...NUMBERS])],
        [
          option('--certificate', () => [certificate, ...TARGETS()]),
          option('--x', () => ['no/such.npy', 'README.md', certificate]),
          option('--gamma', () => ['0.5', ...NUMBERS]),
          option('--S', () => ['1', ...NUMBERS]),
          fc.constant(['--json']),
        ],
      ),
  ],
  [
    'merge',
    () =>
      argv('merge', [], [option('--out', OUTPUTS), option('--svg', OUTPUTS), fc.constant(['--json'])], () => [
        'docs/sweep.json',
        'README.md',
        'no/such.json',
        certificate,
      ]),
  ],
];

describe.each(commands)('fuzzing the arguments of %s', (_command, vectors) => {
  it('exit 0/1 with an answer, or exit 2 with one line on stderr; never an internal error', async () => {
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(vectors(), async (args) => {
        const result = await cli(...args);
        codes.add(result.code);
        expectContract(result, args);
      }),
      { seed: 51, numRuns: fuzzRuns(1) },
    );
    // the control: the vectors reach the command itself (some succeed), not only the parser
    expect(codes.has(0) || codes.has(1)).toBe(true);
    expect(codes.has(2)).toBe(true);
  });
});

// The long-running commands (check, replay, validate, sweep, demo) are fuzzed at the parsing stage only:
// every option in a vector has a value that is wrong for its kind, so each vector must be refused (exit 2,
// one line) before any work starts. A value the command accepted would make it run for seconds: the test
// would then fail on exit 0/1 rather than pass slowly.
const BAD_INTEGER = ['-1', '2.5', 'abc', 'NaN', '', '1e999', '0x1g'];
const BAD_REAL = ['abc', 'NaN', '-1', '', 'Infinity'];
const BAD_NAME = ['no-such-name', '', '../x'];
const slowCommands: ReadonlyArray<[string, ReadonlyArray<[string, readonly string[]]>]> = [
  [
    'check',
    [
      ['--runs', BAD_INTEGER],
      ['--seed', BAD_INTEGER],
      ['--property', BAD_NAME],
      ['--construction', BAD_NAME],
    ],
  ],
  [
    'replay',
    [
      ['--runs', BAD_INTEGER],
      ['--seed', BAD_INTEGER],
      ['--timeout', BAD_REAL],
      ['--construction', BAD_NAME],
    ],
  ],
  [
    'validate',
    [
      ['--runs', BAD_INTEGER],
      ['--seed', BAD_INTEGER],
      ['--timeout', BAD_REAL],
      ['--startup-timeout', BAD_REAL],
      ['--reference', BAD_NAME],
    ],
  ],
  [
    'sweep',
    [
      ['--L', ['x', '16,16', '1', '0', '16,,64', '-16']],
      ['--S', BAD_INTEGER],
      ['--epsilon', BAD_REAL],
      ['--delta', BAD_REAL],
      ['--trials', BAD_INTEGER],
      ['--success', [...BAD_REAL, '2']],
      ['--max-d', BAD_INTEGER],
      ['--shard', ['3/2', '0/1', 'x', '1/0']],
      ['--pattern', BAD_NAME],
      ['--seed', BAD_INTEGER],
    ],
  ],
  ['demo', [['--seed', BAD_INTEGER]]],
];

describe.each(slowCommands)('fuzzing the arguments of %s (parsing stage)', (command, flags) => {
  it('a vector whose every option value is wrong is refused: exit 2, one line', async () => {
    const vector = fc
      .subarray(
        flags.map(([flag, values]) => fc.constantFrom(...values).map((v) => [flag, v])),
        { minLength: 1 },
      )
      .chain((chosen) => fc.tuple(...chosen))
      .chain((pairs) => fc.shuffledSubarray(pairs, { minLength: pairs.length }))
      .map((pairs) => [command, ...pairs.flat()]);
    await fc.assert(
      fc.asyncProperty(vector, async (args) => {
        const result = await cli(...args);
        expectContract(result, args);
        expect(result.code, `attnproof ${args.join(' ')}`).toBe(2);
      }),
      { seed: 52, numRuns: fuzzRuns(0.3) },
    );
  });
});

describe('file-system refusals found by the fuzzer', () => {
  it.each([
    [
      'a directory',
      () => 'fixtures/targets',
      /^attnproof: --out fixtures\/targets: cannot write the file \(it is a directory; give a file name\)\n$/,
    ],
    [
      'a path under a file',
      () => `${FIXTURES.permutation8}/inside`,
      /^attnproof: --out fixtures\/targets\/permutation-8\.json\/inside: fixtures\/targets\/permutation-8\.json: cannot create the directory \(a file is in the way\)\n$/,
    ],
  ])('construct --out %s is exit 2 naming the option and the file', async (_name, out, message) => {
    const result = await cli(
      'construct',
      '--target',
      FIXTURES.permutation8,
      '--epsilon',
      0.5,
      '--delta',
      0.1,
      '--d',
      4,
      '--seed',
      1,
      '--out',
      out(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('construct --out into a missing folder creates the folder', async () => {
    const out = tmp.path('never-created/deeper/out.json');
    const result = await cli(
      'construct',
      '--target',
      FIXTURES.permutation8,
      '--epsilon',
      0.5,
      '--delta',
      0.1,
      '--d',
      4,
      '--seed',
      1,
      '--out',
      out,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe('the fuzzer itself', () => {
  it('wrote nothing into the repository', () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});
