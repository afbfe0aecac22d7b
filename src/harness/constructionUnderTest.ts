import type { Certificate } from '../certificates/certificate.js';
import type { ConstructionParams } from '../construction/constructionParams.js';
import type { LogitTarget } from '../construction/logitTarget.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';

/**
 * A construction as the property suite sees it: anything that turns a target
 * into a certificate, plus, when it exposes it, its logit target `B` (SPEC §3
 * step 2) so that lemmas L1 and L2 can check `B` directly. Black-box
 * implementations (another language over the protocol) leave it out and those
 * two properties are reported as skipped for them.
 */
export interface ConstructionUnderTest {
  /** Short name used in reports, records and on the command line. */
  readonly name: string;
  /**
   * Builds the certificate for `target`; may be asynchronous (an implementation
   * in another process answers over a pipe). Deterministic in `(target, params)`.
   */
  construct(target: SparseTarget, params: ConstructionParams): Certificate | Promise<Certificate>;
  /** The logit target the construction aims at, when it exposes one. */
  readonly logitTarget?: (target: SparseTarget, precision: Precision) => LogitTarget;
  /** Set on the deliberately broken constructions kept as negative controls. */
  readonly negativeControl?: {
    /** What is wrong with it, in a few words. */
    readonly defect: string;
    /** The properties that must catch it within the default budget. */
    readonly caughtBy: readonly string[];
  };
}
