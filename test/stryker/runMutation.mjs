#!/usr/bin/env node
// `npm run mutation`: Stryker over each mutated module in turn, incrementally, then the per-module gate.
//
//   node test/stryker/runMutation.mjs [--force] [module ...]      (default: every module below)
//
// Each module runs as its own Stryker invocation, with stryker.config.json's settings and its own
// incremental baseline fixtures/mutation/<module>.json (Stryker's incremental mode: a mutant's earlier
// result is reused only when neither its code nor the tests that covered or killed it changed; everything
// else is tested again, and the baseline is rewritten at the end — commit it with the change). `--force`
// tests every mutant again. Reports: reports/mutation/<module>.json and .html. Then moduleScores.mjs
// scores every module and fails when the verifier, the bound or the construction is under 85 %.
//
// One module at a time keeps each run short enough to finish (the verifier alone is about an hour on
// two cores from scratch) and lets a run be resumed module by module.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScores, gateFailures, GATED, moduleScores } from './moduleScores.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The mutated modules, in the order they run (the gated ones first). */
export const MODULES = ['verification', 'bound', 'construction', 'statistics', 'targets', 'io'];

/**
 * The Stryker configuration of one module's run: the project's stryker.config.json narrowed to
 * `src/<module>/` (not its index.ts), incremental against `fixtures/mutation/<module>.json`, with
 * reports named after the module. `O(1)`.
 *
 * @example
 * moduleConfig({ concurrency: 2, mutate: ['src/**'] }, 'bound', false).mutate; // ['src/bound/**\/*.ts', '!src/**\/index.ts']
 */
export function moduleConfig(base, module, force) {
  const { $schema: _schema, ...config } = base;
  return {
    ...config,
    mutate: [`src/${module}/**/*.ts`, '!src/**/index.ts'],
    incremental: true,
    incrementalFile: `fixtures/mutation/${module}.json`,
    force,
    jsonReporter: { fileName: `reports/mutation/${module}.json` },
    htmlReporter: { fileName: `reports/mutation/${module}.html` },
    tempDirName: `.stryker-tmp-${module}`,
  };
}

/** Parses the command line: `--force` and module names; throws a one-line message on anything else. */
export function parseArguments(argv) {
  let force = false;
  const modules = [];
  for (const arg of argv) {
    if (arg === '--force') force = true;
    else if (MODULES.includes(arg)) modules.push(arg);
    else throw new Error(`unknown argument "${arg}"; expected --force or module names among ${MODULES.join(', ')}`);
  }
  return { force, modules: modules.length === 0 ? [...MODULES] : modules };
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
  for (const module of options.modules) {
    const configPath = join(ROOT, 'reports', 'mutation', `${module}.config.json`);
    const temporary = `${configPath}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(moduleConfig(base, module, options.force), null, 2)}\n`);
    renameSync(temporary, configPath);
    console.log(`\n== mutation testing src/${module}/ (baseline fixtures/mutation/${module}.json${options.force ? ', forced' : ''})`);
    const run = spawnSync(process.execPath, [stryker, 'run', configPath], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`runMutation: Stryker failed on src/${module}/ (exit ${run.status ?? run.signal})`);
      return 2;
    }
  }
  const reports = MODULES.map((m) => join(ROOT, 'reports', 'mutation', `${m}.json`))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')));
  const scores = moduleScores(mergeReports(reports));
  console.log(`\n${formatScores(scores)}`);
  if (!Object.keys(GATED).every((m) => options.modules.includes(m))) {
    console.log('mutation gate: not applied (it needs a run of every gated module: npm run mutation)');
    return 0;
  }
  const failures = gateFailures(scores);
  for (const f of failures) console.error(`mutation gate: ${f}`);
  if (failures.length === 0) console.log(`mutation gate: passed (${Object.keys(GATED).map((n) => `src/${n} >= ${GATED[n]} %`).join(', ')})`);
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
