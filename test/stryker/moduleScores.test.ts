import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatScores, gateFailures, GATED, moduleScores } from './moduleScores.mjs';

// The per-module mutation gate of `npm run mutation`: scores computed as Stryker defines them, and a gate
// that fails when the verifier, the bound or the construction is below 85 % or missing from the report.

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'moduleScores.mjs');

const mutants = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));

function report(modules: Record<string, Record<string, number>>) {
  return {
    schemaVersion: '2',
    files: Object.fromEntries(
      Object.entries(modules).map(([name, counts]) => [
        `src/${name}/file.ts`,
        { language: 'typescript', source: '', mutants: mutants(counts) },
      ]),
    ),
  };
}

const PASSING = report({
  verification: { Killed: 80, Timeout: 5, Survived: 15 }, // exactly 85 %: passes (the threshold is inclusive)
  bound: { Killed: 90, Survived: 9, NoCoverage: 1 },
  construction: { Killed: 95, Survived: 5, CompileError: 7, Ignored: 3 },
  io: { Killed: 1, Survived: 9 }, // not gated: reported only
});

describe('moduleScores', () => {
  it('scores each module as (killed + timeout) / (killed + timeout + survived + no coverage)', () => {
    const scores = moduleScores(PASSING);
    expect(scores.get('verification')).toEqual({
      killed: 80,
      timeout: 5,
      survived: 15,
      noCoverage: 0,
      ignored: 0,
      score: 85,
    });
    expect(scores.get('bound')!.score).toBe(90);
    // compile errors and ignored mutants are not counted: 95 / 100
    expect(scores.get('construction')).toEqual({
      killed: 95,
      timeout: 0,
      survived: 5,
      noCoverage: 0,
      ignored: 10,
      score: 95,
    });
    expect(scores.get('io')!.score).toBe(10);
  });

  it('groups files by their src/<module>/ folder, nested folders included', () => {
    const r = {
      files: {
        'src/verification/a.ts': { mutants: mutants({ Killed: 1 }) },
        'src/verification/deep/b.ts': { mutants: mutants({ Survived: 1 }) },
        'other.ts': { mutants: mutants({ Killed: 1 }) },
      },
    };
    const scores = moduleScores(r);
    expect(scores.get('verification')!.score).toBe(50);
    expect(scores.get('(other)')!.killed).toBe(1);
  });

  it('refuses what is not a report', () => {
    expect(() => moduleScores(null)).toThrow(/no "files" object/);
    expect(() => moduleScores({ files: { 'src/a/b.ts': {} } })).toThrow(/src\/a\/b\.ts has no "mutants" array/);
  });
});

describe('gateFailures', () => {
  it('passes when every gated module reaches its threshold', () => {
    expect(GATED).toEqual({ verification: 85, bound: 85, construction: 85 });
    expect(gateFailures(moduleScores(PASSING))).toEqual([]);
  });

  it('fails a gated module below its threshold, and one missing from the report', () => {
    const r = report({ verification: { Killed: 84, Survived: 16 }, bound: { Killed: 1 } });
    expect(gateFailures(moduleScores(r))).toEqual([
      'src/verification: mutation score 84.00 % is below 85 %',
      'src/construction: no mutants in the report (run every module: npm run mutation)',
    ]);
  });

  it('formats one line per module, the gated ones marked', () => {
    const text = formatScores(moduleScores(PASSING));
    expect(text.split('\n')).toHaveLength(5);
    expect(text).toMatch(/^verification\s+85\.00\s+80\s+5\s+15\s+0\s+>= 85 %$/m);
    expect(text).toMatch(/^io\s+10\.00\s+1\s+0\s+9\s+0\s*$/m);
  });
});

describe('the script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-mutation-gate-'));
  const run = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return spawnSync(process.execPath, [SCRIPT, path], { encoding: 'utf8' });
  };

  it('exits 0 on a passing report, 1 on a failing one, 2 on an unreadable one', () => {
    expect(run('pass.json', JSON.stringify(PASSING)).status).toBe(0);
    const failing = run('fail.json', JSON.stringify(report({ verification: { Killed: 1, Survived: 9 } })));
    expect(failing.status).toBe(1);
    expect(failing.stderr).toMatch(/^mutation gate: src\/verification: mutation score 10\.00 % is below 85 %$/m);
    const broken = run('broken.json', '{');
    expect(broken.status).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });
});
