import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeReports, MODULES, partConfig, PARTS, parseArguments } from './runMutation.mjs';
import { moduleScores } from './moduleScores.mjs';

// The driver of `npm run mutation`: one incremental Stryker run per part (a module, or half of the
// verifier), then the per-module gate.

describe('runMutation', () => {
  const base = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as Record<string, unknown>;

  it('runs exactly the modules stryker.config.json mutates, the gated ones first', () => {
    const mutated = (base.mutate as string[])
      .filter((g) => !g.startsWith('!'))
      .map((g) => /^src\/([^/]+)\//.exec(g)![1]);
    expect([...MODULES].sort()).toEqual([...mutated].sort());
    expect([...new Set(PARTS.map((p) => p.module))]).toEqual(MODULES);
    expect(PARTS.slice(0, 4).map((p) => p.name)).toEqual([
      'verification-core',
      'verification-kernels',
      'bound',
      'construction',
    ]);
  });

  it('splits the verifier into two parts that together cover every file once', () => {
    const [core, kernels] = PARTS;
    // the core part mutates src/verification/** except exactly the kernel part's globs
    expect(core!.mutate.filter((g) => g.startsWith('!')).map((g) => g.slice(1))).toEqual(kernels!.mutate);
    expect(core!.mutate[0]).toBe('src/verification/**/*.ts');
    expect(kernels!.mutate.every((g) => g.startsWith('src/verification/'))).toBe(true);
  });

  it('narrows the project configuration to one part, incremental against its own baseline', () => {
    const bound = PARTS.find((p) => p.name === 'bound')!;
    const config = partConfig(base, bound, false);
    expect(config.mutate).toEqual(['src/bound/**/*.ts', '!src/**/index.ts']);
    expect(config).toMatchObject({
      incremental: true,
      incrementalFile: 'fixtures/mutation/bound.json',
      force: false,
      tempDirName: '.stryker-tmp-bound',
    });
    expect(config.jsonReporter).toEqual({ fileName: 'reports/mutation/bound.json' });
    // everything else is the project's: runner, coverage analysis, timeouts, thresholds
    for (const key of [
      'testRunner',
      'vitest',
      'coverageAnalysis',
      'concurrency',
      'timeoutMS',
      'thresholds',
      'ignoreStatic',
    ])
      expect(config[key]).toEqual(base[key]);
    expect('$schema' in config).toBe(false);
    expect(partConfig(base, bound, true).force).toBe(true);
  });

  it('parses --force, module names (all their parts) and part names, and names a wrong argument', () => {
    expect(parseArguments([])).toEqual({ force: false, parts: PARTS.map((p) => p.name) });
    expect(parseArguments(['--force', 'io', 'bound'])).toEqual({ force: true, parts: ['bound', 'io'] });
    expect(parseArguments(['verification'])).toEqual({
      force: false,
      parts: ['verification-core', 'verification-kernels'],
    });
    expect(parseArguments(['verification-kernels']).parts).toEqual(['verification-kernels']);
    expect(() => parseArguments(['cli'])).toThrow(
      /^unknown argument "cli"; expected --force, or module or part names among verification, bound/,
    );
  });

  it('merges per-part reports for scoring', () => {
    const a = { files: { 'src/bound/a.ts': { mutants: [{ status: 'Killed' }] } } };
    const b = { files: { 'src/io/b.ts': { mutants: [{ status: 'Survived' }] } } };
    const scores = moduleScores(mergeReports([a, b]));
    expect([scores.get('bound')!.score, scores.get('io')!.score]).toEqual([100, 0]);
  });
});
