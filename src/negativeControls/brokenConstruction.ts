import type { Certificate, Projection } from '../certificates/certificate.js';
import { assembleCertificate } from '../construction/assembleCertificate.js';
import { validateConstructionParams, type ConstructionParams } from '../construction/constructionParams.js';
import { logitTarget, type LogitTarget } from '../construction/logitTarget.js';
import { projectionMatrix } from '../construction/projectionMatrix.js';
import type { Construction } from '../construction/construction.js';
import type { DenseMatrix } from '../matrix/denseMatrix.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';

/** The one piece a negative control breaks; every other step is the paper's own. */
export interface Defect {
  /** `negative:<name>`. */
  readonly name: string;
  readonly defect: string;
  readonly caughtBy: readonly string[];
  /** A wrong logit target (default: the paper's `B`). */
  readonly logitTarget?: (target: SparseTarget, precision: Precision) => LogitTarget;
  /** A wrong projection, made from the paper's `G` and the kind asked for (default: `G` itself). */
  readonly projection?: (G: DenseMatrix, kind: Projection) => DenseMatrix;
  /** A wrong assembly, made from the paper's certificate (default: unchanged). */
  readonly assembly?: (parts: Pick<Certificate, 'X' | 'WQ' | 'WK'>, d: number) => Pick<Certificate, 'X' | 'WQ' | 'WK'>;
}

/**
 * The paper's construction (SPEC §3) with exactly one step replaced by
 * `defect`: a negative control. The property suite must catch every one of
 * these; a suite that cannot is not testing the theorem. Complexity that of
 * the construction.
 *
 * @example
 * brokenConstruction({ name: 'negative:x', defect: '…', caughtBy: [], projection: (G) => G }).name; // 'negative:x'
 */
export function brokenConstruction(defect: Defect): Construction {
  const B = defect.logitTarget ?? logitTarget;
  return Object.freeze({
    name: defect.name,
    negativeControl: { defect: defect.defect, caughtBy: defect.caughtBy },
    logitTarget: B,
    construct(target: SparseTarget, params: ConstructionParams): Certificate {
      const valid = validateConstructionParams(params);
      const G = projectionMatrix(target.L, valid.d, valid.projection, valid.random);
      const parts = assembleCertificate(B(target, valid), defect.projection?.(G, valid.projection) ?? G, valid.layout);
      const broken = defect.assembly?.(parts, valid.d) ?? parts;
      return {
        ...broken,
        d: valid.d,
        ...(valid.seed !== undefined ? { seed: valid.seed } : {}),
        layout: valid.layout,
        projection: valid.projection,
      };
    },
  });
}
