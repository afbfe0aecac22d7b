import { describe, expect, it } from 'vitest';
import { blockShape } from '../../src/verification/_internals/kernel/blockShape.js';

describe('blockShape: the block options both kernels check and shape', () => {
  it('rounds the rows per block up to whole tiles (2 rows), and cuts them to the rows of the target', () => {
    expect(blockShape(203, { blockRows: 15 })).toEqual({ blockRows: 16, slots: 1 });
    expect(blockShape(203, { blockRows: 16, slots: 3 })).toEqual({ blockRows: 16, slots: 3 });
    expect(blockShape(9, { blockRows: 64, slots: 2 })).toEqual({ blockRows: 10, slots: 2 });
    expect(blockShape(10, { blockRows: 10 })).toEqual({ blockRows: 10, slots: 1 });
    expect(blockShape(10, { blockRows: 1 })).toEqual({ blockRows: 2, slots: 1 });
  });

  it('names the first option that is not a positive integer: blockRows, slots, then the extra ones in order', () => {
    const bad = [0, -1, 1.5, Number.NaN, Infinity];
    for (const v of bad) {
      expect(() => blockShape(8, { blockRows: v, slots: 0 }, { cap: 0 })).toThrow(
        new RangeError(`blockRows must be a positive integer, got ${v}`),
      );
      expect(() => blockShape(8, { blockRows: 4, slots: v }, { cap: 0 })).toThrow(
        new RangeError(`slots must be a positive integer, got ${v}`),
      );
      expect(() => blockShape(8, { blockRows: 4 }, { cap: v, other: 0 })).toThrow(
        new RangeError(`cap must be a positive integer, got ${v}`),
      );
    }
    expect(blockShape(8, { blockRows: 4, slots: 1 }, { cap: 1 })).toEqual({ blockRows: 4, slots: 1 });
  });
});
