import type { Certificate } from '../certificates/certificate.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { ConstructionParams } from './constructionParams.js';
import type { LogitTarget } from './logitTarget.js';

/**
 * A construction: anything that turns a valid target into a certificate
 * (inputs `X` and parameters `WQ`, `WK` of one attention head). The paper's is
 * {@link paperConstruction}; SPEC §7's are `lagrange-circle`, `lagrange-torus`
 * and `exact-support`; outside implementations (another process over the stdio
 * protocol, a JavaScript module) and the deliberately broken negative controls
 * have the same shape, so the property suite, the sweep and the verifier's
 * callers treat them all alike.
 *
 * Contract: `construct` is deterministic in `(target, params)` when `params.random`
 * is absent, and throws `InputTypeError` / `InputRangeError` for bad parameters.
 */
export interface Construction {
  /** Short name used in reports, records and on the command line. */
  readonly name: string;
  /**
   * Builds the certificate for `target`; may be asynchronous (an implementation
   * in another process answers over a pipe).
   */
  construct(target: SparseTarget, params: ConstructionParams): Certificate | Promise<Certificate>;
  /**
   * `'random'` (default when absent): the certificate depends on the seed and succeeds with a
   * probability that grows with `d`; `'deterministic'`: the seed is ignored and the certificate
   * is exact up to rounding at every `d >= baseDimension(S)`.
   */
  readonly kind?: 'random' | 'deterministic';
  /**
   * The construction's own dimension `d0` for targets with at most `S` entries per row
   * (deterministic constructions; a larger `d` pads with zero columns).
   */
  readonly baseDimension?: (S: number) => number;
  /** The logit target `B` (SPEC §3 step 2) it aims at, when it exposes one (lemmas L1 and L2 check it). */
  readonly logitTarget?: (target: SparseTarget, precision: Precision) => LogitTarget;
  /** Set on the deliberately broken constructions kept as negative controls. */
  readonly negativeControl?: {
    /** What is wrong with it, in a few words. */
    readonly defect: string;
    /** The properties that must catch it within the default budget. */
    readonly caughtBy: readonly string[];
  };
}
