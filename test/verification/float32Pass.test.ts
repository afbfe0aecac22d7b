import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { CheckRun } from '../../src/verification/_internals/checkRun.js';
import { precisionLogs } from '../../src/precision/precision.js';
import {
  float32Windows,
  FLOAT32_SAFE_MAX,
  FLOAT32_SAFE_MIN,
  MAX_FLOAT32_DIMENSION,
} from '../../src/verification/_internals/float32Windows.js';
import { lastFloat32Pass } from '../../src/verification/_internals/float32FirstPass.js';
import { logits32KernelBytes } from '../../src/verification/_internals/kernel/logits32KernelModule.js';
import { logitsBlock } from '../../src/verification/_internals/logitsBlock.js';
import { emptyRowScan, scanRow } from '../../src/verification/_internals/rowScan.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { verifyFactorsParallel } from '../../src/verification/verifyFactorsParallel.js';
import { KERNEL_CHUNK } from '../../src/verification/_internals/kernel/wasmLogits.js';
import { WasmLogits32 } from '../../src/verification/_internals/kernel/wasmLogits32.js';
import type { WasmModuleHandle } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import {
  factorsAsCertificate,
  gaussianMatrix,
  mat,
  mixedTarget,
  nearTwins,
  randomCheckCase,
  randomTarget,
  AFRESH_SHAPES,
  compiledAfresh,
} from './helpers.js';
import { trials } from '../helpers/mutationBudget.js';

/**
 * Runs every block of a float32 pass and checks each unflagged row's record against scanRow on
 * logitsBlock's float64 logits (no tolerance: bit for bit). Returns how many rows were flagged.
 */
function expectRecordsOfFloat64(
  W: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  blockRows: number,
  extra: { cap?: number; module?: WasmModuleHandle } = {},
): number {
  const L = W.L;
  const scale = 1 / Math.sqrt(Q.cols);
  const windows = float32Windows(Q, K);
  expect(windows).not.toBeNull();
  const ws = WasmLogits32.create(W, Q, K, scale, windows!, { blockRows, ...extra })!;
  ws.runAll();
  const reference = new Float64Array(L);
  const got = emptyRowScan();
  const want = emptyRowScan();
  let flagged = 0;
  for (let i = 0; i < L; i++) {
    logitsBlock(Q, K, i, i + 1, scale, reference);
    if (!ws.scanOf(i, got)) {
      flagged++;
      expect(ws.float64Products(i)).toBe(-1);
      continue;
    }
    // tolerance: none — the record must be scanRow's on the float64 logits, bit for bit
    expect(got).toEqual(scanRow(W, i, reference, 0, want));
    expect(ws.float64Products(i)).toBeGreaterThanOrEqual(W.rowCount(i));
  }
  ws.release();
  return flagged;
}

/** The four kernels must give the same verdict, bit for bit (toEqual compares every field, NaN and −0 included). */
function expectAllKernelsAgree(
  W: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  precision: { epsilon: number; gamma: number },
  blockRows?: number,
): void {
  const options = blockRows === undefined ? {} : { blockRows };
  const js = verifyFactors(W, Q, K, precision, { ...options, kernel: 'js' });
  expect(verifyFactors(W, Q, K, precision, { ...options, kernel: 'wasm32' })).toEqual(js);
  expect(verifyFactors(W, Q, K, precision, { ...options, kernel: 'wasm16' })).toEqual(js);
  expect(verifyFactors(W, Q, K, precision, { ...options, kernel: 'wasm' })).toEqual(js);
}

