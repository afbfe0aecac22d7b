import type { Command } from 'commander';
import { differentialStrengthAgainst } from '../../../properties/differentialStrength.property.js';
import { validationProperties } from '../../../properties/validationProperties.js';
import type { Construction } from '../../construction/construction.js';
import { constructionNamed } from '../../harness/constructions.js';
import { InputRangeError } from '../../errors/inputError.js';
import { suiteJson } from '../../harness/reports/suiteJson.js';
import { suiteJunit } from '../../harness/reports/suiteJunit.js';
import { runSuite } from '../../harness/runSuite.js';
import { toJsonText } from '../../io/jsonText.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { integerOption } from '../options.js';
import { implementationOptions, type ImplementationOptionValues } from '../options/implementationOptions.js';
import { DEFAULT_SEED, seedOption } from '../seedOption.js';
import { formatSuiteReport } from '../format/formatSuiteReport.js';
import { suiteProgress } from '../format/suiteProgress.js';
import { openOutputs, reportWriter } from '../outputFile.js';

interface ValidateOptions extends ImplementationOptionValues {
  runs?: number;
  junit?: string;
  reference?: Construction;
  property?: string[];
}

const implementation = implementationOptions({ command: 'validate', fileTag: '', records: true });

/**
 * `attnproof validate`: an outside implementation (a command speaking the
 * stdio protocol, or a JavaScript module) against the theorem. Exit 0 all
 * hold, 1 a counterexample (shrunk, printed, recorded with its replay
 * command), 3 the implementation broke the protocol (the request is saved for
 * replay).
 */
export function registerValidate(program: Command, context: CommandContext): void {
  implementation
    .declare(
      program
        .command('validate')
        .description(
          'validate an outside implementation against the theorem: --impl "<command>" (stdio protocol, docs/theorem.md §5) or --module ./impl.js',
        ),
    )
    .option(
      '--runs <n>',
      "cases per fast-check property (statistical ones scale by n/100); default: each property's own",
      integerOption(1),
    )
    .option('--seed <n>', 'run seed (an integer, or "random")', seedOption, DEFAULT_SEED)
    .option(
      '--reference <name>',
      'also compare critical dimensions, paired on the same targets and seeds, with a named construction (paper, alias builtin)',
      referenceOption,
    )
    .option(
      '--property <name...>',
      `only these properties (${validationProperties.map((p) => p.name).join(', ')}, differential-strength with --reference)`,
    )
    .option('--json', 'print one JSON object instead of the table')
    .option('--junit <file>', 'also write a JUnit XML report (its folder is created; "-" for standard output)')
    .action(async (options: ValidateOptions) => {
      const chosen = implementation.choose(options);
      const [junit] = openOutputs(context.io, { json: options.json === true }, ['--junit', options.junit]);
      const available =
        options.reference !== undefined
          ? [...validationProperties, differentialStrengthAgainst(options.reference)]
          : validationProperties;
      const properties =
        options.property === undefined
          ? available
          : options.property.map((wanted) => {
              const found = available.find((p) => p.name === wanted);
              if (found === undefined)
                throw new InputRangeError(
                  `unknown property "${wanted}"; validate runs: ${available.map((p) => p.name).join(', ')}${options.reference === undefined ? ' (differential-strength needs --reference)' : ''}`,
                  { field: '--property' },
                );
              return found;
            });
      const opened = await chosen.open();
      try {
        const report = await runSuite({
          properties,
          construction: opened.construction,
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
              `attnproof validate: ${chosen.name}, seed ${report.seed}`,
              options.record ? options.corpus : null,
            ),
          );
        context.exit(report.status === 'pass' ? ExitCode.ok : ExitCode.failed);
      } catch (error) {
        chosen.reportBroken(error, context);
      } finally {
        await opened.close();
      }
    });
}

/** `--reference NAME`: a construction of the registry (aliases such as `builtin` included), or one clear line naming the option. */
function referenceOption(value: string): Construction {
  try {
    return constructionNamed(value);
  } catch (error) {
    if (error instanceof InputRangeError) throw new InputRangeError(error.problem, { field: '--reference' });
    throw error;
  }
}
