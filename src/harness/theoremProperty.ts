import type { Construction } from '../construction/construction.js';
import type { CounterexampleRecord } from './counterexampleRecord.js';

/** How one property is run. */
export interface PropertyRun {
  /** What is checked. */
  readonly construction: Construction;
  /** Run seed: everything random in the run derives from it. */
  readonly seed: number;
  /** Budget (fast-check runs, or trials for a statistical property); default: the property's own. */
  readonly runs?: number;
  /** fast-check replay path (fast-check properties only). */
  readonly path?: string;
  /** Called now and then with a fraction in [0, 1], for progress bars. */
  readonly onProgress?: (fraction: number) => void;
}

/** What every outcome of a property says, whatever its status. */
export interface OutcomeBase {
  readonly property: string;
  readonly lemma: string;
  readonly construction: string;
  /** Cases or trials actually run. */
  readonly runs: number;
  readonly seconds: number;
  /** The statistical figures of the run (rates, bounds, p-values, slopes), for the report. */
  readonly figures: Readonly<Record<string, number | string | boolean>>;
  /** One line for the report table. */
  readonly summary: string;
}

/** The property held, or was `skipped` because the construction does not expose what it needs. */
export interface PropertyHeld extends OutcomeBase {
  readonly status: 'pass' | 'skipped';
}

/** The property failed: the record to write and print comes with it. */
export interface PropertyFailed extends OutcomeBase {
  readonly status: 'fail';
  readonly counterexample: CounterexampleRecord;
}

/** The outcome of running (or replaying) one property; narrow on `status` to reach the counterexample. */
export type PropertyOutcome = PropertyHeld | PropertyFailed;

/**
 * The failure paragraph of an outcome, or undefined when it held or was skipped. O(1).
 *
 * @example
 * failureOf({ status: 'pass', ...rest }); // undefined
 * failureOf({ status: 'fail', counterexample: { failure: 'row 3: ...', ...record }, ...rest }); // 'row 3: ...'
 */
export function failureOf(outcome: PropertyOutcome): string | undefined {
  return outcome.status === 'fail' ? outcome.counterexample.failure : undefined;
}

/**
 * One claim of the theorem, checked against a construction. Each lives in its
 * own file under `properties/` and names the lemma of SPEC §4 it checks.
 */
export interface TheoremProperty {
  /** Short kebab-case name, used on the command line and in records. */
  readonly name: string;
  /** The lemma of SPEC §4 checked (`L1`, `L2`, `L3`, `Theorem`, `Theorem (probability)`, `Theorem (growth)`). */
  readonly lemma: string;
  /** The claim in one sentence. */
  readonly claim: string;
  /** `fast-check`: generated cases, shrunk on failure; `statistical`: an aggregate test over seeded trials. */
  readonly kind: 'fast-check' | 'statistical';
  /** Budget of `npm test` and of a default `attnproof check`. */
  readonly defaultRuns: number;
  /** Runs the property. Never throws for a failing construction: failures are outcomes. */
  run(run: PropertyRun): Promise<PropertyOutcome>;
  /** Replays a recorded failure of this property against `construction`. */
  replay(record: CounterexampleRecord, construction: Construction): Promise<PropertyOutcome>;
}
