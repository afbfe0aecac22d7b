import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { toJsonText } from '../../src/io/jsonText.js';
import type { SweepResult } from '../../src/sweep/sweepResult.js';
import { lastFloat32Pass } from '../../src/verification/_internals/float32FirstPass.js';
import { cli, expectBadInput, temporaryDirectory, wellFormedXml } from './helpers.js';

const tmp = temporaryDirectory();
afterAll(() => tmp.remove());

/** A small sweep on the command line: lengths 8, 16, 32 with 6 trials (well under a second). */
const SMALL = ['--L', '8,16,32', '--trials', 6, '--seed', 9];
const FAKE = `"${process.execPath}" test/sweep/fakes/projectedImpl.mjs`;
const MODULE = 'test/sweep/fakes/projectedImpl.mjs';

function parse(stdout: string): SweepResult {
  expect(stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(stdout) as SweepResult;
}

describe('attnproof sweep', () => {
  it('prints the table, the fit and the crossovers, and writes the picture and the JSON atomically into new folders', async () => {
    const svg = tmp.path('pictures/deep/sweep.svg');
    const out = tmp.path('results/sweep.json');
    const result = await cli('sweep', ...SMALL, '--svg', svg, '--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^attnproof sweep: paper; random targets with S = 1, kappa = 1; epsilon = 0\.9, gamma = 0\.9; 6 trials per length, seed 9\n/,
    );
    expect(result.stdout).toMatch(/d = smallest d at which at least 6 of 6 trials succeed, on a grid of step 5 %/);
    expect(result.stdout).toMatch(
      /\n\s*L\s+d\s+d in\s+succeed at d\s+95% CI\s+half\.\.all\s+d\*\s+d\*\/d\s+L\/d\s+evaluations\s+seconds\n/,
    );
    expect(result.stdout).toMatch(/\n\s*8\s+\d+\s+\(\d+, \d+\]\s+6\/6 /);
    expect(result.stdout).toMatch(
      /\nfit: d ≈ -?\d+\.\d\d \+ \d+\.\d{3}·ln L \(slope ± [\d.]+, R² = [\d.]+, 3 lengths\)/,
    );
    expect(result.stdout).toMatch(/\ncrossover \(d < L, .*\): measured d .*; d\* from L = 441\n/);
    expect(result.stdout).toContain(`picture: ${svg}\n`);
    expect(result.stdout).toContain(`result: ${out}\n`);
    wellFormedXml(readFileSync(svg, 'utf8'));
    const written = JSON.parse(readFileSync(out, 'utf8')) as SweepResult;
    expect(written.rows.map((r) => r.L)).toEqual([8, 16, 32]);
  });

  it('--json prints one object with the rows and the fit, and nothing on stderr (no progress bar)', async () => {
    const result = await cli('sweep', ...SMALL, '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const json = parse(result.stdout);
    expect(json.format).toBe('attnproof-sweep/1');
    expect(json.rows).toHaveLength(3);
    expect(json.fit!.points).toBe(3);
    expect(json.params).toMatchObject({
      lengths: [8, 16, 32],
      trials: 6,
      seed: 9,
      construction: 'paper',
      S: 1,
      epsilon: 0.9,
      gamma: 0.9,
      kappa: 1,
    });
  });

  it('--kernel: every first-pass kernel gives the same rows, trials and fit, bit for bit; a bad name is exit 2', async () => {
    const whole = parse((await cli('sweep', ...SMALL, '--json')).stdout);
    for (const kernel of ['auto', 'wasm16', 'wasm32', 'wasm', 'js']) {
      const before = lastFloat32Pass();
      const forced = await cli('sweep', ...SMALL, '--kernel', kernel, '--json');
      expect(forced.code, forced.stderr).toBe(0);
      const json = parse(forced.stdout);
      expect(toJsonText([json.rows, json.trials, json.fit, json.params]), kernel).toBe(
        toJsonText([whole.rows, whole.trials, whole.fit, whole.params]),
      );
      // The option reaches the verifier: at these small lengths only wasm16 and wasm32 run a first pass of their kind.
      if (kernel === 'wasm16' || kernel === 'wasm32') {
        expect(lastFloat32Pass()).not.toBe(before);
        expect(lastFloat32Pass()!.lanes).toBe(kernel === 'wasm16' ? 'int16' : 'float32');
      } else expect(lastFloat32Pass()).toBe(before);
    }
    expectBadInput(
      await cli('sweep', ...SMALL, '--kernel', 'float64'),
      /--kernel/,
      /expected one of auto, wasm16, wasm32, wasm, js/,
    );
  });

  it('sharded runs merged on the command line equal the unsharded run (bit for bit, rows and records)', async () => {
    const whole = parse((await cli('sweep', ...SMALL, '--json')).stdout);
    const files: string[] = [];
    for (const k of [1, 2, 3]) {
      const shard = await cli('sweep', ...SMALL, '--shard', `${k}/3`, '--json');
      expect(shard.code).toBe(0);
      expect(parse(shard.stdout).rows).toEqual([]);
      files.push(tmp.path(`shard${k}.json`));
      writeFileSync(files[k - 1]!, shard.stdout);
    }
    const text = await cli('sweep', ...SMALL, '--shard', '2/3');
    expect(text.stdout).toMatch(
      /shard 2 of 3: ran \d+ trials in [\d.]+ s; no rows until every shard's output is merged/,
    );
    const svg = tmp.path('merged.svg');
    const merged = await cli('merge', files[2]!, files[0]!, files[1]!, '--json', '--svg', svg);
    expect(merged.code, merged.stderr).toBe(0);
    const json = parse(merged.stdout);
    expect(toJsonText(json.rows)).toBe(toJsonText(whole.rows));
    expect(toJsonText(json.trials)).toBe(toJsonText(whole.trials));
    expect(toJsonText([json.fit, json.crossover])).toBe(toJsonText([whole.fit, whole.crossover]));
    expect(existsSync(svg)).toBe(true);
    const table = await cli('merge', ...files);
    expect(table.stdout).toMatch(/^attnproof merge: paper;/);
    expect(table.stdout).toMatch(/\nfit: d ≈/);
  });

  it('measures an implementation over the stdio protocol (--impl) or as a module (--module), named as in records', async () => {
    const overStdio = await cli('sweep', '--L', '8,16', '--trials', 3, '--impl', FAKE, '--json');
    expect(overStdio.code, overStdio.stderr).toBe(0);
    const json = parse(overStdio.stdout);
    expect(json.params.construction).toBe(`impl:${FAKE}`);
    for (const row of json.rows) {
      expect(row.d).not.toBeNull();
      expect(row.d!).toBeLessThan(row.dStar);
    }
    // The same construction loaded in-process gives the same trials: same targets, seeds and outcomes.
    const asModule = await cli('sweep', '--L', '8,16', '--trials', 3, '--module', MODULE, '--json');
    expect(asModule.code, asModule.stderr).toBe(0);
    const moduleJson = parse(asModule.stdout);
    expect(moduleJson.params.construction).toBe(`module:${MODULE}`);
    expect(toJsonText(moduleJson.trials)).toBe(toJsonText(json.trials));
  });

  it('an implementation that declines small d: those evaluations are failures (refused), the sweep goes on', async () => {
    const result = await cli('sweep', '--L', '8', '--trials', 3, '--impl', `${FAKE} refuse-below 12`, '--json');
    expect(result.code, result.stderr).toBe(0);
    const json = parse(result.stdout);
    const steps = json.trials.flatMap((t) => t.steps);
    expect(steps.filter(([d]) => d < 12).every(([, status]) => status === 'refused')).toBe(true);
    expect(steps.some(([, status]) => status === 'refused')).toBe(true);
    for (const t of json.trials) expect(t.critical!).toBeGreaterThanOrEqual(12);
  });

  it('an implementation that crashes: exit 3, one line naming the request, the request saved with its replay command', async () => {
    const corpus = tmp.path('corpus');
    const result = await cli(
      'sweep',
      '--L',
      '8,16',
      '--trials',
      3,
      '--impl',
      `${FAKE} crash-after 4`,
      '--corpus',
      corpus,
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^attnproof sweep: the implementation broke the protocol\. .*request 5 \(L = 8, d = \d+, seed = \d+\).*crashed/,
    );
    expect(result.stderr).toMatch(
      /The request was saved to \S+requests\/sweep-crash-seed42-id5\.json; replay it with: attnproof replay --request \S+ --impl "/,
    );
    const saved = result.stderr.match(/saved to (\S+\.json);/)![1]!;
    const request = JSON.parse(readFileSync(saved, 'utf8')) as { id: number; L: number; entries: unknown[] };
    expect(request).toMatchObject({ id: 5, L: 8 });
    expect(request.entries).toHaveLength(8);
  });

  it.each([
    [['--L', '1'], /--L .*every length must be at least 2, got 1/],
    [['--L', '16,16'], /--L .*listed twice/],
    [['--L', '16,abc'], /--L .*comma-separated integers/],
    [['--shard', '3/2'], /--shard .*must lie in \[1, N\] = \[1, 2\], got 3\/2/],
    [['--shard', '0/2'], /--shard/],
    [['--shard', 'two'], /--shard .*expected K\/N/],
    [['--success', '1.5'], /--success .*must lie in \(0, 1\], got 1\.5/],
    [['--success', '0'], /--success/],
    [['--trials', '0'], /--trials/],
    [['--epsilon', '2'], /--gamma: is required when --epsilon >= 1/],
    [['--pattern', 'zigzag'], /--pattern .*expected one of random, banded/],
    [
      ['--construction', 'builtin', '--impl', 'python3 x.py'],
      /--impl: give one of --construction, --impl and --module, not --construction and --impl/,
    ],
    [['--impl', 'python3 x.py', '--module', 'x.mjs'], /--module: give one of/],
    [['--module', 'no/such/module.mjs'], /no\/such\/module\.mjs: cannot read the module/],
    [['--timeout', '0'], /--timeout/],
    [['--construction', 'nonesuch'], /unknown construction "nonesuch"/],
    [['--svg', 'x.svg', '--shard', '1/2'], /--svg: one shard cannot be drawn/],
    [['--impl', ' '], /non-empty command line/],
  ])('bad input %j: exit 2 and one line', async (argv, message) => {
    expectBadInput(await cli('sweep', '--L', '8', '--trials', 2, ...argv), message);
  });
});

describe('attnproof merge: bad input', () => {
  it('an unreadable file, malformed JSON, not a sweep, shards of different sweeps, a missing or repeated shard', async () => {
    expectBadInput(await cli('merge', tmp.path('nope.json')), /nope\.json: cannot read the file \(no such file\)/);
    const malformed = tmp.path('malformed.json');
    writeFileSync(malformed, '{"format": ');
    expectBadInput(await cli('merge', malformed), /malformed\.json: .*malformed JSON/);
    const other = tmp.path('other.json');
    writeFileSync(other, JSON.stringify({ format: 'attnproof-suite' }));
    expectBadInput(await cli('merge', other), /other\.json: format: must be "attnproof-sweep\/1"/);

    const shard = async (k: number, seed: number): Promise<string> => {
      const path = tmp.path(`s${k}-seed${seed}.json`);
      writeFileSync(
        path,
        (await cli('sweep', '--L', '8', '--trials', 4, '--seed', seed, '--shard', `${k}/2`, '--json')).stdout,
      );
      return path;
    };
    const a = await shard(1, 1);
    const b = await shard(2, 2);
    expectBadInput(
      await cli('merge', a, b),
      /s2-seed2\.json: params\.seed: is a different sweep: params\.seed is 2 here but 1 in .*s1-seed1\.json/,
    );
    expectBadInput(await cli('merge', a), /merge: shard 2 of 2 missing: give every shard's output/);
    expectBadInput(await cli('merge', a, a), /shard 1\/2 is also in/);
    expectBadInput(await cli('merge'), /missing required argument 'files'/);
  });
});

describe('attnproof demo (npm start)', () => {
  it('checks the theorem at d*, then a small sweep: table, fit, and the picture written', async () => {
    const svg = tmp.path('reports/sweep.svg');
    const result = await cli('demo', '--svg', svg);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/construct at d\* \(delta = 0\.1\) and verify exactly/);
    expect(result.stdout).toMatch(
      /How many dimensions are really needed\? \(attnproof sweep --L 16,64,256,1024 --trials 20 --seed 42\)/,
    );
    expect(result.stdout).toMatch(/\nfit: d ≈ .*R² = /);
    expect(result.stdout).toMatch(
      new RegExp(`picture: ${svg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\(\\d+\\.\\d s\\)\\n$`),
    );
    wellFormedXml(readFileSync(svg, 'utf8'));
  });
});
