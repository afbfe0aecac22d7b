import type { Command } from 'commander';
import { propertiesFor, propertyNamed, theoremProperties } from '../../../properties/index.js';
import { constructionNamed } from '../../harness/constructions.js';
import { suiteJson } from '../../harness/reports/suiteJson.js';
import { suiteJunit } from '../../harness/reports/suiteJunit.js';
import { runSuite } from '../../harness/runSuite.js';
import { toJsonText } from '../../io/jsonText.js';
import { openOutputs, reportWriter } from '../outputFile.js';
import { probeOption } from '../probeOption.js';
import { DEFAULT_CORPUS } from '../corpusOption.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { formatSuiteReport } from '../format/formatSuiteReport.js';
import { suiteProgress } from '../format/suiteProgress.js';
import { integerOption } from '../options.js';
import { DEFAULT_SEED, seedOption } from '../seedOption.js';

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
    .description(
      "run the theorem's properties against a construction, the paper's by default (the CI gate); exit 0 all hold, 1 a property failed",
    )
    .option(
      '--runs <n>',
      "cases per fast-check property (statistical properties scale their trials by n/100); default: each property's own budget",
      integerOption(1),
    )
    .option('--seed <n>', 'run seed (an integer, or "random")', seedOption, DEFAULT_SEED)
    .option('--json', 'print one JSON object instead of the table')
    .option('--junit <file>', 'also write a JUnit XML report (its folder is created; "-" for standard output)')
    .option(
      '--property <name...>',
      `only these properties (${theoremProperties.map((p) => p.name).join(', ')}, fixed-parameters, exactness)`,
    )
    .option(
      '--construction <name>',
      'construction under test: paper (alias builtin), exact-support, lagrange-circle, lagrange-torus, or a negative control such as negative:no-margin; runs the properties that apply to it',
      'paper',
    )
    .option(
      '--corpus <dir>',
      'output folder: where counterexample records are written (created only when one is)',
      DEFAULT_CORPUS,
    )
    .option('--no-record', 'do not write counterexample records')
    .action(async (options: CheckOptions) => {
      const construction = constructionNamed(options.construction);
      const properties =
        options.property === undefined ? propertiesFor(construction) : options.property.map(propertyNamed);
      const [junit] = openOutputs(context.io, { json: options.json === true }, ['--junit', options.junit]);
      if (options.record) probeOption('--corpus', options.corpus);
      const report = await runSuite({
        properties,
        construction,
        seed: options.seed,
        ...(options.runs !== undefined ? { runs: options.runs } : {}),
        corpus: options.record ? options.corpus : null,
        replayCommand: (path) => `attnproof replay ${path}`,
        ...(context.io.interactive && options.json !== true
          ? { onProgress: suiteProgress(context.io, properties.length) }
          : {}),
      });
      junit?.write(suiteJunit(report));
      if (options.json === true) context.io.out(`${toJsonText(suiteJson(report))}\n`);
      else
        reportWriter(context.io, [junit])(
          formatSuiteReport(
            report,
            `attnproof check: ${construction.name}, seed ${report.seed}${options.runs !== undefined ? `, runs ${options.runs}` : ''}`,
            options.record ? options.corpus : null,
          ),
        );
      context.exit(report.status === 'pass' ? ExitCode.ok : ExitCode.failed);
    });
}
