import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { lastFloat32Pass } from '../../src/verification/_internals/float32FirstPass.js';
import {
  INT16_CHUNK,
  int16Bound,
  INT16_EXPONENT_MAX,
  INT16_EXPONENT_MIN,
  MAX_INT16_DIMENSION,
  packInt16Pairs,
} from '../../src/verification/_internals/kernel/int16Packing.js';
import { int16Windows } from '../../src/verification/_internals/int16Windows.js';
import {
  idleKernelMemoryBytes,
  releaseIdleKernelMemory,
} from '../../src/verification/_internals/kernel/kernelMemory.js';
import { logits16KernelBytes } from '../../src/verification/_internals/kernel/logits16KernelModule.js';
import { KERNEL_CHUNK } from '../../src/verification/_internals/kernel/wasmLogits.js';
import { WasmLogits32 } from '../../src/verification/_internals/kernel/wasmLogits32.js';
import type { WasmModuleHandle } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import { logitsBlock } from '../../src/verification/_internals/logitsBlock.js';
import { emptyRowScan, scanRow } from '../../src/verification/_internals/rowScan.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { AFRESH_SHAPES, compiledAfresh, gaussianMatrix, mixedTarget, nearTwins, randomTarget } from './helpers.js';

/**
 * Runs every block of an int16 pass (its windows first multiplied by `shrink`) and compares each unflagged
 * row's record with scanRow on logitsBlock's float64 logits, bit for bit. Returns the flagged rows and the
 * rows whose record differs (none, unless the windows were shrunk below the bound).
 */
function int16Records(
  W: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  blockRows: number,
  extra: { cap?: number; module?: WasmModuleHandle; shrink?: number } = {},
): { flagged: number[]; wrong: number[]; products: number[] } {
  const L = W.L;
  const scale = 1 / Math.sqrt(Q.cols);
  const ws = WasmLogits32.createInt16(W, Q, K, scale, { blockRows, ...extra });
  expect(ws).not.toBeNull();
  const windows = ws!.windows();
  for (let i = 0; i < L; i++) windows[i] = windows[i]! * (extra.shrink ?? 1);
  ws!.runAll();
  expect(ws!.lanes).toBe('int16');
  const reference = new Float64Array(L);
  const [got, want] = [emptyRowScan(), emptyRowScan()];
  const flagged: number[] = [];
  const wrong: number[] = [];
  const products: number[] = [];
  for (let i = 0; i < L; i++) {
    logitsBlock(Q, K, i, i + 1, scale, reference);
    products.push(ws!.float64Products(i));
    if (!ws!.scanOf(i, got)) flagged.push(i);
    // tolerance: none — the record must be scanRow's on the float64 logits, bit for bit (NaN and −0 included)
    else if (JSON.stringify(got) !== JSON.stringify(scanRow(W, i, reference, 0, want))) wrong.push(i);
  }
  ws!.release();
  return { flagged, wrong, products };
}

