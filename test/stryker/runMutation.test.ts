import { readdirSync, readFileSync } from 'node:fs';
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
    expect(PARTS.slice(0, 6).map((p) => p.name)).toEqual([
      'verification-decision',
      'verification-float32',
      'verification-kernels',
      'verification-arithmetic',
      'bound',
      'construction',
    ]);
  });

  it('splits the verifier into parts that together mutate every file of src/verification exactly once', () => {
    // Stryker's reading of a mutate list: a file is mutated when a glob matches it and no later `!glob` does
    // (here every `!glob` follows the plain ones). Globs use `*` (within a folder) and `**/` (any folders).
    const toRegExp = (glob: string): RegExp =>
      new RegExp(
        `^${glob
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '@@')
          .replace(/\*/g, '[^/]*')
          .replace(/@@/g, '(?:.*/)?')}$`,
      );
    const mutates = (globs: readonly string[], file: string): boolean =>
      globs.some((g) => !g.startsWith('!') && toRegExp(g).test(file)) &&
      !globs.some((g) => g.startsWith('!') && toRegExp(g.slice(1)).test(file));
    const files = (readdirSync('src/verification', { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('index.ts'))
      .map((f) => `src/verification/${f.replaceAll('\\', '/')}`);
    const verifierParts = PARTS.filter((p) => p.module === 'verification');
    expect(files.length).toBeGreaterThan(30);
    for (const file of files)
      expect(
        verifierParts.filter((p) => mutates(p.mutate, file)).map((p) => p.name),
        file,
      ).toHaveLength(1);
    // every part mutates something, and the float32 pass is its own part
    for (const part of verifierParts)
      expect(
        files.some((f) => mutates(part.mutate, f)),
        part.name,
      ).toBe(true);
    const float32 = PARTS.find((p) => p.name === 'verification-float32')!;
    expect(files.filter((f) => mutates(float32.mutate, f)).sort()).toEqual([
      'src/verification/_internals/float32FirstPass.ts',
      'src/verification/_internals/float32Windows.ts',
      'src/verification/_internals/int16Windows.ts',
      'src/verification/_internals/kernel/int16Packing.ts',
      'src/verification/_internals/kernel/layout32.ts',
      'src/verification/_internals/kernel/logits16KernelModule.ts',
      'src/verification/_internals/kernel/logits32KernelModule.ts',
      'src/verification/_internals/kernel/wasmLogits32.ts',
    ]);
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
      parts: ['verification-decision', 'verification-float32', 'verification-kernels', 'verification-arithmetic'],
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
