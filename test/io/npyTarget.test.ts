import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputRangeError } from '../../src/errors/inputError.js';
import { loadTarget } from '../../src/io/loadTarget.js';
import { parseNpyTarget } from '../../src/io/parseNpyTarget.js';
import { MAX_TARGET_ENTRIES, SparseTarget } from '../../src/targets/sparseTarget.js';
import { ALL_DESCRS, npyBytes, type Descr } from './npyWriter.js';

/** The dense row-major form of a list of entries. */
function dense(L: number, entries: readonly (readonly [number, number, number])[]): number[] {
  const out = new Array<number>(L * L).fill(0);
  for (const [i, j, w] of entries) out[i * L + j] = w;
  return out;
}

function npyTarget(
  L: number,
  values: readonly number[],
  descr: Descr = '<f8',
  fortranOrder = false,
  shape: number[] = [L, L],
): Uint8Array {
  return npyBytes({ descr, fortranOrder, shape, values });
}

describe('a dense .npy target: zeros mean absent', () => {
  const entries = [
    [0, 1, 2],
    [1, 0, 0.5],
    [1, 2, 4],
    [2, 2, 1e-300],
  ] as const;

  it.each(ALL_DESCRS.flatMap((descr) => [false, true].map((fortranOrder) => ({ descr, fortranOrder }))))(
    'equals SparseTarget.fromEntries of its nonzeros ($descr, fortranOrder $fortranOrder)',
    ({ descr, fortranOrder }) => {
      // float32 cannot hold 1e-300, so the float32 files use its own rounding of each weight (Math.fround);
      // the target must then hold exactly those float32 values.
      const weights = entries.map(
        ([i, j, w]) => [i, j, descr[2] === '4' ? Math.fround(w === 1e-300 ? 1e-30 : w) : w] as const,
      );
      const W = parseNpyTarget(npyTarget(3, dense(3, weights), descr, fortranOrder), 'w.npy');
      const expected = SparseTarget.fromEntries(3, weights);
      expect(W.L).toBe(3);
      expect([...W.entries()]).toEqual([...expected.entries()]);
      expect(W.nnz).toBe(4);
    },
  );

  it('-0 is a zero (absent), and every row keeps exactly its nonzero columns', () => {
    const values = dense(3, [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
    ]);
    values[1] = -0;
    const W = parseNpyTarget(npyTarget(3, values));
    expect(W.has(0, 1)).toBe(false);
    expect(W.nnz).toBe(3);
  });

  it('random sparse targets read back with the same support and values (property)', () => {
    const target = fc.integer({ min: 2, max: 7 }).chain((L) =>
      fc.record({
        L: fc.constant(L),
        // One positive weight per (row, column) picked; zeros elsewhere. Each row gets its diagonal so no row is empty.
        weights: fc.array(fc.double({ min: 1e-200, max: 1e200, noNaN: true }), { minLength: L * L, maxLength: L * L }),
        keep: fc.array(fc.boolean(), { minLength: L * L, maxLength: L * L }),
      }),
    );
    fc.assert(
      fc.property(
        target,
        fc.constantFrom<Descr>('<f8', '>f8'),
        fc.boolean(),
        ({ L, weights, keep }, descr, fortranOrder) => {
          const values = weights.map((w, p) => (keep[p] || Math.floor(p / L) === p % L ? w : 0));
          const W = parseNpyTarget(npyTarget(L, values, descr, fortranOrder));
          const listed: [number, number, number][] = [];
          for (let p = 0; p < L * L; p++) if (values[p] !== 0) listed.push([Math.floor(p / L), p % L, values[p]!]);
          expect([...W.entries()]).toEqual([...SparseTarget.fromEntries(L, listed).entries()]);
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });

  it.each([
    [
      'a negative entry',
      dense(3, [
        [0, 0, 1],
        [1, 2, -0.5],
        [2, 1, 1],
        [1, 1, 1],
      ]),
      /^w\.npy: row 1, column 2: value -0\.5 is negative/,
    ],
    [
      'a NaN entry',
      (() => {
        const v = dense(3, [
          [0, 0, 1],
          [1, 1, 1],
          [2, 2, 1],
        ]);
        v[2 * 3 + 0] = NaN;
        return v;
      })(),
      /^w\.npy: row 2, column 0: value is NaN/,
    ],
    [
      'an infinite entry',
      (() => {
        const v = dense(3, [
          [0, 0, 1],
          [1, 1, 1],
          [2, 2, 1],
        ]);
        v[1] = Infinity;
        return v;
      })(),
      /^w\.npy: row 0, column 1: value is Infinity/,
    ],
    [
      'an empty row',
      dense(3, [
        [0, 0, 1],
        [2, 2, 1],
      ]),
      /^w\.npy: row 1: row has no positive entry/,
    ],
  ])('%s is reported with its row and column', (_name, values, pattern) => {
    expect(() => parseNpyTarget(npyTarget(3, values), 'w.npy')).toThrow(InputRangeError);
    expect(() => parseNpyTarget(npyTarget(3, values), 'w.npy')).toThrow(pattern);
  });

  it('a row or column over S is reported when S is given', () => {
    const row = dense(3, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
      [2, 2, 1],
    ]);
    expect(() => parseNpyTarget(npyTarget(3, row), 'w.npy', 1)).toThrow(
      /^w\.npy: row 0: row has 2 positive entries, more than S = 1/,
    );
    expect(parseNpyTarget(npyTarget(3, row), 'w.npy', 2).nnz).toBe(4);
    const column = dense(3, [
      [0, 0, 1],
      [1, 0, 1],
      [2, 2, 1],
    ]);
    expect(() => parseNpyTarget(npyTarget(3, column), 'w.npy', 1)).toThrow(
      /^w\.npy: column 0: column has 2 positive entries, more than S = 1/,
    );
  });

  it('a non-square array, a 1×1 array, a 1-D array, an integer array whose values a double cannot hold', () => {
    expect(() => parseNpyTarget(npyTarget(0, [1, 1, 1, 1, 1, 1], '<f8', false, [2, 3]), 'w.npy')).toThrow(
      /^w\.npy: array is 2×3; a target must be square \(L×L\)/,
    );
    expect(() => parseNpyTarget(npyTarget(1, [1]), 'w.npy')).toThrow(/^w\.npy: L: L must be at least 2/);
    expect(() => parseNpyTarget(npyTarget(0, [1, 1, 1, 1], '<f8', false, [4]), 'w.npy')).toThrow(
      /^w\.npy: array has shape \(4,\) \(1-D\)/,
    );
    const bytes = npyTarget(2, [1, 0, 0, 1]);
    bytes[Buffer.from(bytes).indexOf("'<f8'") + 2] = 'i'.charCodeAt(0);
    // The bits of 1.0 read as an 8-byte integer are 0x3ff0000000000000, beyond 2^53: refused, not rounded.
    expect(() => parseNpyTarget(bytes, 'w.npy')).toThrow(InputRangeError);
    expect(() => parseNpyTarget(bytes, 'w.npy')).toThrow(/^w\.npy: row 0, column 0: is an integer beyond 2\^53/);
  });
});

describe('the nonzero cap of dense .npy targets', () => {
  it('a file with more nonzeros than MAX_TARGET_ENTRIES is refused before building entries', () => {
    // The smallest square over the cap: L = floor(sqrt(cap)) + 1, every entry 1 (float32 keeps the file at 4·L² bytes).
    const L = Math.floor(Math.sqrt(MAX_TARGET_ENTRIES)) + 1;
    expect(L * L).toBeGreaterThan(MAX_TARGET_ENTRIES);
    const bytes = npyBytes({
      descr: '<f4',
      fortranOrder: false,
      shape: [L, L],
      values: new Float32Array(L * L).fill(1),
    });
    expect(() => parseNpyTarget(bytes, 'dense.npy')).toThrow(
      new RegExp(
        `^dense\\.npy: has ${L * L} nonzero entries, more than the ${MAX_TARGET_ENTRIES} a dense \\.npy target may have`,
      ),
    );
  });
});

describe('loadTarget chooses the .npy reader by extension', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-npytarget-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads W.npy and W.NPY', () => {
    for (const name of ['W.npy', 'W.NPY']) {
      const path = join(dir, name);
      writeFileSync(path, npyTarget(2, [0, 3, 1, 0], '>f4', true));
      const W = loadTarget(path);
      expect([...W.entries()]).toEqual([
        [0, 1, 3],
        [1, 0, 1],
      ]);
    }
  });

  it('enforces S and names the file', () => {
    const path = join(dir, 'dense.npy');
    writeFileSync(path, npyTarget(2, [1, 1, 1, 1]));
    expect(() => loadTarget(path, 1)).toThrow(`${path}: row 0: row has 2 positive entries, more than S = 1`);
  });
});