describe('the int16 first pass (i32x4.dot_i16x8_s kernel, float64 where the record needs it)', () => {
  it('gives every row the record of scanRow on float64 logits, bit for bit, for odd sizes, tile and chunk edges', () => {
    const random = createRandom(161);
    // d odd (a zero-padded last pair), and 2·KERNEL_CHUNK ± 1: positions are pairs, a chunk holds 2·KERNEL_CHUNK entries.
    for (const L of [2, 3, 15, 16, 17, 33])
      for (const d of [1, 2, 7, 2 * KERNEL_CHUNK - 1, 2 * KERNEL_CHUNK + 1]) {
        const W = mixedTarget(random, L);
        const Q = gaussianMatrix(random, L, d, 1);
        const K = gaussianMatrix(random, L, d, 1);
        for (const blockRows of [1, 4, 64]) {
          const { flagged, wrong } = int16Records(W, Q, K, blockRows);
          expect(wrong).toEqual([]);
          // Gaussian data has no near-ties: only the full-support row 0 is flagged, when its L support
          // logits exceed the default cap of 16 + L/16 float64 dot products.
          expect(flagged).toEqual(L > 16 + Math.floor(L / 16) ? [0] : []);
        }
      }
  });

  it('a module compiled afresh from the emitter gives the same records; a row too large to quantise is flagged', () => {
    const { module, exports } = compiledAfresh(logits16KernelBytes());
    expect(exports).toEqual(['logits16', 'settle', 'block', 'dot64']);
    const random = createRandom(162);
    for (const [L, d] of AFRESH_SHAPES) {
      const W = mixedTarget(random, L);
      const Q = gaussianMatrix(random, L, d, 1);
      Q.data[2 * d] = 1e300; // row 2: beyond 2^43·B, no scale: zeros in its half of the tile, window −1
      const { flagged, wrong } = int16Records(W, Q, gaussianMatrix(random, L, d, 1), 4, { module });
      expect(wrong).toEqual([]);
      expect(flagged).toEqual(L > 16 + Math.floor(L / 16) ? [0, 2] : [2]);
    }
    // Gaussian rows (d = 64, B = 5792): the support logits and a few candidates, no more.
    const W = randomTarget(random, 64, 2, 1);
    const { flagged, products } = int16Records(
      W,
      gaussianMatrix(random, 64, 64, 1),
      gaussianMatrix(random, 64, 64, 1),
      8,
    );
    expect(flagged).toEqual([]);
    products.forEach((p, i) => {
      expect(p).toBeGreaterThan(W.rowCount(i));
      expect(p).toBeLessThanOrEqual(W.rowCount(i) + 4);
    });
  });

  it('negative control: windows 100 times too small give wrong records on near-tied columns; the true ones do not', () => {
    const random = createRandom(163);
    const [L, d] = [128, 33];
    const W = randomTarget(random, L, 2, 1);
    const Q = gaussianMatrix(random, L, d, 1);
    const K = nearTwins(random, L, d, 2 ** -11);
    expect(int16Records(W, Q, K, 4)).toMatchObject({ flagged: [], wrong: [] });
    // The same case with w_i/100: some row's maximum (or its tie-break) is lost — the bound is what makes it right.
    expect(int16Records(W, Q, K, 4, { shrink: 1 / 100 }).wrong.length).toBeGreaterThan(0);
  });

  it('quantisation: exact pairs, scales and norms; zero, tiny and huge rows; d odd', () => {
    // d = 3, B = int16Bound(3) = 23170; width 2 with 3 rows: a padding row of zeros.
    const B = int16Bound(3);
    expect(B).toBe(23170);
    const dst = new Int32Array(2 * 2 * 2).fill(7); // 2 groups × width 2 × 2 pairs; 7 = garbage
    const scales = new Float32Array(3);
    const src = new Float64Array([1, -0.5, 0.25, 0, 0, 0, 1e-30, 2 ** 70, 3]);
    const rows = packInt16Pairs(src, 3, 3, dst, scales, 2, B);
    // Row 0: max 1 <= B·2^-14 (1.41), not B·2^-15: e = -14, ĩ = (16384, -8192, 4096). Row 1: zero, e = -62.
    // Row 2: 2^70 > B·2^48: no scale, zeros. Pairs (t, t+1) per slot, slots t-major across the 2 rows of a group.
    expect(Array.from(rows.exponents)).toEqual([-14, INT16_EXPONENT_MIN, 56]); // 2^70 <= B·2^56, not B·2^55
    expect(Array.from(new Int16Array(dst.buffer))).toEqual([16384, -8192, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(scales)).toEqual([2 ** -14, 2 ** INT16_EXPONENT_MIN, 0]);
    // tolerance: one rounding of sqrt(16384² + 8192² + 4096²)·2^-14 = sqrt(1.3125)
    expect(rows.norms[0]).toBeCloseTo(Math.sqrt(1.3125), 15);
    expect(rows.errors[0]).toBe(2 ** -520 * 2 ** -14); // exact entries: only the underflow allowance
    expect([rows.norms[1], rows.errors[1]]).toEqual([0, 2 ** -520 * 2 ** INT16_EXPONENT_MIN]);
    expect([rows.norms[2], rows.errors[2]]).toEqual([0, Infinity]);
    // A tiny row: clamped at 2^-62, it rounds to zeros and its whole size is the error (>= ||row||).
    const tiny = packInt16Pairs(new Float64Array([1e-30, -1e-30]), 1, 2, new Int32Array(1), new Float32Array(1), 1, 2);
    expect(tiny.exponents[0]).toBe(INT16_EXPONENT_MIN);
    expect(tiny.norms[0]).toBe(0);
    expect(tiny.errors[0]).toBeGreaterThanOrEqual(Math.SQRT2 * 1e-30 * (1 - 1e-15)); // tolerance: the sum's rounding
    // The largest entries that still fit: B·2^48 (e = 48); twice that does not.
    const edge = new Float64Array([B * 2 ** INT16_EXPONENT_MAX, 2 * B * 2 ** INT16_EXPONENT_MAX]);
    const twoRows = packInt16Pairs(edge, 2, 1, new Int32Array(2), new Float32Array(2), 2, B);
    expect(Array.from(twoRows.exponents)).toEqual([INT16_EXPONENT_MAX, INT16_EXPONENT_MAX + 1]);
    // A rounding error is at most half a unit of the scale: |δ_t| <= 2^(e-1), so ||δ|| <= sqrt(d)·2^(e-1).
    const random = createRandom(164);
    const G = gaussianMatrix(random, 8, 101, 3);
    const g = packInt16Pairs(G.data, 8, 101, new Int32Array(8 * 51), new Float32Array(8), 2, int16Bound(101));
    for (let i = 0; i < 8; i++) {
      expect(g.errors[i]).toBeLessThanOrEqual(Math.sqrt(101) * 2 ** (g.exponents[i]! - 1));
      expect(g.errors[i]).toBeGreaterThan(0);
    }
  });

  it('windows: the bound per row (exact inputs: only float64 and single rounding), −1 for a row not quantised', () => {
    const B = int16Bound(2);
    const q = packInt16Pairs(new Float64Array([3, 4, 2 ** 70, 0]), 2, 2, new Int32Array(2), new Float32Array(2), 2, B);
    const k = packInt16Pairs(new Float64Array([1, 0]), 1, 2, new Int32Array(16), new Float32Array(1), 16, B);
    const w = int16Windows(2, q, k);
    // ||q̃|| = 5, ||k̃|| = 1, δ only the 2^-520 allowances: w = 4·(gamma64_2 + 2u + gamma32_1)·5 (one chunk).
    const u = 2 ** -53;
    const expected = 4 * ((2 * u) / (1 - 2 * u) + 2 * u + 2 ** -24 / (1 - 2 ** -24)) * 5;
    // tolerance: the allowances (2^-520 relative) and a few roundings of the formula, below 1e-12 relative
    expect(w[0]! / expected).toBeCloseTo(1, 12);
    expect(w[0]).toBeGreaterThan(20 * 2 ** -24);
    expect(w[1]).toBe(-1);
    // The same rows at d = 128 (one chunk of 64 pairs) and d = 130 (two chunks: the single-precision sum of two
    // converted chunk sums, gamma32_2): only d's terms change.
    const g32 = (c: number) => (c * 2 ** -24) / (1 - c * 2 ** -24);
    for (const [dd, chunks] of [
      [128, 1],
      [130, 2],
    ] as const) {
      const want = 4 * ((dd * u) / (1 - dd * u) + 2 * u + g32(chunks)) * 5;
      // tolerance: as above, below 1e-12 relative
      expect(int16Windows(dd, q, k)[0]! / want).toBeCloseTo(1, 12);
    }
    // A row at the largest exponent still has a window; zero rows against a zero K: the underflow allowance alone.
    const top = packInt16Pairs(
      new Float64Array([B * 2 ** INT16_EXPONENT_MAX, 0]),
      1,
      2,
      new Int32Array(2),
      new Float32Array(1),
      2,
      B,
    );
    expect(top.exponents[0]).toBe(INT16_EXPONENT_MAX);
    expect(int16Windows(2, top, k)[0]).toBeGreaterThan(0);
    const zeros = packInt16Pairs(new Float64Array(4), 2, 2, new Int32Array(2), new Float32Array(2), 2, B);
    expect(Array.from(int16Windows(2, zeros, zeros))).toEqual([4 * 2 * 2 ** -1000, 4 * 2 * 2 ** -1000]);
    // Inexact rows (d = 3, B = 23170): every term counts. Recomputed here from the dequantised matrices:
    // N = ||q̃||, R = ||q − q̃||, Kt = max ||k̃_j||, dK = max ||k_j − k̃_j||, Kb = Kt + dK.
    const qx = [1 / 3, -2 / 7, 0.1];
    const kx = [
      [5 / 11, 1 / 13, -0.3],
      [0.7, 2 / 3, 1e-3],
    ];
    const qi = new Int32Array(4);
    const ki = new Int32Array(32);
    const [qs, ks] = [new Float32Array(1), new Float32Array(2)];
    const qRows = packInt16Pairs(new Float64Array(qx), 1, 3, qi, qs, 2, int16Bound(3));
    const kRows = packInt16Pairs(new Float64Array(kx.flat()), 2, 3, ki, ks, 16, int16Bound(3));
    const [q16, k16] = [new Int16Array(qi.buffer), new Int16Array(ki.buffer)];
    const qt = [q16[0]!, q16[1]!, q16[4]!].map((v) => v * qs[0]!); // pairs (0, 1) and (2, pad) of row 0, width 2
    const kt = [0, 1].map((j) => [k16[2 * j]!, k16[2 * j + 1]!, k16[32 + 2 * j]!].map((v) => v * ks[j]!)); // width 16
    const norm = (x: number[]) => Math.hypot(...x);
    const N = norm(qt);
    const R = norm(qx.map((x, t) => x - qt[t]!));
    const Kt = Math.max(...kt.map(norm));
    const dK = Math.max(...kx.map((k, j) => norm(k.map((x, t) => x - kt[j]![t]!))));
    const Kb = Kt + dK;
    const g = (3 * u) / (1 - 3 * u) + 2 * u;
    const bound = g * (N + R) * Kb + R * Kb + N * dK + (2 ** -24 / (1 - 2 ** -24)) * N * Kt + 3 * 2 ** -1000;
    // tolerance: the norms computed two ways (a few ulps each), below 1e-12 relative
    expect(int16Windows(3, qRows, kRows)[0]! / (4 * bound)).toBeCloseTo(1, 12);
    expect(R).toBeGreaterThan(0);
    expect(dK).toBeGreaterThan(0);
  });

  it('int16Bound is the largest B with P·2B² <= 2^31 − 1, P = min(ceil(d/2), 64) pairs per chunk (or 2^15 − 1)', () => {
    for (const d of [...Array.from({ length: 5000 }, (_, k) => k + 1), 2 ** 16 - 1, 2 ** 16]) {
      const [pairs, b] = [Math.min(Math.ceil(d / 2), INT16_CHUNK), int16Bound(d)];
      expect(pairs * 2 * b * b).toBeLessThanOrEqual(2 ** 31 - 1);
      if (b < 2 ** 15 - 1) expect(pairs * 2 * (b + 1) ** 2).toBeGreaterThan(2 ** 31 - 1);
    }
    expect([1, 2, 3, 4, 128, 129, 512, 2 ** 16].map(int16Bound)).toEqual([
      32767, 32767, 23170, 23170, 4095, 4095, 4095, 4095,
    ]);
  });

  it('rounds to nearest, ties to even, and bounds the residuals exactly on a hand-made row', () => {
    // d = 4, B = 23170: max 23170·2^-10 fits with e = -10 (not -11); entries 2.5, -3.5, 0.5 and 23170 in units of 2^-10.
    const unit = 2 ** -10;
    const dst = new Int32Array(2);
    const rows = packInt16Pairs(
      new Float64Array([2.5 * unit, -3.5 * unit, 0.5 * unit, 23170 * unit]),
      1,
      4,
      dst,
      new Float32Array(1),
      1,
      int16Bound(4),
    );
    expect(rows.exponents[0]).toBe(-10);
    expect(Array.from(new Int16Array(dst.buffer))).toEqual([2, -4, 0, 23170]);
    // Every residual is exactly 1/2 unit: ||δ|| = sqrt(3)/2 units (plus the 2^-520 allowance, below one ulp here).
    // tolerance: one rounding of the square root
    expect(rows.errors[0]! / ((Math.sqrt(3) / 2) * unit)).toBeCloseTo(1, 15);
    expect(rows.norms[0]).toBe(Math.sqrt(4 + 16 + 23170 ** 2) * unit);
  });

  it('no overflow at the largest d: B = 4095, each chunk of 64 pairs at most 64·2B² < 2^31, records bit for bit', () => {
    const d = MAX_INT16_DIMENSION;
    const B = int16Bound(d);
    expect(B).toBe(4095);
    expect(INT16_CHUNK * 2 * B * B).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(INT16_CHUNK * 2 * (B + 1) ** 2).toBeGreaterThan(2 ** 31 - 1);
    // Row 0 of Q and of K all B: 512 chunks of exact integer sums 64·2B² = 2146435200, added in single precision
    // to d·B² ≈ 1.1e12 (without the flush, an i32 sum would wrap in the second chunk, and column 1, whose
    // logit is about 40 times smaller, would become row 0's maximum).
    const Q = denseMatrix(3, d);
    const K = denseMatrix(3, d);
    Q.data.fill(B, 0, d);
    Q.data.fill(-B, d, 2 * d);
    Q.data.fill(1, 2 * d);
    K.data.fill(B, 0, d);
    K.data.fill(100, d, 2 * d);
    K.data.fill(-B, 2 * d);
    const W = SparseTarget.fromEntries(3, [
      [0, 2, 1],
      [1, 2, 1],
      [2, 0, 1],
    ]);
    const { flagged, wrong } = int16Records(W, Q, K, 2);
    expect([flagged, wrong]).toEqual([[], []]);
    expect(verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { kernel: 'wasm16' })).toEqual(
      verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { kernel: 'js' }),
    );
    expect(lastFloat32Pass()!.lanes).toBe('int16');
    // One more dimension: no int16 pass (null), and 'wasm16' runs the float32 pass instead.
    const wide = denseMatrix(3, d + 1);
    expect(WasmLogits32.createInt16(W, wide, wide, 1, { blockRows: 2 })).toBeNull();
    verifyFactors(W, wide, wide, { epsilon: 0.5, gamma: 0.5 }, { kernel: 'wasm16' });
    expect(lastFloat32Pass()!.lanes).toBe('float32');
  });

  it('K too large to quantise: no int16 pass; wasm16 falls back to the float32 pass with the same verdict', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    const random = createRandom(165);
    const Q = gaussianMatrix(random, 2, 512, 1);
    const K = gaussianMatrix(random, 2, 512, 1);
    // At d = 512 (B = 4095) entries up to B·2^43, about 2^55, are quantised; 2^60 is not, but is inside
    // the float32 pass's range.
    K.data[600] = 2 ** 60;
    releaseIdleKernelMemory();
    expect(WasmLogits32.createInt16(W, Q, K, 1, { blockRows: 2 })).toBeNull();
    expect(idleKernelMemoryBytes()).toBeGreaterThan(0); // the memory it had taken is back in the pool
    const precision = { epsilon: 0.5, gamma: 0.5 };
    expect(verifyFactors(W, Q, K, precision, { kernel: 'wasm16' })).toEqual(
      verifyFactors(W, Q, K, precision, { kernel: 'js' }),
    );
    expect(lastFloat32Pass()!.lanes).toBe('float32');
    K.data[600] = int16Bound(512) * 2 ** INT16_EXPONENT_MAX;
    const fits = WasmLogits32.createInt16(W, Q, K, 1, { blockRows: 2 });
    expect(fits).not.toBeNull();
    fits!.release();
    expect(verifyFactors(W, Q, K, precision, { kernel: 'wasm16' })).toEqual(
      verifyFactors(W, Q, K, precision, { kernel: 'js' }),
    );
    expect(lastFloat32Pass()!.lanes).toBe('int16');
  });
});
