import { InputRangeError, InputTypeError, type InputLocation } from '../errors/inputError.js';
import type { TargetPattern } from '../generators/sparseTarget.js';
import { deriveSeed } from '../random/deriveSeed.js';
import type { SweepStepStatus } from './criticalDimension.js';
import { dimensionGrid } from './dimensionGrid.js';
import { trialShard } from './shardSpec.js';
import { assembleSweep, SWEEP_FORMAT, type SweepResult, type SweepTiming } from './sweepResult.js';
import { sweepParams, sweepTop, type SweepParams } from './sweepParams.js';
import type { TrialRecord } from './trialRecord.js';
import { quoteValue } from '../errors/quoteValue.js';

const STATUSES: ReadonlySet<string> = new Set<SweepStepStatus>(['pass', 'fail', 'inconclusive', 'refused']);

/**
 * Reads a sweep result (`attnproof sweep --json`, a shard's or a merged one)
 * back from parsed JSON, checking everything a merge relies on: the format
 * tag, the parameters (validated as for a run), the shards, and every trial
 * record — its seed is the one the sweep derives, its steps are on the grid,
 * its critical dimension is the smallest passing step, and the included shards'
 * trials are all there, once. Rows, fit and crossovers are not read but rebuilt
 * from the records, so a hand-edited row cannot survive a merge.
 * `O(trials · steps + grid)`.
 *
 * @example
 * parseSweepResult(JSON.parse(readFileSync('shard1.json', 'utf8')), 'shard1.json').shards; // { count: 3, included: [1] }
 * @throws {InputTypeError} when a field is missing or of the wrong type, naming the file and field.
 * @throws {InputRangeError} when a value is inconsistent with the sweep, naming the file and field.
 */