describe('the float32 first pass (f32x4 kernel, float64 where the record needs it)', () => {
  it('gives every row the record of scanRow on float64 logits, bit for bit, for odd sizes, tile and chunk edges', () => {
    const random = createRandom(61);
    const Ls = [2, 3, 15, 16, 17, 33];
    const ds = [1, 2, 7, KERNEL_CHUNK - 1, KERNEL_CHUNK + 1];
    for (const L of Ls)
      for (const d of ds) {
        const W = mixedTarget(random, L);
        const Q = gaussianMatrix(random, L, d, 1);
        const K = gaussianMatrix(random, L, d, 1);
        // Gaussian data has no near-ties: only the full-support row 0 is flagged, when its L support
        // logits exceed the default cap of 16 + L/16 float64 dot products.
        for (const blockRows of [1, 4, 64])
          expect(expectRecordsOfFloat64(W, Q, K, blockRows)).toBe(L > 16 + Math.floor(L / 16) ? 1 : 0);
      }
  });

  it('a module compiled afresh from the emitter gives the same records (the emitter itself is what is checked)', () => {
    // The default module is compiled once per process; this one is emitted and compiled now, so a change in
    // the emitter shows here at once: in the records, the flags, and the float64 work each row takes.
    const { module, exports } = compiledAfresh(logits32KernelBytes());
    expect(exports).toEqual(['logits32', 'settle', 'block', 'dot64']);
    const random = createRandom(62);
    for (const [L, d] of AFRESH_SHAPES) {
      const W = mixedTarget(random, L);
      const Q = gaussianMatrix(random, L, d, 1);
      // Row 2 outside the float32 range (1e300 is Infinity in float32: its half of the register tile it
      // shares with row 3 holds Infinity or NaN): flagged without work, and its neighbours unharmed.
      Q.data[2 * d] = 1e300;
      expect(expectRecordsOfFloat64(W, Q, gaussianMatrix(random, L, d, 1), 4, { module })).toBe(
        L > 16 + Math.floor(L / 16) ? 2 : 1,
      );
    }
    // Gaussian rows have no near-ties: each takes its support logits and one or two candidates, no more.
    const W = randomTarget(random, 64, 2, 1);
    const [Q, K] = [gaussianMatrix(random, 64, 16, 1), gaussianMatrix(random, 64, 16, 1)];
    const ws = WasmLogits32.create(W, Q, K, 0.25, float32Windows(Q, K)!, { blockRows: 8, module })!;
    ws.runAll();
    for (let i = 0; i < 64; i++) {
      expect(ws.float64Products(i)).toBeGreaterThan(W.rowCount(i));
      expect(ws.float64Products(i)).toBeLessThanOrEqual(W.rowCount(i) + 2);
    }
    ws.release();
  });

  it('exact ties and near-ties: every tied column is recomputed, the first one wins; over the cap the row is flagged', () => {
    // K has duplicated rows and Q rows of zeros: every off-support logit of row 0 ties.
    const L = 40;
    const d = 5;
    const random = createRandom(63);
    const K = gaussianMatrix(random, L, d, 1);
    for (let j = 1; j < L; j += 2) K.data.copyWithin(j * d, (j - 1) * d, j * d);
    const Q = gaussianMatrix(random, L, d, 1);
    Q.data.fill(0, 0, d); // row 0: all logits 0
    Q.data.fill(1e-3, d, 2 * d); // row 1: pairs of equal logits
    const W = mixedTarget(random, L);
    // Default cap (16 + L/16 = 18): row 0 (all logits 0) has L − 1 tied candidates, and its support, over
    // the cap → flagged; the others, with their pairs of equal columns, are settled.
    expect(expectRecordsOfFloat64(W, Q, K, 4)).toBe(1);
    // Cap 3: only rows with at most 3 support entries and candidates together fit (every row with an
    // off-support column has at least one candidate: its maximum).
    const flagged = expectRecordsOfFloat64(W, Q, K, 4, { cap: 3 });
    expect(flagged).toBeGreaterThan(1);
    expect(flagged).toBeLessThan(L);
    expect(expectRecordsOfFloat64(W, Q, K, 4, { cap: 10 ** 6 })).toBe(0);
    // Whole verdicts: one flagged row is recomputed by the JavaScript loop, two (more than L/32) by the
    // f64x2 pass over everything; either way the verdict is the float64 kernels'.
    const precision = { epsilon: 0.5, gamma: 0.5 };
    expectAllKernelsAgree(W, Q, K, precision);
    verifyFactors(W, Q, K, precision, { kernel: 'wasm32' });
    expect(lastFloat32Pass()!.wholeRows).toBe(1);
    Q.data.fill(0, 2 * d, 3 * d);
    expectAllKernelsAgree(W, Q, K, precision);
    verifyFactors(W, Q, K, precision, { kernel: 'wasm32' });
    expect(lastFloat32Pass()!.wholeRows).toBe(2);
  });

  it('windows: a bound per row, −1 for rows outside the float32 range, null when K is outside it', () => {
    const K = mat([
      [1, 0],
      [0, 1],
    ]);
    const w = float32Windows(
      mat([
        [3, 4],
        [FLOAT32_SAFE_MAX * 2, 0],
        [FLOAT32_SAFE_MIN / 2, 1],
        [0, 0],
      ]),
      K,
    )!;
    const g = ((2 + 3) * 2 ** -24) / (1 - (2 + 3) * 2 ** -24);
    // tolerance: vectorNorm's rounding, a few ulps of 4·gamma32_5·5
    expect(w[0]).toBeCloseTo(4 * g * 5, 20);
    expect(w[0]).toBeGreaterThanOrEqual(4 * g * 5);
    expect([w[1], w[2]]).toEqual([-1, -1]);
    expect(w[3]).toBe(4 * 2 * 2 ** -87); // a zero row: the absolute allowance alone
    expect(float32Windows(mat([[1, 1]]), mat([[FLOAT32_SAFE_MAX * 2, 1]]))).toBeNull();
    expect(float32Windows(mat([[1, 1]]), mat([[FLOAT32_SAFE_MIN / 4, 1]]))).toBeNull();
    expect(float32Windows(mat([[2 ** 50, 1]]), mat([[2 ** 55, 1]]))![0]).toBe(-1); // ||q||·||k|| above 2^100
    // The limits themselves are inside: entries 2^-60 and 2^60, and ||q||·||k|| = 2^100 exactly.
    expect(float32Windows(mat([[2 ** 40, 0]]), mat([[2 ** 60, 0]]))![0]).toBeGreaterThan(0);
    expect(
      float32Windows(mat([[FLOAT32_SAFE_MIN, FLOAT32_SAFE_MAX]]), mat([[FLOAT32_SAFE_MIN, 1]]))![0],
    ).toBeGreaterThan(0);
    // An entry of K out of range anywhere, the last one included, turns the float32 pass off.
    expect(
      float32Windows(
        mat([
          [1, 1],
          [1, 1],
        ]),
        mat([
          [1, 1],
          [1, FLOAT32_SAFE_MAX * 2],
        ]),
      ),
    ).toBeNull();
    // d up to 2^22 − 3 has a bound (gamma32_{d+3} < 1); one more and there is no float32 pass.
    const wide = (d: number) => float32Windows(denseMatrix(1, d), denseMatrix(1, d));
    expect(wide(MAX_FLOAT32_DIMENSION)![0]).toBeGreaterThan(0);
    expect(wide(MAX_FLOAT32_DIMENSION + 1)).toBeNull();
    // The verifier's own n̂_i·K̂max (CheckRun) gives the same windows as the norms computed here.
    const random = createRandom(65);
    const [Qr, Kr] = [gaussianMatrix(random, 9, 5, 3), gaussianMatrix(random, 9, 5, 0.5)];
    const run = new CheckRun(
      mixedTarget(random, 9),
      { Q: Qr, K: Kr, qRadius: null, kRadius: null },
      precisionLogs({ epsilon: 0.5, gamma: 0.5 }),
    );
    expect(float32Windows(Qr, Kr, run.magnitudes)).toEqual(float32Windows(Qr, Kr));
  });

  it('verdicts identical to the float64 kernels on seeded random inputs (factors and certificates, every outcome)', async () => {
    const seen = { pass: 0, fail: 0, inconclusive: 0 };
    for (let trial = 0; trial < trials(40, 6); trial++) {
      const random = createRandom(deriveSeed(881, trial));
      const { W, Q, K, precision, blockRows } = randomCheckCase(random, trial, 40);
      expectAllKernelsAgree(W, Q, K, precision, blockRows);
      const cert = factorsAsCertificate(Q, K);
      for (const kernel of ['wasm32', 'wasm16'] as const) {
        expect(verifyCertificate(W, cert, precision, { kernel, blockRows })).toEqual(
          verifyCertificate(W, cert, precision, { kernel: 'js', blockRows }),
        );
        expect(await verifyFactorsParallel(W, Q, K, precision, { kernel, blockRows, workers: 1 })).toEqual(
          verifyFactors(W, Q, K, precision, { kernel: 'js' }),
        );
      }
      seen[verifyFactors(W, Q, K, precision, { kernel: 'js' }).status]++;
    }
    expect(seen.pass).toBeGreaterThan(trials(5, 0));
    expect(seen.fail).toBeGreaterThan(trials(5, 0));
  });

  it('adversarial inputs: overflow, huge and tiny entries, ties, zero rows, full and single supports — identical verdicts', () => {
    const precision = { epsilon: 0.5, gamma: 0.5 };
    const W3 = SparseTarget.fromEntries(3, [
      [0, 0, 1],
      [0, 2, 1],
      [1, 1, 1],
      [2, 0, 1],
      [2, 1, 1],
      [2, 2, 1],
    ]);
    // Logits that overflow float64 (1e300·1e300), and entries far outside float32.
    expectAllKernelsAgree(
      W3,
      mat([
        [1e300, 1e300],
        [1e300, -1e300],
        [1, 1],
      ]),
      mat([
        [1e300, 1e300],
        [1e10, 1],
        [-1e300, 1e300],
      ]),
      precision,
    );
    expectAllKernelsAgree(
      W3,
      mat([
        [1e200, 1],
        [1, 1],
        [1, 1],
      ]),
      mat([
        [1e200, 1],
        [1, 2],
        [3, 1],
      ]),
      precision,
    );
    // Rows of Q outside the float32 range (flagged and recomputed whole), K inside it.
    expectAllKernelsAgree(
      W3,
      mat([
        [2 ** 70, 1],
        [1e-30, 1],
        [2 ** -70, 0],
      ]),
      mat([
        [1, 2],
        [2, 1],
        [1, 1],
      ]),
      precision,
    );
    // Zero logits everywhere (every column ties), and a full-support row.
    expectAllKernelsAgree(
      W3,
      mat([
        [0, 0],
        [0, 0],
        [0, 0],
      ]),
      mat([
        [1, 2],
        [2, 1],
        [1, 1],
      ]),
      precision,
    );
    // Weights from 1e-300 to 1e300, logits of magnitude 1e4.
    const Wx = SparseTarget.fromEntries(3, [
      [0, 0, 1e-300],
      [0, 1, 1e300],
      [1, 2, 1],
      [2, 0, 5],
    ]);
    expectAllKernelsAgree(
      Wx,
      mat([
        [1e4, -1e4],
        [3, 1],
        [0.5, -2],
      ]),
      mat([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
      { epsilon: 0.9, gamma: 0.1 },
    );
    // Order-sensitive sums (cancellation): float32 is far off, float64 decides.
    const q = [2 ** 53, 1, -(2 ** 53), 1, 1, 2 ** 53, 1, -(2 ** 53), 3];
    expectAllKernelsAgree(
      W3,
      mat([q, q.map((x) => -x), q.slice().reverse()]),
      mat([Array(9).fill(1), q.map((x) => (x === 1 ? 1 : 0.5)), Array.from({ length: 9 }, (_, t) => t + 1)]),
      precision,
    );
    // Near-tied columns (K's rows in pairs 2^-11 apart): each row's maximum is decided in float64 among its
    // candidates (the records themselves, and a negative control with too-small windows, are in int16Pass.test.ts).
    const random = createRandom(66);
    const Wt = randomTarget(random, 128, 2, 1);
    expectAllKernelsAgree(Wt, gaussianMatrix(random, 128, 33, 1), nearTwins(random, 128, 33, 2 ** -11), precision);
  });

  it('runs for wasm32, the int16 pass being the default for large problems; reports how much it recomputed in float64', () => {
    const random = createRandom(64);
    const L = 96;
    const d = 64;
    const W = randomTarget(random, L, 2, 1);
    const Q = gaussianMatrix(random, L, d, 1);
    const K = gaussianMatrix(random, L, d, 1);
    const auto = verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 });
    expect(lastFloat32Pass()!.lanes).toBe('int16');
    expect(verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { kernel: 'wasm32' })).toEqual(auto);
    const report = lastFloat32Pass()!;
    expect(report.lanes).toBe('float32');
    expect(report.rows).toBe(L);
    expect(report.wholeRows).toBe(0);
    // Support logits (1–2 per row) plus at least the maximum's column per row.
    expect(report.float64Products).toBeGreaterThanOrEqual(W.nnz + L);
    expect(report.float64Products).toBeLessThan(L * 8);
    expect(auto).toEqual(verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { kernel: 'js' }));
  });

  it('rejects bad options and declines a problem beyond 4 GiB', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    const Q = mat([[1], [2]]);
    const w = new Float64Array([1, 1]);
    expect(() => WasmLogits32.create(W, Q, Q, 1, w, { blockRows: 0 })).toThrow(
      new RangeError('blockRows must be a positive integer, got 0'),
    );
    expect(() => WasmLogits32.create(W, Q, Q, 1, w, { blockRows: 2, slots: 1.5 })).toThrow(
      new RangeError('slots must be a positive integer, got 1.5'),
    );
    expect(() => WasmLogits32.create(W, Q, Q, 1, w, { blockRows: 2, cap: 0 })).toThrow(
      new RangeError('cap must be a positive integer, got 0'),
    );
    const huge = denseMatrix(2, 1);
    const shapes = { rows: 2, cols: 2 ** 28, data: huge.data };
    expect(WasmLogits32.create(W, shapes, shapes, 1, w, { blockRows: 64 })).toBeNull();
  });
});
