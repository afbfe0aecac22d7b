import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/cliIo.js';
import { run } from '../../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'attnproof-check-'));

describe('attnproof check', () => {
  it('passes on the built-in construction and prints the seed and the table', async () => {
    const io = memoryIo();
    const code = await run(
      ['check', '--property', 'l1-logit-target', 'theorem-at-dstar', '--runs', '20', '--corpus', dir],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/^attnproof check: paper, seed 42, runs 20/);
    expect(io.stdout()).toMatch(/l1-logit-target +L1 +20 +pass/);
    expect(io.stdout()).toMatch(/PASS: 2 of 2 properties hold/);
  });

  it('fails on a negative control with exit 1, a record, a JSON report and a JUnit report', async () => {
    const io = memoryIo();
    const junit = join(dir, 'report.xml');
    const code = await run(
      [
        'check',
        '--construction',
        'negative:no-margin',
        '--property',
        'l1-logit-target',
        'l3-projection-law',
        '--json',
        '--junit',
        junit,
        '--corpus',
        dir,
      ],
      io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(io.stdout());
    expect(report.verdict).toBe('fail');
    expect(report.seed).toBe(42);
    expect(report.properties.map((p: { status: string }) => p.status)).toEqual(['fail', 'fail']);
    expect(report.counterexamples).toHaveLength(2);
    expect(report.properties[0].replay).toBe(`attnproof replay ${report.counterexamples[0]}`);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="attnproof" tests="2" failures="2"/);
    expect(xml).toMatch(/<testcase classname="attnproof.L1" name="l1-logit-target"[^>]*>\s*<failure message=/);
  });

  it('replays a fast-check failure from its seed and path alone', async () => {
    const first = memoryIo();
    await run(
      [
        'check',
        '--construction',
        'negative:transposed-target',
        '--property',
        'theorem-at-dstar',
        '--json',
        '--corpus',
        dir,
      ],
      first,
    );
    const report = JSON.parse(first.stdout());
    const record = JSON.parse(readFileSync(report.counterexamples[0], 'utf8'));
    expect(record.run.path).toMatch(/^\d+(:\d+)*$/);
    const again = memoryIo();
    const code = await run(
      [
        'replay',
        '--seed',
        String(record.run.seed),
        '--path',
        record.run.path,
        '--property',
        'theorem-at-dstar',
        '--construction',
        'negative:transposed-target',
      ],
      again,
    );
    expect(code).toBe(1);
    expect(again.stdout()).toContain(record.failure);
  });

  it('a random seed is printed so that the run can be replayed', async () => {
    const io = memoryIo();
    await run(['check', '--property', 'l1-logit-target', '--runs', '5', '--seed', 'random', '--no-record'], io);
    expect(io.stdout()).toMatch(/seed \d+/);
  });

  it('rejects an unknown property or construction with exit 2 and one line', async () => {
    for (const argv of [
      ['check', '--property', 'nope'],
      ['check', '--construction', 'nope'],
      ['check', '--runs', '0'],
      ['check', '--seed', '-3'],
    ]) {
      const io = memoryIo();
      expect(await run(argv, io)).toBe(2);
      expect(io.stderr().trim().split('\n')[0]).toMatch(/nope|runs|seed/);
    }
  });
});
