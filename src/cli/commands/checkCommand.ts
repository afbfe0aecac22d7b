import type { Command } from 'commander';
import { propertyNamed, theoremProperties } from '../../../properties/index.js';
import { constructionNamed } from '../../harness/constructions.js';
import { suiteJson } from '../../harness/reports/suiteJson.js';
import { suiteJunit } from '../../harness/reports/suiteJunit.js';
import { runSuite, type SuiteReport } from '../../harness/runSuite.js';
import { toJsonText } from '../../io/jsonText.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import type { CliIo } from '../cliIo.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { formatFailure, formatFigures, formatSuiteTable } from '../format/formatSuite.js';
import { integerOption } from '../options.js';
import { DEFAULT_SEED, seedOption } from '../seedOption.js';

/** Default corpus of counterexample records. */
export const DEFAULT_CORPUS = 'fixtures/counterexamples';

interface CheckOptions {
  runs?: number;
  seed: number;
  json?: boolean;
  junit?: string;
  property?: string[];
  construction: string;
  corpus: string;
  record: boolean;
}

/** `attnproof check`: the CI gate — every theorem property against a construction, one table, exit 0 or 1. */
export function registerCheck(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description("run the theorem's properties against a construction, the paper's by default (the CI gate); exit 0 all hold, 1 a property failed")
    .option('--runs <n>', 'cases per fast-check property (statistical properties scale their trials by n/100); default: each property\'s own budget', integerOption(1))
    .option('--seed <n>', 'run seed (an integer, or "random")', seedOption, DEFAULT_SEED)
    .option('--json', 'print one JSON object instead of the table')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--property <name...>', `only these properties (${theoremProperties.map((p) => p.name).join(', ')})`)
    .option('--construction <name>', 'construction under test: paper (alias builtin), or a negative control such as negative:no-margin', 'paper')
    .option('--corpus <dir>', 'where counterexample records are written', DEFAULT_CORPUS)
    .option('--no-record', 'do not write counterexample records')
    .action(async (options: CheckOptions) => {
      const properties = options.property === undefined ? theoremProperties : options.property.map(propertyNamed);
      const construction = constructionNamed(options.construction);
      const report = await runSuite({
        properties,
        construction,
        seed: options.seed,
        ...(options.runs !== undefined ? { runs: options.runs } : {}),
        corpus: options.record ? options.corpus : null,
        replayCommand: (path) => `attnproof replay ${path}`,
        ...(context.io.interactive && options.json !== true ? { onProgress: progressLine(context.io) } : {}),
      });
      if (options.junit !== undefined) writeFileAtomic(options.junit, suiteJunit(report));
      if (options.json === true) context.io.out(`${toJsonText(suiteJson(report))}\n`);
      else context.io.out(formatSuiteReport(report, `attnproof check: ${construction.name}, seed ${report.seed}${options.runs !== undefined ? `, runs ${options.runs}` : ''}`));
      context.exit(report.status === 'pass' ? ExitCode.ok : ExitCode.failed);
    });
}

/** The human report of a suite run: headline, table, figures, then every failure with its replay command. */
export function formatSuiteReport(report: SuiteReport, headline: string): string {
  const failures = report.outcomes.filter((o) => o.status === 'fail');
  return (
    `${headline}\n` +
    formatSuiteTable(report) +
    `figures:\n${formatFigures(report)}` +
    failures.map(formatFailure).join('') +
    `${report.status === 'pass' ? 'PASS' : 'FAIL'}: ${report.outcomes.length - failures.length} of ${report.outcomes.length} properties hold (${report.seconds.toFixed(1)} s, seed ${report.seed})\n`
  );
}

/** A one-line progress indicator on stderr, redrawn in place (terminals only). */
function progressLine(io: CliIo): (property: { name: string }, fraction: number) => void {
  let last = '';
  return (property, fraction) => {
    const line = `  ${property.name} ${Math.round(fraction * 100)}%`;
    if (line === last) return;
    last = line;
    io.err(`\r\x1b[2K${line}${fraction >= 1 ? '\n' : ''}`);
  };
}