export function parseSweepResult(value: unknown, source?: string): SweepResult {
  const file: InputLocation = source === undefined ? {} : { file: source };
  const typeError = (problem: string, field: string): InputTypeError => new InputTypeError(problem, { ...file, field });
  const rangeError = (problem: string, field: string): InputRangeError =>
    new InputRangeError(problem, { ...file, field });
  const object = (v: unknown, field: string): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError('must be a JSON object', field);
    return v as Record<string, unknown>;
  };
  const integer = (v: unknown, field: string): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      throw typeError(`must be an integer, got ${quoteValue(v)}`, field);
    return v;
  };
  const array = (v: unknown, field: string): unknown[] => {
    if (!Array.isArray(v)) throw typeError('must be an array', field);
    return v;
  };
  const number = (v: unknown, field: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw typeError(`must be a finite number, got ${quoteValue(v)}`, field);
    return v;
  };

  const root = object(value, 'result');
  if (root.format !== SWEEP_FORMAT)
    throw typeError(
      `must be "${SWEEP_FORMAT}" (the output of attnproof sweep --json), got ${quoteValue(root.format)}`,
      'format',
    );

  const p = object(root.params, 'params');
  if (typeof p.construction !== 'string') throw typeError('must be a string', 'params.construction');
  let params: SweepParams;
  try {
    params = sweepParams(
      {
        lengths: array(p.lengths, 'params.lengths') as number[],
        S: p.S as number,
        epsilon: p.epsilon as number,
        gamma: p.gamma as number,
        kappa: p.kappa as number,
        delta: p.delta as number,
        pattern: p.pattern as TargetPattern,
        rowScaleDecades: p.rowScaleDecades as number,
        trials: p.trials as number,
        success: p.success as number,
        resolution: p.resolution as number,
        ...(p.maxD === null ? {} : { maxD: p.maxD as number }),
        seed: p.seed as number,
      },
      p.construction,
    );
  } catch (error) {
    if (error instanceof InputRangeError) throw rangeError(error.problem, `params.${error.location.field ?? ''}`);
    if (error instanceof InputTypeError) throw typeError(error.problem, `params.${error.location.field ?? ''}`);
    throw error;
  }
  if ((p.lengths as number[]).some((L, k) => L !== params.lengths[k]))
    throw rangeError('must be sorted ascending', 'params.lengths');

  const s = object(root.shards, 'shards');
  const count = integer(s.count, 'shards.count');
  if (count < 1) throw rangeError(`must be at least 1, got ${count}`, 'shards.count');
  const included = array(s.included, 'shards.included').map((k, i) => integer(k, `shards.included[${i}]`));
  if (included.length === 0) throw rangeError('must name at least one shard', 'shards.included');
  const seen = new Set<number>();
  for (const k of included) {
    if (k < 1 || k > count) throw rangeError(`shard ${k} is outside [1, ${count}]`, 'shards.included');
    if (seen.has(k)) throw rangeError(`names shard ${k} twice`, 'shards.included');
    seen.add(k);
  }

  const grids = new Map(params.lengths.map((L) => [L, new Set(dimensionGrid(sweepTop(params, L), params.resolution))]));
  const lengthIndex = new Map(params.lengths.map((L, j) => [L, j]));
  const records: TrialRecord[] = [];
  const present = new Set<string>();
  for (const [i, raw] of array(root.trials, 'trials').entries()) {
    const field = `trials[${i}]`;
    const r = object(raw, field);
    const L = integer(r.L, `${field}.L`);
    const j = lengthIndex.get(L);
    if (j === undefined) throw rangeError(`length ${L} is not one of the sweep's lengths`, `${field}.L`);
    const trial = integer(r.trial, `${field}.trial`);
    if (trial < 0 || trial >= params.trials)
      throw rangeError(`must lie in [0, ${params.trials - 1}], got ${trial}`, `${field}.trial`);
    if (!seen.has(trialShard(j, trial, params.trials, count)))
      throw rangeError(`trial ${trial} at L = ${L} belongs to a shard this result does not include`, field);
    const key = `${L}:${trial}`;
    if (present.has(key)) throw rangeError(`trial ${trial} at L = ${L} appears twice`, field);
    present.add(key);
    const seed = integer(r.seed, `${field}.seed`);
    if (seed !== deriveSeed(deriveSeed(params.seed, L), trial))
      throw rangeError(`is not the seed the sweep derives for trial ${trial} at L = ${L}`, `${field}.seed`);
    const grid = grids.get(L)!;
    const steps = array(r.steps, `${field}.steps`).map((step, k) => {
      const entry = array(step, `${field}.steps[${k}]`);
      const d = integer(entry[0], `${field}.steps[${k}][0]`);
      if (!grid.has(d)) throw rangeError(`d = ${d} is not on the sweep's grid of dimensions`, `${field}.steps[${k}]`);
      if (typeof entry[1] !== 'string' || !STATUSES.has(entry[1]))
        throw typeError(
          `status must be "pass", "fail", "inconclusive" or "refused", got ${quoteValue(entry[1])}`,
          `${field}.steps[${k}]`,
        );
      return [d, entry[1] as SweepStepStatus] as const;
    });
    const critical = r.critical === null ? null : integer(r.critical, `${field}.critical`);
    const passing = steps.filter(([, status]) => status === 'pass').map(([d]) => d);
    const expected = passing.length === 0 ? null : Math.min(...passing);
    if (critical !== expected)
      throw rangeError(`is ${critical}, but the smallest passing step is ${expected}`, `${field}.critical`);
    records.push({ L, trial, seed, critical, steps });
  }
  for (const [j, L] of params.lengths.entries())
    for (let t = 0; t < params.trials; t++)
      if (seen.has(trialShard(j, t, params.trials, count)) && !present.has(`${L}:${t}`))
        throw rangeError(`trial ${t} at L = ${L} is missing`, 'trials');

  const timing: SweepTiming[] = array(root.timing, 'timing').map((raw, i) => {
    const t = object(raw, `timing[${i}]`);
    return { L: integer(t.L, `timing[${i}].L`), seconds: number(t.seconds, `timing[${i}].seconds`) };
  });
  const seconds = number(root.seconds, 'seconds');
  return assembleSweep(params, { count, included }, records, timing, seconds);
}
