/**
 * fast-check generators of valid sparse targets, for this project's
 * properties and for other projects' tests.
 */
export { sparseTarget, type SparseTargetConstraints, type TargetPattern } from './sparseTarget.js';
export { formatTarget, type FormatTargetOptions } from './formatTarget.js';
export { TARGET_PATTERNS } from './_internals/normalizeConstraints.js';
