/** The paper's construction (SPEC §3) and those beyond it (SPEC §7). Independent of src/verification by design. */
export { logitTarget, type LogitTarget } from './logitTarget.js';
export { projectionMatrix } from './projectionMatrix.js';
export {
  validateConstructionParams,
  type ConstructionParams,
  type ValidConstructionParams,
} from './constructionParams.js';
export { construct, certificateNumbers, MAX_CERTIFICATE_NUMBERS } from './construct.js';
export { assembleCertificate } from './assembleCertificate.js';
export { type Construction } from './construction.js';
export { paperConstruction } from './paperConstruction.js';
export { exactSupport } from './exactSupport.js';
export { lagrangeCircle } from './lagrangeCircle.js';
export { lagrangeTorus } from './lagrangeTorus.js';
