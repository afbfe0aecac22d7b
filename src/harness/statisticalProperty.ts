import fc from 'fast-check';
import { breaksProtocol } from '../errors/implementationError.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { VERSION } from '../version.js';
import type { Construction } from '../construction/construction.js';
import { RECORD_FORMAT, recordTarget, type CounterexampleRecord } from './counterexampleRecord.js';
import type { PropertyOutcome, TheoremProperty } from './theoremProperty.js';

/** What one evaluation of a statistical property found. */
export interface StatisticalEvaluation {
  /** Trials actually run (a sequential test may stop early). */
  readonly trials: number;
  /** `null` when the claim holds, else one paragraph saying what the statistics show. */
  readonly failure: string | null;
  /** Rates, bounds, p-values, decisions: printed in the report table and JSON. */
  readonly figures: Readonly<Record<string, number | string | boolean>>;
  /** One line for the report table. */
  readonly summary: string;
  /** A failing trial's target, when there is one to show. */
  readonly exampleTarget?: SparseTarget;
  /** Extra parameters to record with a failure (which sub-test, its statistic, …). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Set when what the trials returned turned out not to be what the property is about (then it is skipped, with this reason, and `failure` is ignored). */
  readonly skipped?: string;
}

/** What a statistical property is made of. */
export interface StatisticalPropertySpec {
  readonly name: string;
  readonly lemma: string;
  readonly claim: string;
  /** Trials per configuration of `npm test` and a default `attnproof check`. */
  readonly defaultRuns: number;
  /** Runs the trials; every random draw derives from `seed`, so the same `(seed, runs)` replays bit for bit. */
  evaluate(
    construction: Construction,
    seed: number,
    runs: number,
    onProgress?: (fraction: number) => void,
  ): Promise<StatisticalEvaluation>;
  /** Why the property cannot run on `construction` (then it is skipped), or `null`. */
  notApplicable?(construction: Construction): string | null;
}

/**
 * Turns an aggregate claim (a rate, a distribution, a growth law) into a
 * {@link TheoremProperty}. There is no case to shrink: a failure is recorded
 * with the run seed and budget, which replay it exactly, plus one failing
 * trial's target when the evaluation names one.
 */
export function statisticalProperty(spec: StatisticalPropertySpec): TheoremProperty {
  const execute = async (
    construction: Construction,
    seed: number,
    runs: number,
    onProgress?: (fraction: number) => void,
  ): Promise<PropertyOutcome> => {
    const started = performance.now();
    const base = { property: spec.name, lemma: spec.lemma, construction: construction.name };
    const skip = spec.notApplicable?.(construction) ?? null;
    if (skip !== null) return { ...base, status: 'skipped', runs: 0, seconds: 0, figures: {}, summary: skip };
    let evaluation: StatisticalEvaluation;
    try {
      evaluation = await spec.evaluate(construction, seed, runs, onProgress);
    } catch (error) {
      if (breaksProtocol(error)) throw error;
      evaluation = {
        trials: 0,
        failure: `${construction.name} threw: ${error instanceof Error ? error.message : String(error)}`,
        figures: {},
        summary: 'the construction threw',
      };
    }
    const seconds = (performance.now() - started) / 1000;
    if (evaluation.skipped !== undefined)
      return {
        ...base,
        status: 'skipped',
        runs: evaluation.trials,
        seconds,
        figures: evaluation.figures,
        summary: evaluation.skipped,
      };
    const outcome = {
      ...base,
      runs: evaluation.trials,
      seconds,
      figures: evaluation.figures,
      summary: evaluation.summary,
    };
    if (evaluation.failure === null) return { ...outcome, status: 'pass' };
    const record: CounterexampleRecord = {
      format: RECORD_FORMAT,
      versions: { attnproof: VERSION, fastCheck: fc.__version, node: process.version },
      property: spec.name,
      lemma: spec.lemma,
      construction: construction.name,
      run: { seed, runs },
      parameters: { ...evaluation.parameters, figures: evaluation.figures },
      ...(evaluation.exampleTarget !== undefined ? { target: recordTarget(evaluation.exampleTarget) } : {}),
      failure: evaluation.failure,
      replay: '',
    };
    return { ...outcome, status: 'fail', counterexample: record };
  };
  return {
    name: spec.name,
    lemma: spec.lemma,
    claim: spec.claim,
    kind: 'statistical',
    defaultRuns: spec.defaultRuns,
    run: ({ construction, seed, runs, onProgress }) =>
      execute(construction, seed, runs ?? spec.defaultRuns, onProgress),
    replay: (record, construction) => execute(construction, record.run.seed, record.run.runs),
  };
}
