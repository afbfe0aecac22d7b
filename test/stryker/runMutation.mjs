#!/usr/bin/env node
// `npm run mutation`: Stryker over each mutated module in turn, incrementally, then the per-module gate.
//
//   node test/stryker/runMutation.mjs [--force] [module or part ...]      (default: every part below)
//
// Each part (a module, or a quarter of the verifier) runs as its own Stryker invocation, with
// stryker.config.json's settings and its own incremental baseline fixtures/mutation/<part>.json (Stryker's incremental mode: a mutant's earlier
// result is reused only when neither its code nor the tests that covered or killed it changed; everything
// else is tested again, and the baseline is rewritten at the end — commit it with the change). `--force`
// tests every mutant again. Reports: reports/mutation/<part>.json and .html. Then moduleScores.mjs
// scores every module and fails when the verifier, the bound or the construction is under 85 %.
//
// One part at a time keeps each run short enough to finish and lets a run be resumed part by part: a
// Stryker run leaves its baseline only when it completes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScores, gateFailures, GATED, moduleScores } from './moduleScores.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The mutated modules (src/<module>/), in the order they run (the gated ones first). */
export const MODULES = ['verification', 'bound', 'construction', 'statistics', 'targets', 'io'];

const V = 'src/verification';
/**
 * The verifier's parts, each a list of globs of its own files: the float32 and int16 first passes, the float64 kernel and
 * the worker threads (with the projections they share), the arithmetic (projections, rounding bounds, the JavaScript kernel), and the decision
 * logic, which is every other file of src/verification (so a new file is always mutated somewhere).
 */
const VERIFICATION_GROUPS = {
  'verification-float32': [
    `${V}/_internals/float32*.ts`,
    `${V}/_internals/int16*.ts`,
    `${V}/_internals/kernel/*32*.ts`,
    `${V}/_internals/kernel/*16*.ts`,
  ],
  'verification-kernels': [
    `${V}/_internals/kernel/*.ts`,
    `${V}/_internals/*Parallel.ts`,
    `${V}/_internals/parallel*.ts`,
    `${V}/*Parallel.ts`,
  ],
  'verification-arithmetic': [
    `${V}/_internals/compensated*.ts`,
    `${V}/_internals/roundingBounds.ts`,
    `${V}/_internals/inputProjection.ts`,
    `${V}/_internals/projectRows.ts`,
    `${V}/_internals/projectionSetup.ts`,
    `${V}/_internals/sparseRows.ts`,
    `${V}/_internals/denseVerifier.ts`,
    `${V}/_internals/logitsBlock.ts`,
  ],
};

/**
 * The parts Stryker runs one at a time, each with its own baseline: one per module, except the verifier, split
 * in four of 250–500 mutants each (a part must finish to leave a baseline, so a part must be short enough to
 * finish on a shared 2-core machine: about 20 minutes). A file belongs to the first part whose globs match it
 * (the later parts exclude the earlier ones' globs), so the verifier's parts together mutate every file once.
 * `O(1)`.
 */
export const PARTS = [
  {
    name: 'verification-decision',
    module: 'verification',
    mutate: [`${V}/**/*.ts`, ...Object.values(VERIFICATION_GROUPS).flatMap((globs) => globs.map((g) => `!${g}`))],
  },
  ...Object.entries(VERIFICATION_GROUPS).map(([name, globs], k, all) => ({
    name,
    module: 'verification',
    mutate: [...globs, ...all.slice(0, k).flatMap(([, earlier]) => earlier.map((g) => `!${g}`))],
  })),
  ...MODULES.filter((m) => m !== 'verification').map((m) => ({ name: m, module: m, mutate: [`src/${m}/**/*.ts`] })),
];

/**
 * The Stryker configuration of one part's run: the project's stryker.config.json narrowed to the part's
 * files (never an index.ts), incremental against `fixtures/mutation/<part>.json`, with reports named after
 * the part. `O(1)`.
 *
 * @example
 * partConfig({ concurrency: 2, mutate: ['src/**'] }, PARTS[2], false).mutate; // ['src/bound/**\/*.ts', '!src/**\/index.ts']
 */
export function partConfig(base, part, force) {
  const { $schema: _schema, ...config } = base;
  return {
    ...config,
    mutate: [...part.mutate, '!src/**/index.ts'],
    incremental: true,
    incrementalFile: `fixtures/mutation/${part.name}.json`,
    force,
    jsonReporter: { fileName: `reports/mutation/${part.name}.json` },
    htmlReporter: { fileName: `reports/mutation/${part.name}.html` },
    tempDirName: `.stryker-tmp-${part.name}`,
  };
}

/**
 * Parses the command line: `--force`, and module or part names (a module stands for all its parts);
 * throws a one-line message on anything else. Returns the parts to run, in {@link PARTS} order.
 */
export function parseArguments(argv) {
  let force = false;
  const chosen = new Set();
  for (const arg of argv) {
    if (arg === '--force') force = true;
    else if (MODULES.includes(arg) || PARTS.some((p) => p.name === arg)) {
      for (const p of PARTS) if (p.name === arg || p.module === arg) chosen.add(p.name);
    } else
      throw new Error(
        `unknown argument "${arg}"; expected --force, or module or part names among ${[...new Set([...MODULES, ...PARTS.map((p) => p.name)])].join(', ')}`,
      );
  }
  const parts = PARTS.filter((p) => chosen.size === 0 || chosen.has(p.name));
  return { force, parts: parts.map((p) => p.name) };
}

/** Merges the `files` of several Stryker JSON reports (one per module) for scoring. */
export function mergeReports(reports) {
  return { files: Object.assign({}, ...reports.map((r) => r.files)) };
}

function main(argv) {
  let options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    console.error(`runMutation: ${error.message}`);
    return 2;
  }
  const base = JSON.parse(readFileSync(join(ROOT, 'stryker.config.json'), 'utf8'));
  mkdirSync(join(ROOT, 'reports', 'mutation'), { recursive: true });
  mkdirSync(join(ROOT, 'fixtures', 'mutation'), { recursive: true });
  const stryker = join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  for (const name of options.parts) {
    const part = PARTS.find((p) => p.name === name);
    const configPath = join(ROOT, 'reports', 'mutation', `${name}.config.json`);
    const temporary = `${configPath}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(partConfig(base, part, options.force), null, 2)}\n`);
    renameSync(temporary, configPath);
    console.log(
      `\n== mutation testing ${name} (baseline fixtures/mutation/${name}.json${options.force ? ', forced' : ''})`,
    );
    const run = spawnSync(process.execPath, [stryker, 'run', configPath], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`runMutation: Stryker failed on ${name} (exit ${run.status ?? run.signal})`);
      return 2;
    }
  }
  const reports = PARTS.map((p) => join(ROOT, 'reports', 'mutation', `${p.name}.json`))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')));
  const scores = moduleScores(mergeReports(reports));
  console.log(`\n${formatScores(scores)}`);
  if (!PARTS.filter((p) => p.module in GATED).every((p) => options.parts.includes(p.name))) {
    console.log('mutation gate: not applied (it needs a run of every gated module: npm run mutation)');
    return 0;
  }
  const failures = gateFailures(scores);
  for (const f of failures) console.error(`mutation gate: ${f}`);
  if (failures.length === 0)
    console.log(
      `mutation gate: passed (${Object.keys(GATED)
        .map((n) => `src/${n} >= ${GATED[n]} %`)
        .join(', ')})`,
    );
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
