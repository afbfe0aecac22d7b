import type { SuiteReport } from '../../harness/runSuite.js';
import type { PropertyFailed } from '../../harness/theoremProperty.js';
import { formatFailure, formatFigures, formatSuiteTable } from './formatSuite.js';

/**
 * The human report of a suite run: headline, table, figures, then every failure with its replay command,
 * where counterexample records went (`corpus`, or `null` with `--no-record`), and the verdict.
 */
export function formatSuiteReport(report: SuiteReport, headline: string, corpus: string | null): string {
  const failures = report.outcomes.filter((o): o is PropertyFailed => o.status === 'fail');
  const written = Object.values(report.records);
  const records =
    corpus === null
      ? 'counterexample records: not written (--no-record)\n'
      : written.length === 0
        ? `counterexample records: none to write (they go to ${corpus}/, see --corpus)\n`
        : `counterexample records: ${written.length} written to ${corpus}/ (--corpus chooses)${report.replaced.length > 0 ? `; replaced a different earlier record at ${report.replaced.join(', ')}` : ''}\n`;
  return (
    `${headline}\n` +
    formatSuiteTable(report) +
    `figures:\n${formatFigures(report)}` +
    failures.map(formatFailure).join('') +
    records +
    `${report.status === 'pass' ? 'PASS' : 'FAIL'}: ${report.outcomes.length - failures.length} of ${report.outcomes.length} properties hold (${report.seconds.toFixed(1)} s, seed ${report.seed})\n`
  );
}
