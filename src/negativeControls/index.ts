import type { Construction } from '../construction/construction.js';
import { fewerColumns } from './fewerColumns.js';
import { missingRowNormalisation } from './missingRowNormalisation.js';
import { missingSqrtD } from './missingSqrtD.js';
import { noMargin } from './noMargin.js';
import { transposedTarget } from './transposedTarget.js';
import { wrongVariance } from './wrongVariance.js';

export { brokenConstruction, type Defect } from './brokenConstruction.js';
export { fewerColumns, missingRowNormalisation, missingSqrtD, noMargin, transposedTarget, wrongVariance };

/** Every negative control, in the order reports list them. */
export const negativeControls: readonly Construction[] = [wrongVariance, fewerColumns, noMargin, missingRowNormalisation, transposedTarget, missingSqrtD];
