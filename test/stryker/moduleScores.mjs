#!/usr/bin/env node
// Per-module gate over a Stryker report (`npm run mutation` runs it after `stryker run`).
//
// Stryker's own `thresholds.break` applies to the score of the whole run; the project's promise is per
// module: the verifier, the bound and the construction must each reach GATED_SCORE, whatever the other
// modules score. This script reads the mutation-testing-report-schema JSON Stryker writes, prints the score
// of every module (src/<module>/), and exits 1 when a gated module is below its threshold or absent from
// the report, 2 when the report cannot be read.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Modules whose mutation score must reach the threshold (percent). */
export const GATED = { verification: 85, bound: 85, construction: 85 };

/**
 * Mutation score per module of a Stryker JSON report: `detected / (detected + undetected)` in percent,
 * where detected = Killed + Timeout and undetected = Survived + NoCoverage (compile and runtime errors
 * and ignored mutants are not counted), as Stryker defines its score. `O(mutants)`.
 *
 * @example
 * moduleScores({ files: { 'src/bound/a.ts': { mutants: [{ status: 'Killed' }, { status: 'Survived' }] } } });
 * // Map { 'bound' => { killed: 1, timeout: 0, survived: 1, noCoverage: 0, ignored: 0, score: 50 } }
 * @throws {TypeError} when `report` has no `files` object or a file has no `mutants` array.
 */
export function moduleScores(report) {
  if (typeof report !== 'object' || report === null || typeof report.files !== 'object' || report.files === null)
    throw new TypeError('not a Stryker mutation report: no "files" object');
  const modules = new Map();
  for (const [path, file] of Object.entries(report.files)) {
    if (!Array.isArray(file?.mutants))
      throw new TypeError(`not a Stryker mutation report: ${path} has no "mutants" array`);
    const match = /^(?:.*\/)?src\/([^/]+)\//.exec(path.replaceAll('\\', '/'));
    const name = match === null ? '(other)' : match[1];
    const m = modules.get(name) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, score: NaN };
    for (const { status } of file.mutants) {
      if (status === 'Killed') m.killed++;
      else if (status === 'Timeout') m.timeout++;
      else if (status === 'Survived') m.survived++;
      else if (status === 'NoCoverage') m.noCoverage++;
      else m.ignored++;
    }
    modules.set(name, m);
  }
  for (const m of modules.values()) {
    const detected = m.killed + m.timeout;
    const valid = detected + m.survived + m.noCoverage;
    m.score = valid === 0 ? NaN : (100 * detected) / valid;
  }
  return modules;
}

/**
 * The gate's verdict: one message per gated module below its threshold or missing. `O(modules)`.
 *
 * @example
 * gateFailures(new Map([['bound', { score: 90 }]]), { bound: 85, verification: 85 });
 * // ['src/verification: no mutants in the report (run every module: npm run mutation)']
 */
export function gateFailures(scores, gated = GATED) {
  const failures = [];
  for (const [name, threshold] of Object.entries(gated)) {
    const m = scores.get(name);
    if (m === undefined || Number.isNaN(m.score))
      failures.push(`src/${name}: no mutants in the report (run every module: npm run mutation)`);
    else if (m.score < threshold)
      failures.push(`src/${name}: mutation score ${m.score.toFixed(2)} % is below ${threshold} %`);
  }
  return failures;
}

/** The per-module table, one line per module, gated ones marked. */
export function formatScores(scores, gated = GATED) {
  const lines = ['module          score   killed timeout survived no-cov  gate'];
  for (const [name, m] of [...scores].sort(([a], [b]) => a.localeCompare(b))) {
    const gate = name in gated ? `>= ${gated[name]} %` : '';
    lines.push(
      `${name.padEnd(14)} ${(Number.isNaN(m.score) ? 'n/a' : m.score.toFixed(2)).padStart(6)} ` +
        `${String(m.killed).padStart(8)} ${String(m.timeout).padStart(7)} ${String(m.survived).padStart(8)} ${String(m.noCoverage).padStart(6)}  ${gate}`,
    );
  }
  return lines.join('\n');
}

function main(argv) {
  const path = argv[0] ?? 'reports/mutation/mutation.json';
  let scores;
  try {
    scores = moduleScores(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    console.error(`moduleScores: ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  console.log(formatScores(scores));
  const failures = gateFailures(scores);
  for (const f of failures) console.error(`mutation gate: ${f}`);
  if (failures.length === 0)
    console.log(
      `mutation gate: passed (${Object.keys(GATED)
        .map((n) => `src/${n}`)
        .join(', ')})`,
    );
  return failures.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
