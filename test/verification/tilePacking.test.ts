import { describe, expect, it } from 'vitest';
import { packRows, zeroPadding } from '../../src/verification/_internals/kernel/tilePacking.js';

/** A row-major rows×d matrix with entry (i, t) = 100·i + t + 1 (never 0, never the sentinel). */
function numbered(rows: number, d: number): Float64Array {
  return Float64Array.from({ length: rows * d }, (_, p) => 100 * Math.floor(p / d) + (p % d) + 1);
}

describe('packRows and zeroPadding: the layout the WebAssembly kernel reads', () => {
  it('places entry (i, t) at group(i)·width·d + t·width + i mod width, for every width, d and remainder', () => {
    for (const width of [2, 4, 8])
      for (const d of [1, 3, 5])
        for (const rows of [1, width - 1, width, width + 1, 3 * width + 2]) {
          const size = Math.ceil(rows / width) * width * d;
          // a sentinel (-1) everywhere, and a tail of one more group past the packed size
          const dst = new Float64Array(size + width * d).fill(-1);
          const expected = new Float64Array(size + width * d).fill(-1);
          for (let i = 0; i < rows; i++)
            for (let t = 0; t < d; t++)
              expected[Math.floor(i / width) * width * d + t * width + (i % width)] = 100 * i + t + 1;
          // packRows writes the real entries and nothing else
          packRows(numbered(rows, d), rows, d, dst, width);
          expect(Array.from(dst)).toEqual(Array.from(expected));
          // zeroPadding then zeroes the padding of the last group, and nothing past it
          zeroPadding(dst, rows, d, width);
          for (let p = 0; p < size; p++) if (expected[p] === -1) expected[p] = 0;
          expect(Array.from(dst)).toEqual(Array.from(expected));
        }
  });

  it('zeroPadding touches only the padding positions of the last group', () => {
    // 5 rows in groups of 4, d = 2: the last group holds row 4 at position 0; positions 1..3 are padding.
    const dst = new Float64Array(2 * 4 * 2).fill(7);
    zeroPadding(dst, 5, 2, 4);
    expect(Array.from(dst)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 7, 0, 0, 0]);
    const full = new Float64Array(8).fill(7);
    zeroPadding(full, 4, 2, 4); // no padding when the rows fill their groups
    expect(Array.from(full)).toEqual(new Array(8).fill(7));
  });
});
