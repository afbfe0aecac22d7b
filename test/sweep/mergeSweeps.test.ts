import { describe, expect, it } from 'vitest';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { toJsonText } from '../../src/io/jsonText.js';
import { mergeSweeps } from '../../src/sweep/mergeSweeps.js';
import { parseSweepResult } from '../../src/sweep/parseSweepResult.js';
import { runSweep } from '../../src/sweep/runSweep.js';
import { trialShard } from '../../src/sweep/shardSpec.js';
import type { SweepResult } from '../../src/sweep/sweepResult.js';
import { SMALL, smallSweep } from './helpers.js';

/** Every shard of the small sweep split `count` ways. */
async function shards(count: number): Promise<SweepResult[]> {
  const parts: SweepResult[] = [];
  for (let index = 1; index <= count; index++)
    parts.push(await runSweep(paperConstruction, { ...SMALL, shard: { index, count } }));
  return parts;
}

/**
 * Everything a merge must reproduce: all but the timings (which differ run to run)
 * and the record of which shards went in (which says where the result came from).
 */
function deterministic(result: SweepResult): unknown {
  const { timing: _timing, seconds: _seconds, shards: _shards, ...rest } = result;
  return rest;
}

/** The same value after a trip through the JSON a shard writes and merge reads. */
function throughJson(result: SweepResult): SweepResult {
  return parseSweepResult(JSON.parse(toJsonText(result)), 'shard.json');
}

describe('sharded sweeps merge into the unsharded result', () => {
  it('3 shards, merged, give rows, trials, fit and crossovers identical to one run with the same seed', async () => {
    const whole = await smallSweep();
    expect(whole.complete).toBe(true);
    expect(whole.rows).toHaveLength(3);
    const parts = await shards(3);
    for (const part of parts) {
      expect(part.complete).toBe(false);
      expect(part.rows).toEqual([]);
    }
    const merged = mergeSweeps(parts.map(throughJson));
    expect(merged.shards).toEqual({ count: 3, included: [1, 2, 3] });
    expect(merged.complete).toBe(true);
    expect(merged.rows).toEqual(whole.rows);
    // Bit for bit: the serialised deterministic parts are the same text.
    expect(toJsonText(deterministic(merged))).toBe(toJsonText(deterministic(whole)));
  });

  it('any number of shards (more than the trials at a length too) and any order of the files', async () => {
    const whole = await smallSweep();
    for (const count of [2, 8, 25]) {
      const parts = await shards(count);
      const reversed = mergeSweeps([...parts].reverse());
      expect(toJsonText(deterministic(reversed))).toBe(toJsonText(deterministic(whole)));
    }
  });

  it('partial merges can be merged further', async () => {
    const whole = await smallSweep();
    const [a, b, c, d] = await shards(4);
    const left = mergeSweeps([a!, c!]);
    expect(left.complete).toBe(false);
    expect(left.shards.included).toEqual([1, 3]);
    const all = mergeSweeps([throughJson(left), throughJson(mergeSweeps([d!, b!]))]);
    expect(all.rows).toEqual(whole.rows);
  });

  it('the split deals trials round-robin over the whole sweep, so every shard gets some of the longest length', () => {
    const count = 3;
    const perShard = new Map<number, number>();
    for (let t = 0; t < 20; t++)
      perShard.set(trialShard(4, t, 20, count), (perShard.get(trialShard(4, t, 20, count)) ?? 0) + 1);
    expect([...perShard.values()].sort()).toEqual([6, 7, 7]);
  });

  it('the unsharded result survives its own JSON: rows are rebuilt equal from the records', async () => {
    const whole = await smallSweep();
    expect(toJsonText(deterministic(throughJson(whole)))).toBe(toJsonText(deterministic(whole)));
  });
});

describe('merge refuses what is not one sweep', () => {
  it('different seeds, different split, or a shard twice', async () => {
    const [a, b] = await shards(2);
    const other = await runSweep(paperConstruction, { ...SMALL, seed: 6, shard: { index: 2, count: 2 } });
    expect(() => mergeSweeps([a!, other], ['a.json', 'other.json'])).toThrow(
      /other\.json: params\.seed: is a different sweep: params\.seed is 6 here but 5 in a\.json/,
    );
    const third = await runSweep(paperConstruction, { ...SMALL, shard: { index: 2, count: 3 } });
    expect(() => mergeSweeps([a!, third], ['a.json', 'c.json'])).toThrow(
      /c\.json: shards\.count: is a different split/,
    );
    expect(() => mergeSweeps([a!, b!, a!], ['a.json', 'b.json', 'again.json'])).toThrow(
      /again\.json: shards\.included: shard 1\/2 is also in a\.json/,
    );
    expect(() => mergeSweeps([])).toThrow(/nothing to merge/);
  });

  it('a tampered file: a critical dimension that is not the smallest passing step, a wrong seed, a missing trial', async () => {
    const whole = await smallSweep();
    const json = (): { trials: Array<Record<string, unknown>> } & Record<string, unknown> =>
      JSON.parse(toJsonText(whole));
    const critical = json();
    critical.trials[3]!.critical = 1;
    expect(() => parseSweepResult(critical, 't.json')).toThrow(
      /t\.json: trials\[3\]\.critical: is 1, but the smallest passing step is/,
    );
    const seed = json();
    seed.trials[0]!.seed = 12345;
    expect(() => parseSweepResult(seed, 't.json')).toThrow(/trials\[0\]\.seed: is not the seed the sweep derives/);
    const missing = json();
    missing.trials.splice(4, 1);
    expect(() => parseSweepResult(missing, 't.json')).toThrow(/trials: trial \d+ at L = 8 is missing/);
    const offGrid = json();
    (offGrid.trials[0]!.steps as unknown[][])[0]![0] = 10_000;
    expect(() => parseSweepResult(offGrid, 't.json')).toThrow(/is not on the sweep's grid/);
    expect(() => parseSweepResult({ ...json(), format: 'something' }, 't.json')).toThrow(
      /t\.json: format: must be "attnproof-sweep\/1"/,
    );
    expect(() => parseSweepResult([], 't.json')).toThrow(/must be a JSON object/);
  });
});
