/**
 * Sweeps of the measured query dimension against the sequence length:
 * the dimension each trial really needs (bisection on a fixed grid), the
 * dimension a fraction of trials reach, next to `d*` and to `L`; the
 * least-squares line in `ln L`, the crossovers, merging of shards, and the
 * picture. Pure (no command-line code).
 */
export { dimensionGrid } from './dimensionGrid.js';
export {
  criticalDimension,
  type CriticalDimension,
  type SweepStep,
  type SweepStepStatus,
} from './criticalDimension.js';
export {
  sweepParams,
  sweepDStar,
  sweepTop,
  requiredSuccesses,
  SWEEP_DEFAULTS,
  type SweepOptions,
  type SweepParams,
} from './sweepParams.js';
export { parseShardSpec, validateShardSpec, trialShard, MAX_SHARDS, type ShardSpec } from './shardSpec.js';
export type { TrialRecord } from './trialRecord.js';
export { sweepRows, SUCCESS_ALPHA, type SweepRow } from './sweepRows.js';
export { fitSweep, type SweepFit } from './fitSweep.js';
export { sweepCrossover, type SweepCrossover } from './sweepCrossover.js';
export { assembleSweep, SWEEP_FORMAT, type SweepResult, type SweepTiming } from './sweepResult.js';
export { runSweep, type RunSweepOptions, type SweepProgress } from './runSweep.js';
export { mergeSweeps } from './mergeSweeps.js';
export { parseSweepResult } from './parseSweepResult.js';
export { renderSweepSvg } from './renderSweepSvg.js';
