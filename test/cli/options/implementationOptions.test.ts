import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  implementationOptions,
  type ImplementationOptionValues,
} from '../../../src/cli/options/implementationOptions.js';
import { cli, expectBadInput, temporaryDirectory } from '../helpers.js';

// The option group `validate` and `sweep` share (--impl, --module, --timeout, --startup-timeout, --corpus,
// --no-record): the same refusals, word for word, on both commands; the same help; the same exit-3 report.

const tmp = temporaryDirectory('implementation-options');
afterAll(() => tmp.remove());

const FAULTY = `node test/protocol/fakes/faultyImpl.mjs`;
/** Each command with arguments that make it short, so that a value it wrongly accepted ends quickly. */
const COMMANDS = [
  ['validate', ['--runs', '1']],
  ['sweep', ['--L', '8', '--trials', '1']],
] as const;

const values = (given: Partial<ImplementationOptionValues>): ImplementationOptionValues => ({
  timeout: 60,
  startupTimeout: 30,
  corpus: tmp.path('corpus'),
  record: true,
  seed: 42,
  ...given,
});

describe.each(COMMANDS)('the implementation options of %s', (command, short) => {
  it.each([
    [
      ['--impl', 'x', '--timeout', 'abc'],
      /^attnproof: option '--timeout <seconds>' argument 'abc' is invalid\. expected a finite number, got "abc"/,
    ],
    [['--impl', 'x', '--timeout', '0'], /--timeout <seconds>' argument '0' is invalid\. must be > 0, got 0/],
    [
      ['--impl', 'x', '--startup-timeout', '-1'],
      /--startup-timeout <seconds>' argument '-1' is invalid\. must be >= 0, got -1/,
    ],
    [
      ['--impl', 'x', '--module', 'y.mjs'],
      /^attnproof: --module: give one of (--construction, )?--impl and --module, not --impl and --module\n$/,
    ],
    [['--impl', ''], /--impl needs a command, got an empty value/],
    [['--module', '--json'], /--module needs a path, got "--json"/],
    [['--impl', 'x', '--corpus', '/proc/nope'], /^attnproof: --corpus \/proc\/nope: cannot create the directory/],
    [['--impl', 'x', '--corpus', ''], /--corpus needs a folder, got an empty value/],
  ])('bad values %j: exit 2, one line naming the option', async (argv, message) => {
    expectBadInput(await cli(command, ...short, ...argv), message);
  });

  it('--no-record: the corpus is not looked at (nothing will be written there)', async () => {
    const result = await cli(command, ...short, '--impl', `${FAULTY} garbage`, '--corpus', '/proc/nope', '--no-record');
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).not.toMatch(/saved to/);
  });

  it('an implementation that breaks the protocol: one line, the request saved, exit 3, with --json one JSON object', async () => {
    const corpus = tmp.path(`corpus-${command}`);
    const result = await cli(
      command,
      ...short,
      '--impl',
      `${FAULTY} garbage`,
      '--corpus',
      corpus,
      '--json',
      '--seed',
      7,
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^attnproof ${command}: the implementation broke the protocol\\. `));
    const saved = readdirSync(join(corpus, 'requests'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(new RegExp(`^${command === 'sweep' ? 'sweep-' : ''}malformed-json-seed7-id\\d+\\.json$`));
    expect(result.stderr).toContain(
      `replay it with: attnproof replay --request ${join(corpus, 'requests', saved[0]!)}`,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({
      tool: 'attnproof',
      verdict: 'broken',
      construction: `impl:${FAULTY} garbage`,
      seed: 7,
    });
  });
});

describe('the group on both commands', () => {
  it('gives the same help for the shared options, differing only in what --impl and --module replace', async () => {
    const help = async (command: string): Promise<string[]> => {
      const text = (await cli(command, '--help')).stdout.replace(/\n\s{20,}/g, ' ');
      return text
        .split('\n')
        .filter((line) => /^\s+--(impl|module|timeout|startup-timeout|corpus|no-record)\b/.test(line));
    };
    const [validate, sweep] = [await help('validate'), await help('sweep')];
    expect(validate).toHaveLength(6);
    expect(sweep).toHaveLength(6);
    const common = (lines: string[]): string[] =>
      lines.map((line) =>
        line.replace(/\s+/g, ' ').replace(/\((this or --\w+ is required|instead of --construction)\)/, '(…)'),
      );
    for (const k of [0, 1, 2, 3]) expect(common(sweep)[k]).toBe(common(validate)[k]);
    expect(validate.join('\n')).toMatch(/this or --module is required/);
    expect(sweep.join('\n')).toMatch(/instead of --construction/);
  });
});

describe('implementationOptions: choose', () => {
  const validate = implementationOptions({ command: 'validate', fileTag: '', records: true });
  const sweep = implementationOptions({
    command: 'sweep',
    fileTag: 'sweep-',
    records: false,
    alternative: { option: '--construction', fallback: 'paper' },
  });

  it('names the implementation as records store it', () => {
    expect(validate.choose(values({ impl: 'python3 impl.py' })).name).toBe('impl:python3 impl.py');
    expect(validate.choose(values({ module: './impl.mjs' })).name).toBe('module:./impl.mjs');
    expect(sweep.choose(values({}), 'exact-support').name).toBe('exact-support');
    expect(sweep.choose(values({})).name).toBe('paper');
  });

  it('refuses none (when one is required) and more than one, naming the option', () => {
    expect(() => validate.choose(values({}))).toThrow(/give exactly one of --impl "<command>" or --module <path>/);
    expect(() => sweep.choose(values({ module: 'm.mjs' }), 'paper')).toThrow(
      'give one of --construction, --impl and --module, not --construction and --module',
    );
  });

  it('probes the corpus only where something may be written: records (validate) or a request of --impl', () => {
    const nope = { corpus: '/proc/nope' };
    expect(() => validate.choose(values({ module: 'm.mjs', ...nope }))).toThrow(/--corpus \/proc\/nope/);
    expect(sweep.choose(values({ module: 'm.mjs', ...nope })).name).toBe('module:m.mjs');
    expect(() => sweep.choose(values({ impl: 'x', ...nope }))).toThrow(/--corpus \/proc\/nope/);
    expect(validate.choose(values({ impl: 'x', ...nope, record: false })).name).toBe('impl:x');
    expect(existsSync(tmp.path('corpus'))).toBe(false);
  });
});
