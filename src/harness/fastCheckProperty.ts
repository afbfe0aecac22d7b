import fc from 'fast-check';
import { breaksProtocol } from '../errors/implementationError.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { VERSION } from '../version.js';
import type { Construction } from '../construction/construction.js';
import { RECORD_FORMAT, recordTarget, recordedTargetOf, type CounterexampleRecord } from './counterexampleRecord.js';
import type { PropertyFailed, PropertyHeld, PropertyOutcome, PropertyRun, TheoremProperty } from './theoremProperty.js';

/** A case of a fast-check property, reduced to what a record stores. */
export interface CaseDescription {
  /** Everything but the target: precision, d, trial seed, perturbation parameters, … (JSON-safe). */
  readonly parameters: Record<string, unknown>;
  readonly target: SparseTarget;
}

/** What a per-case property is made of. */
export interface FastCheckPropertySpec<Case> {
  readonly name: string;
  readonly lemma: string;
  readonly claim: string;
  readonly defaultRuns: number;
  /** Generates cases; the projection's trial seed must be inside the case and not shrinkable (`fc.noShrink`). */
  readonly arbitrary: fc.Arbitrary<Case>;
  /** `null` when the case satisfies the claim, else one paragraph saying how it fails. */
  check(testCase: Case, construction: Construction): string | null | Promise<string | null>;
  /** The case as a record stores it. */
  describe(testCase: Case): CaseDescription;
  /** The case again, from a record's parameters and target. */
  restore(parameters: Readonly<Record<string, unknown>>, target: SparseTarget): Case;
  /** Why the property cannot run on `construction` (then it is skipped), or `null`. */
  notApplicable?(construction: Construction): string | null;
}

/**
 * A {@link TheoremProperty} run by fast-check, with its cases: the arbitrary and the mapping to and from
 * a record, so that tests hold every property's generator to the generators' contract (same seed, same
 * case; every case and shrink within the property's constraints; a recorded case comes back the same).
 */
export interface FastCheckTheoremProperty<Case> extends TheoremProperty {
  readonly kind: 'fast-check';
  readonly cases: Pick<FastCheckPropertySpec<Case>, 'arbitrary' | 'describe' | 'restore'>;
}

/** The fields of an outcome a property sets; the rest (names, seconds, empty figures) are filled in. */
type Given<O extends PropertyOutcome> = Omit<O, 'property' | 'lemma' | 'construction' | 'seconds' | 'figures'> &
  Partial<Pick<O, 'figures'>>;

/**
 * Turns a per-case claim into a {@link TheoremProperty} run by fast-check:
 * cases are generated from the run seed, a failure is shrunk, and the shrunk
 * case becomes a {@link CounterexampleRecord} with fast-check's seed and path
 * and the target's exact bits. A construction that throws on a valid target
 * fails the property (the error is the message).
 */
export function fastCheckProperty<Case>(spec: FastCheckPropertySpec<Case>): FastCheckTheoremProperty<Case> {
  const guarded = async (testCase: Case, construction: Construction): Promise<string | null> => {
    try {
      return await spec.check(testCase, construction);
    } catch (error) {
      // A broken protocol is not a counterexample: stop shrinking (every later request would fail the same way) and report it.
      if (breaksProtocol(error)) throw error;
      return `${construction.name} threw: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  const outcome = (
    construction: Construction,
    started: number,
    fields: Given<PropertyHeld> | Given<PropertyFailed>,
  ): PropertyOutcome => ({
    property: spec.name,
    lemma: spec.lemma,
    construction: construction.name,
    seconds: (performance.now() - started) / 1000,
    figures: {},
    ...fields,
  });

  const recordOf = (
    testCase: Case,
    construction: Construction,
    failure: string,
    run: CounterexampleRecord['run'],
  ): CounterexampleRecord => {
    const { parameters, target } = spec.describe(testCase);
    return {
      format: RECORD_FORMAT,
      versions: { attnproof: VERSION, fastCheck: fc.__version, node: process.version },
      property: spec.name,
      lemma: spec.lemma,
      construction: construction.name,
      run,
      parameters,
      target: recordTarget(target),
      failure,
      replay: '',
    };
  };

  return {
    name: spec.name,
    lemma: spec.lemma,
    claim: spec.claim,
    kind: 'fast-check',
    defaultRuns: spec.defaultRuns,
    cases: { arbitrary: spec.arbitrary, describe: spec.describe, restore: spec.restore },

    async run({ construction, seed, runs, path, onProgress }: PropertyRun): Promise<PropertyOutcome> {
      const started = performance.now();
      const skip = spec.notApplicable?.(construction) ?? null;
      if (skip !== null) return outcome(construction, started, { status: 'skipped', runs: 0, summary: skip });
      const numRuns = runs ?? spec.defaultRuns;
      let calls = 0;
      const details = await fc.check(
        fc.asyncProperty(spec.arbitrary, async (testCase) => {
          calls++;
          if (onProgress !== undefined && calls <= numRuns) onProgress(calls / numRuns);
          return (await guarded(testCase, construction)) === null;
        }),
        { seed, numRuns, ...(path !== undefined ? { path } : {}) },
      );
      if (breaksProtocol(details.errorInstance)) throw details.errorInstance;
      if (!details.failed)
        return outcome(construction, started, {
          status: 'pass',
          runs: details.numRuns,
          summary: `${details.numRuns} cases hold`,
        });
      // Only a failure with a case found carries one; too many skipped cases or an interruption do not.
      if (details.counterexample === null)
        throw new Error(`${spec.name}: fast-check stopped without a case (too many skipped cases, or interrupted)`);
      const counterexample = details.counterexample[0];
      const failure = (await guarded(counterexample, construction)) ?? 'the property failed on this case';
      const shrunk = details.counterexamplePath ?? '';
      return outcome(construction, started, {
        status: 'fail',
        runs: details.numRuns,
        summary: `failed after ${details.numRuns} cases, shrunk ${details.numShrinks} times`,
        figures: { numShrinks: details.numShrinks },
        counterexample: recordOf(counterexample, construction, failure, {
          seed: details.seed,
          path: shrunk,
          runs: numRuns,
        }),
      });
    },

    async replay(record: CounterexampleRecord, construction: Construction): Promise<PropertyOutcome> {
      const started = performance.now();
      if (record.target === undefined) throw new TypeError(`record of ${spec.name} has no target`);
      const testCase = spec.restore(record.parameters, recordedTargetOf(record.target));
      const failure = await guarded(testCase, construction);
      if (failure === null)
        return outcome(construction, started, { status: 'pass', runs: 1, summary: 'the recorded case holds now' });
      return outcome(construction, started, {
        status: 'fail',
        runs: 1,
        summary: 'the recorded case fails again',
        counterexample: recordOf(testCase, construction, failure, record.run),
      });
    },
  };
}
