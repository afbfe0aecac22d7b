import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { propertyNamed } from '../../../properties/index.js';
import { listRecords, readRecord } from '../../harness/counterexampleRecord.js';
import type { PropertyOutcome } from '../../harness/theoremProperty.js';
import { InputRangeError } from '../../errors/inputError.js';
import { toJsonText } from '../../io/jsonText.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { formatFailure } from '../format/formatSuite.js';
import { renderTable } from '../format/table.js';
import { integerOption, realOption } from '../options.js';
import { openConstruction, type OpenConstruction } from '../resolveConstruction.js';
import { replaySavedRequest } from '../replaySavedRequest.js';

interface ReplayOptions {
  request?: string;
  impl?: string;
  timeout: number;
  seed?: number;
  path?: string;
  property?: string;
  construction?: string;
  runs?: number;
  corpus?: string;
  json?: boolean;
}

/**
 * `attnproof replay`: re-run recorded counterexamples bit for bit.
 * - `replay FILE…`: exit 1 when a recorded failure fails again, 0 when it holds now;
 * - `replay --seed S --path P --property NAME`: fast-check's own replay of a run;
 * - `replay --corpus DIR`: the regression gate `npm test` runs first: every record
 *   must behave as expected (a negative control still fails, anything else now holds).
 */
export function registerReplay(program: Command, context: CommandContext): void {
  program
    .command('replay')
    .description('replay counterexample records (or a fast-check seed and path) exactly')
    .argument('[records...]', 'counterexample record files (fixtures/counterexamples/*.json)')
    .option('--seed <n>', 'fast-check seed of the run to replay', integerOption(0))
    .option('--path <path>', "fast-check's counterexample path")
    .option('--property <name>', 'the property the seed and path belong to')
    .option(
      '--construction <name>',
      "construction to replay against: paper (alias builtin), negative:…, impl:<command>, module:<path> (default: the record's own, or paper)",
    )
    .option('--request <file>', 'a request saved when an implementation broke the protocol (with --impl)')
    .option('--impl <command>', 'the implementation to send --request to')
    .option('--timeout <seconds>', 'longest wait for one answer of an outside implementation', realOption(0), 60)
    .option('--runs <n>', 'budget of the replayed run (with --seed)', integerOption(1))
    .option(
      '--corpus <dir>',
      'input folder: replay every record (*.json) in it; each must behave as expected (a missing folder is an error)',
    )
    .option('--json', 'print one JSON object')
    .action(async (records: string[], options: ReplayOptions) => {
      if (options.corpus !== undefined) return replayCorpus(options.corpus, options, context);
      if (options.request !== undefined)
        return replaySavedRequest(options.request, options.impl, options.timeout, context);
      const outcomes: PropertyOutcome[] = [];
      if (options.seed !== undefined || options.property !== undefined) {
        if (options.seed === undefined || options.property === undefined)
          throw new InputRangeError('--seed and --property go together (and --path, for a fast-check property)', {
            field: '--seed',
          });
        const property = propertyNamed(options.property);
        const seed = options.seed;
        outcomes.push(
          await withConstruction(options.construction ?? 'paper', options, (construction) =>
            property.run({
              construction,
              seed,
              ...(options.path !== undefined ? { path: options.path } : {}),
              ...(options.runs !== undefined ? { runs: options.runs } : {}),
            }),
          ),
        );
      }
      if (records.length === 0 && outcomes.length === 0)
        throw new InputRangeError('give record files, --corpus DIR, or --seed with --property', { field: 'replay' });
      for (const file of records) {
        const record = readRecord(file);
        outcomes.push(
          await withConstruction(options.construction ?? record.construction, options, (construction) =>
            propertyNamed(record.property).replay(record, construction),
          ),
        );
      }
      report(outcomes, options, context);
      context.exit(outcomes.some((o) => o.status === 'fail') ? ExitCode.failed : ExitCode.ok);
    });
}

function report(outcomes: readonly PropertyOutcome[], options: ReplayOptions, context: CommandContext): void {
  if (options.json === true) {
    context.io.out(
      `${toJsonText(outcomes.map((o) => ({ property: o.property, construction: o.construction, status: o.status, runs: o.runs, summary: o.summary, figures: o.figures, ...(o.status === 'fail' ? { failure: o.counterexample.failure } : {}) })))}\n`,
    );
    return;
  }
  for (const o of outcomes)
    context.io.out(
      o.status === 'fail'
        ? formatFailure(o)
        : `${o.status.toUpperCase()} ${o.property} against ${o.construction}: ${o.summary}\n`,
    );
}

async function replayCorpus(directory: string, options: ReplayOptions, context: CommandContext): Promise<void> {
  // A gate that passes on a typo is no gate: the folder must exist and hold records.
  const stat = statSync(directory, { throwIfNoEntry: false });
  if (stat === undefined) throw new InputRangeError('no such folder', { field: `--corpus ${directory}` });
  if (!stat.isDirectory())
    throw new InputRangeError('is not a folder (give the folder of record files; replay FILE replays one record)', {
      field: `--corpus ${directory}`,
    });
  const files = listRecords(directory);
  if (files.length === 0) {
    context.io.out(
      options.json === true
        ? `${toJsonText({ corpus: directory, records: 0, regressions: 0, rows: [] })}\n`
        : `${directory} holds no counterexample records (*.json): nothing replayed\n`,
    );
    return;
  }
  const rows: (string | number)[][] = [];
  let unexpected = 0;
  for (const file of files) {
    const record = readRecord(file);
    let negative = false;
    const outcome = await withConstruction(record.construction, options, (construction) => {
      negative = construction.negativeControl !== undefined;
      return propertyNamed(record.property).replay(record, construction);
    });
    // A negative control must still be caught; for any other construction the recorded bug must stay fixed.
    const expected = negative ? 'fail' : 'pass';
    const ok = outcome.status === expected || outcome.status === 'skipped';
    if (!ok) unexpected++;
    rows.push([
      file,
      record.property,
      record.construction,
      `${outcome.status} (expected ${expected})`,
      ok ? 'ok' : 'REGRESSION',
    ]);
  }
  if (options.json === true)
    context.io.out(`${toJsonText({ corpus: directory, records: files.length, regressions: unexpected, rows })}\n`);
  else {
    context.io.out(`replayed ${files.length} counterexample record(s) from ${directory}\n`);
    if (rows.length > 0) context.io.out(renderTable(['record', 'property', 'construction', 'outcome', ''], rows));
    context.io.out(
      unexpected === 0
        ? 'every record behaves as recorded\n'
        : `${unexpected} record(s) no longer behave as recorded\n`,
    );
  }
  context.exit(unexpected === 0 ? ExitCode.ok : ExitCode.failed);
}

/** Opens the named construction (starting an outside implementation if need be), runs `body`, and always closes it. */
async function withConstruction<T>(
  name: string,
  options: ReplayOptions,
  body: (construction: OpenConstruction['construction']) => Promise<T>,
): Promise<T> {
  const opened = await openConstruction(name, { timeoutMs: options.timeout * 1000, startupTimeoutMs: 30_000 });
  try {
    return await body(opened.construction);
  } finally {
    await opened.close();
  }
}
