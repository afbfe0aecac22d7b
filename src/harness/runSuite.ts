import type { Construction } from '../construction/construction.js';
import { writeRecord, type CounterexampleRecord } from './counterexampleRecord.js';
import { recordPath } from './recordPath.js';
import type { PropertyOutcome, TheoremProperty } from './theoremProperty.js';

/** How a suite run is configured. */
export interface SuiteOptions {
  readonly properties: readonly TheoremProperty[];
  readonly construction: Construction;
  readonly seed: number;
  /**
   * Cases per fast-check property; statistical properties scale their trials
   * by `runs / 100`. Omitted: every property's own default budget.
   */
  readonly runs?: number;
  /** Where failures are recorded (`fixtures/counterexamples` by default on the command line); `null`: not written. */
  readonly corpus: string | null;
  /** The command that replays a record, given its path (written into the record). */
  readonly replayCommand: (path: string) => string;
  /** Called before each property starts and as it progresses. */
  readonly onProgress?: (property: TheoremProperty, fraction: number) => void;
}

/** What a suite run found. */
export interface SuiteReport {
  readonly seed: number;
  readonly construction: string;
  readonly status: 'pass' | 'fail';
  readonly seconds: number;
  readonly outcomes: readonly PropertyOutcome[];
  /** The records written, by property name. */
  readonly records: Readonly<Record<string, string>>;
  /** Record files that held a different record before this run replaced them. */
  readonly replaced: readonly string[];
}

/** Budget of `property` when the user asked for `runs` (see {@link SuiteOptions.runs}). */
export function budgetOf(property: TheoremProperty, runs: number | undefined): number {
  if (runs === undefined) return property.defaultRuns;
  return property.kind === 'statistical' ? Math.max(1, Math.ceil((property.defaultRuns * runs) / 100)) : runs;
}

/**
 * Runs every property against the construction, one after the other, each
 * with the run seed, and writes a record for every failure (atomically) with
 * its replay command filled in. Never throws for a failing property.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const started = performance.now();
  const outcomes: PropertyOutcome[] = [];
  const records: Record<string, string> = {};
  const replaced: string[] = [];
  for (const property of options.properties) {
    options.onProgress?.(property, 0);
    const outcome = await property.run({
      construction: options.construction,
      seed: options.seed,
      runs: budgetOf(property, options.runs),
      ...(options.onProgress !== undefined ? { onProgress: (f: number) => options.onProgress!(property, f) } : {}),
    });
    options.onProgress?.(property, 1);
    if (outcome.status === 'fail' && options.corpus !== null) {
      const path = recordPath(options.corpus, outcome.counterexample);
      const record: CounterexampleRecord = { ...outcome.counterexample, replay: options.replayCommand(path) };
      if (writeRecord(path, record) === 'replaced') replaced.push(path);
      records[property.name] = path;
      outcomes.push({ ...outcome, counterexample: record });
    } else outcomes.push(outcome);
  }
  return {
    seed: options.seed,
    construction: options.construction.name,
    status: outcomes.some((o) => o.status === 'fail') ? 'fail' : 'pass',
    seconds: (performance.now() - started) / 1000,
    outcomes,
    records,
    replaced,
  };
}
