import type { Construction } from '../construction/construction.js';
import { fewerColumns } from './fewerColumns.js';
import { halfMargin } from './halfMargin.js';
import { logDoubled } from './logDoubled.js';
import { logSign } from './logSign.js';
import { missingRowNormalisation } from './missingRowNormalisation.js';
import { missingSqrtD } from './missingSqrtD.js';
import { ninetyPercentColumns } from './ninetyPercentColumns.js';
import { noMargin } from './noMargin.js';
import { normaliseByMax } from './normaliseByMax.js';
import { transposedTarget } from './transposedTarget.js';
import { variance2OverD } from './variance2OverD.js';
import { wrongVariance } from './wrongVariance.js';

export { brokenConstruction, type Defect } from './brokenConstruction.js';
export { rewriteLogits, type LogitContext } from './rewriteLogits.js';
export {
  fewerColumns,
  halfMargin,
  logDoubled,
  logSign,
  missingRowNormalisation,
  missingSqrtD,
  ninetyPercentColumns,
  noMargin,
  normaliseByMax,
  transposedTarget,
  variance2OverD,
  wrongVariance,
};

/** Every negative control, in the order reports list them. */
export const negativeControls: readonly Construction[] = [
  wrongVariance,
  fewerColumns,
  noMargin,
  missingRowNormalisation,
  transposedTarget,
  missingSqrtD,
  normaliseByMax,
  logSign,
  logDoubled,
  halfMargin,
  variance2OverD,
  ninetyPercentColumns,
];
