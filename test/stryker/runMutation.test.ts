import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeReports, moduleConfig, MODULES, parseArguments } from './runMutation.mjs';
import { moduleScores } from './moduleScores.mjs';

// The driver of `npm run mutation`: one incremental Stryker run per module, then the per-module gate.

describe('runMutation', () => {
  const base = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as Record<string, unknown>;

  it('runs exactly the modules stryker.config.json mutates, the gated ones first', () => {
    const mutated = (base.mutate as string[]).filter((g) => !g.startsWith('!')).map((g) => /^src\/([^/]+)\//.exec(g)![1]);
    expect([...MODULES].sort()).toEqual([...mutated].sort());
    expect(MODULES.slice(0, 3)).toEqual(['verification', 'bound', 'construction']);
  });

  it('narrows the project configuration to one module, incremental against its own baseline', () => {
    const config = moduleConfig(base, 'bound', false);
    expect(config.mutate).toEqual(['src/bound/**/*.ts', '!src/**/index.ts']);
    expect(config).toMatchObject({ incremental: true, incrementalFile: 'fixtures/mutation/bound.json', force: false, tempDirName: '.stryker-tmp-bound' });
    expect(config.jsonReporter).toEqual({ fileName: 'reports/mutation/bound.json' });
    // everything else is the project's: runner, coverage analysis, timeouts, thresholds
    for (const key of ['testRunner', 'vitest', 'coverageAnalysis', 'concurrency', 'timeoutMS', 'thresholds', 'ignoreStatic'])
      expect(config[key]).toEqual(base[key]);
    expect('$schema' in config).toBe(false);
    expect(moduleConfig(base, 'io', true).force).toBe(true);
  });

  it('parses --force and module names, and names a wrong argument', () => {
    expect(parseArguments([])).toEqual({ force: false, modules: [...MODULES] });
    expect(parseArguments(['--force', 'io', 'bound'])).toEqual({ force: true, modules: ['io', 'bound'] });
    expect(() => parseArguments(['cli'])).toThrow(/^unknown argument "cli"; expected --force or module names among verification, bound/);
  });

  it('merges per-module reports for scoring', () => {
    const a = { files: { 'src/bound/a.ts': { mutants: [{ status: 'Killed' }] } } };
    const b = { files: { 'src/io/b.ts': { mutants: [{ status: 'Survived' }] } } };
    const scores = moduleScores(mergeReports([a, b]));
    expect([scores.get('bound')!.score, scores.get('io')!.score]).toEqual([100, 0]);
  });
});
