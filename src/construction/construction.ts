import type { Certificate } from '../certificates/certificate.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { ConstructionParams } from './constructionParams.js';

/**
 * A construction module: anything that turns a valid target into a certificate
 * (inputs `X` and parameters `WQ`, `WK` of one attention head). The built-in one
 * is the paper's ({@link builtinConstruction}); other implementations (alternative
 * algorithms, wrappers around an external process) plug in through this shape.
 *
 * Contract: `construct` is deterministic in `(target, params)` when `params.random`
 * is absent, and throws `InputTypeError` / `InputRangeError` for bad parameters.
 */
export interface Construction {
  /** Short name used in reports and on the command line. */
  readonly name: string;
  /** Builds the certificate for `target`. */
  construct(target: SparseTarget, params: ConstructionParams): Certificate;
}
