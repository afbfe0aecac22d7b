import type { Command } from 'commander';
import { propertiesFor, propertyNamed, theoremProperties } from '../../../properties/index.js';
import { constructionNamed } from '../../harness/constructions.js';
import { suiteJson } from '../../harness/reports/suiteJson.js';
import { suiteJunit } from '../../harness/reports/suiteJunit.js';
import { runSuite, type SuiteReport } from '../../harness/runSuite.js';
import type { PropertyFailed } from '../../harness/theoremProperty.js';
import { toJsonText } from '../../io/jsonText.js';
import { openOutputs, reportWriter } from '../outputFile.js';
import { probeOption } from '../probeOption.js';
import { statusLine } from '../format/statusLine.js';
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
    .option('--junit <file>', 'also write a JUnit XML report (its folder is created; "-" for standard output)')
    .option('--property <name...>', `only these properties (${theoremProperties.map((p) => p.name).join(', ')}, fixed-parameters, exactness)`)
    .option('--construction <name>', 'construction under test: paper (alias builtin), exact-support, lagrange-circle, lagrange-torus, or a negative control such as negative:no-margin; runs the properties that apply to it', 'paper')
    .option('--corpus <dir>', 'output folder: where counterexample records are written (created only when one is)', DEFAULT_CORPUS)
    .option('--no-record', 'do not write counterexample records')
    .action(async (options: CheckOptions) => {
      const construction = constructionNamed(options.construction);
      const properties = options.property === undefined ? propertiesFor(construction) : options.property.map(propertyNamed);
      const [junit] = openOutputs(context.io, { json: options.json === true }, ['--junit', options.junit]);
      if (options.record) probeOption('--corpus', options.corpus);
      const report = await runSuite({
        properties,
        construction,
        seed: options.seed,
        ...(options.runs !== undefined ? { runs: options.runs } : {}),
        corpus: options.record ? options.corpus : null,
        replayCommand: (path) => `attnproof replay ${path}`,
        ...(context.io.interactive && options.json !== true ? { onProgress: suiteProgress(context.io, properties.length) } : {}),
      });
      junit?.write(suiteJunit(report));
      if (options.json === true) context.io.out(`${toJsonText(suiteJson(report))}\n`);
      else
        reportWriter(context.io, [junit])(
          formatSuiteReport(report, `attnproof check: ${construction.name}, seed ${report.seed}${options.runs !== undefined ? `, runs ${options.runs}` : ''}`, options.record ? options.corpus : null),
        );
      context.exit(report.status === 'pass' ? ExitCode.ok : ExitCode.failed);
    });
}

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

/**
 * A progress line on stderr for a suite run (terminals only): the property running, its share done,
 * and how many properties are finished; redrawn in place, cleared at the end or on Ctrl-C. `O(1)` per call.
 */
export function suiteProgress(io: CliIo, total?: number): (property: { name: string }, fraction: number) => void {
  const line = statusLine(io);
  const finished = new Set<string>();
  let last = '';
  const started = performance.now();
  return (property, fraction) => {
    if (fraction >= 1) finished.add(property.name);
    const count = total !== undefined ? ` (${finished.size} of ${total} done, ${Math.round((performance.now() - started) / 1000)} s)` : '';
    const text = fraction >= 1 && total !== undefined && finished.size >= total ? '' : `  ${property.name} ${Math.round(Math.min(fraction, 1) * 100)}%${count}`;
    if (text === last) return;
    last = text;
    line.draw(text);
  };
}
