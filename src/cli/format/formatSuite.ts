import { formatTarget } from '../../generators/formatTarget.js';
import { recordedTargetOf } from '../../harness/counterexampleRecord.js';
import type { SuiteReport } from '../../harness/runSuite.js';
import type { PropertyFailed } from '../../harness/theoremProperty.js';
import { figureTable } from './figureTable.js';
import { renderTable } from './table.js';

/** The report table of a suite run: property, lemma, runs, result, seconds, and a summary. */
export function formatSuiteTable(report: SuiteReport): string {
  const rows = report.outcomes.map((o) => [
    o.property,
    o.lemma,
    o.runs,
    o.status === 'pass' ? 'pass' : o.status === 'fail' ? 'FAIL' : 'skipped',
    Number(o.seconds.toFixed(2)),
    o.summary,
  ]);
  return renderTable(['property', 'lemma', 'runs', 'result', 'seconds', 'summary'], rows);
}

/**
 * Statistical figures for the human report: per property, its name, then its figures as a small table
 * (see {@link figureTable}): one measure per column, one configuration per line. `O(figures²)`.
 */
export function formatFigures(report: SuiteReport): string {
  return report.outcomes
    .filter((o) => Object.keys(o.figures).length > 0 && o.status !== 'skipped')
    .map(
      (o) =>
        `  ${o.property}:\n${figureTable(Object.fromEntries(Object.entries(o.figures).filter(([k]) => !k.startsWith('alpha') && k !== 'beta')), '    ')}`,
    )
    .join('');
}

/**
 * One failure, as printed: the property and construction, fast-check's seed
 * and path (or the run seed of a statistical property), the shrunk target in
 * compact form, the failure paragraph, and the one command that replays it.
 */
export function formatFailure(outcome: PropertyFailed): string {
  const record = outcome.counterexample;
  let text = `FAIL ${record.property} (${record.lemma}) against ${record.construction}\n`;
  text +=
    record.run.path !== undefined && record.run.path !== ''
      ? `  fast-check seed ${record.run.seed}, path ${record.run.path}, runs ${record.run.runs}\n`
      : `  run seed ${record.run.seed}, runs ${record.run.runs}\n`;
  if (record.target !== undefined)
    text += `  ${record.run.path ? 'shrunk target' : 'a failing target'}: ${formatTarget(recordedTargetOf(record.target), 6)}\n`;
  text += `  ${record.failure}\n`;
  if (record.replay !== '') text += `  replay: ${record.replay}\n`;
  return text;
}
