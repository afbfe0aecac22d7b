import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { logitsBlock } from '../../src/verification/_internals/logitsBlock.js';
import { logitsKernelBytes, logitsKernelModule } from '../../src/verification/_internals/kernel/logitsKernelModule.js';
import { webAssemblyApi, type WasmModuleHandle } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import { emptyRowScan, scanRow } from '../../src/verification/_internals/rowScan.js';
import { streamingCheck } from '../../src/verification/_internals/streamingCheck.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { KERNEL_CHUNK, WasmLogits } from '../../src/verification/_internals/kernel/wasmLogits.js';
import {
  acquireKernelMemory,
  idleKernelMemoryBytes,
  releaseIdleKernelMemory,
  releaseKernelMemory,
} from '../../src/verification/_internals/kernel/kernelMemory.js';
import { gaussianMatrix, mat, factorsAsCertificate, mixedTarget, randomCheckCase } from './helpers.js';
import { trials } from '../helpers/mutationBudget.js';

/** Runs every block of a fresh workspace and checks its logits and records against logitsBlock + scanRow. */
function expectSameAsReference(
  W: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  blockRows: number,
  module?: WasmModuleHandle,
): void {
  const L = W.L;
  const scale = 1 / Math.sqrt(Q.cols);
  const ws = WasmLogits.create(W, Q, K, scale, { blockRows, ...(module !== undefined ? { module } : {}) })!;
  expect(ws).not.toBeNull();
  const run = ws.instantiate();
  const rowsPerBlock = ws.blockRows;
  const out = new Float64Array(ws.memory.buffer, ws.outPtr(0), rowsPerBlock * ws.rowStride);
  const reference = new Float64Array(rowsPerBlock * L);
  const got = emptyRowScan();
  const want = emptyRowScan();
  for (let b = 0; b < ws.blocks; b++) {
    run(b, ws.outPtr(0));
    const start = b * rowsPerBlock;
    const end = Math.min(L, start + rowsPerBlock);
    logitsBlock(Q, K, start, end, scale, reference);
    for (let i = start; i < end; i++) {
      for (let j = 0; j < L; j++) {
        const a = out[(i - start) * ws.rowStride + j]!;
        const e = reference[(i - start) * L + j]!;
        // tolerance: none — the same left-to-right sum in the same binary64 operations
        if (!Object.is(a, e))
          expect.fail(`logit (${i}, ${j}) of L=${L} d=${Q.cols} blockRows=${blockRows}: ${a} !== ${e}`);
      }
      expect(ws.scanOf(i, got)).toEqual(scanRow(W, i, reference, (i - start) * L, want));
    }
  }
  ws.release();
}

describe('the WebAssembly logit kernel (WasmLogits)', () => {
  it('compiles here', () => {
    expect(logitsKernelModule()).not.toBeNull();
  });

  it('gives the logits of logitsBlock bit for bit and the records of scanRow, for odd sizes, tile edges and chunk edges', () => {
    const random = createRandom(41);
    // L around the tile sizes (2 rows, 8 columns); d around the chunk length (256 positions).
    const Ls = [2, 3, 5, 8, 9, 17];
    const ds = [1, 2, 7, KERNEL_CHUNK - 1, KERNEL_CHUNK, KERNEL_CHUNK + 1, 2 * KERNEL_CHUNK + 3];
    let cases = 0;
    for (const L of Ls)
      for (const d of ds) {
        const W = mixedTarget(random, L);
        const Q = gaussianMatrix(random, L, d, 1);
        const K = gaussianMatrix(random, L, d, 1);
        for (const blockRows of [1, 3, 4, 64]) {
          expectSameAsReference(W, Q, K, blockRows);
          cases++;
        }
      }
    expect(cases).toBe(Ls.length * ds.length * 4);
  });

  it('a module compiled afresh from the emitter gives the same logits and scans (the emitter itself is what is checked)', () => {
    // The default module is compiled once per process; this one is emitted and compiled now, so a change
    // in the emitter (src/verification/_internals/kernel/logitsKernelModule.ts, wasmModule.ts) shows here at once.
    const module = new (webAssemblyApi()!.Module)(logitsKernelBytes());
    const random = createRandom(43);
    for (const [L, d] of [
      [2, 1],
      [5, 7],
      [9, 3],
      [17, 2],
    ] as const) {
      const W = mixedTarget(random, L);
      for (const blockRows of [1, 4])
        expectSameAsReference(W, gaussianMatrix(random, L, d, 1), gaussianMatrix(random, L, d, 1), blockRows, module);
    }
  });

  it('sums in the same order as logitsBlock: inputs where the order changes the result still match bit for bit', () => {
    // q = (2^53, 1, −2^53, 1, …): left to right gives 2^53 + 1 → 2^53 (rounded), … so the result
    // depends on the order; a pairwise or lane-split sum would differ.
    const d = 9;
    const q = [2 ** 53, 1, -(2 ** 53), 1, 1, 2 ** 53, 1, -(2 ** 53), 3];
    const Q = mat([q, q.map((x) => -x), q.slice().reverse()]);
    const K = mat([Array(d).fill(1), q.map((x) => (x === 1 ? 1 : 0.5)), Array.from({ length: d }, (_, t) => t + 1)]);
    const W = SparseTarget.fromEntries(3, [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
    ]);
    let leftToRight = 0;
    for (let t = 0; t < d; t++) leftToRight += q[t]!;
    let pairwise = 0;
    for (let t = 0; t < d; t += 2) pairwise += q[t]! + (t + 1 < d ? q[t + 1]! : 0);
    expect(leftToRight).not.toBe(pairwise); // the test data is order-sensitive
    expectSameAsReference(W, Q, K, 2);
  });

  it('reproduces scanRow on overflowing logits too (Infinity and NaN are handled alike)', () => {
    const Q = mat([
      [1e300, 1e300],
      [1e300, -1e300],
      [1, 1],
    ]);
    const K = mat([
      [1e300, 1e300],
      [1e10, 1],
      [-1e300, 1e300],
    ]);
    const W = SparseTarget.fromEntries(3, [
      [0, 0, 1],
      [0, 2, 1],
      [1, 1, 1],
      [2, 0, 1],
      [2, 1, 1],
      [2, 2, 1],
    ]);
    expectSameAsReference(W, Q, K, 2);
  });

  it('gives verdicts identical to the JavaScript kernel on seeded random inputs (factors and certificates, every outcome)', () => {
    const seen = { pass: 0, fail: 0, inconclusive: 0, refined: 0 };
    for (let trial = 0; trial < trials(60, 8); trial++) {
      const random = createRandom(deriveSeed(771, trial));
      const { W, Q, K, precision, blockRows } = randomCheckCase(random, trial, 30);
      const js = verifyFactors(W, Q, K, precision, { kernel: 'js', blockRows });
      expect(verifyFactors(W, Q, K, precision, { kernel: 'wasm', blockRows })).toEqual(js);
      expect(verifyFactors(W, Q, K, precision, { kernel: 'wasm' })).toEqual(js);
      // The same factors as a certificate whose projections only copy them.
      const cert = factorsAsCertificate(Q, K);
      expect(verifyCertificate(W, cert, precision, { kernel: 'wasm', blockRows })).toEqual(
        verifyCertificate(W, cert, precision, { kernel: 'js', blockRows }),
      );
      seen[js.status]++;
      if (js.refinedRows > 0) seen.refined++;
    }
    // The comparison covers passing and failing verdicts (not only one kind): more than 5 of each in the
    // 60 trials, at least one of each in the 8 of a mutation-testing run.
    expect(seen.pass).toBeGreaterThan(trials(5, 0));
    expect(seen.fail).toBeGreaterThan(trials(5, 0));
  });

  it('gives the same verdict on rows too close to call, with and without the compensated re-check', () => {
    // From boundary.test.ts: a margin 1e-6 below ln(gamma) hidden under the first-pass bound by cancellation.
    const precision = { epsilon: 0.5, gamma: 0.25 };
    const M = 2 ** 30;
    const c = Math.round(2 * (Math.log(0.25) - 1e-6) * 2 ** 22) / 2 ** 22;
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 0, 1],
      [1, 1, 1],
    ]);
    const Q = denseMatrix(2, 4, Float64Array.from([M, M, 0, 0, 0, 0, 0, 0]));
    const K = denseMatrix(2, 4, Float64Array.from([0, 0, 0, 0, 1, -1 + c / M, 0, 0]));
    for (const refine of [true, false]) {
      const wasm = verifyFactors(W, Q, K, precision, { kernel: 'wasm', refine });
      expect(wasm).toEqual(verifyFactors(W, Q, K, precision, { kernel: 'js', refine }));
      expect(wasm.status).toBe(refine ? 'pass' : 'inconclusive');
    }
  });

  it('reuses pooled memory, and a reused memory full of garbage changes nothing', () => {
    releaseIdleKernelMemory();
    const random = createRandom(8);
    const W = mixedTarget(random, 13);
    const Q = gaussianMatrix(random, 13, 300, 1);
    const K = gaussianMatrix(random, 13, 300, 1);
    // Poison the memories the pool will hand out: NaN bytes everywhere.
    const poisoned = [acquireKernelMemory(1 << 20)!, acquireKernelMemory(1 << 20)!];
    for (const m of poisoned) {
      new Float64Array(m.buffer).fill(NaN);
      releaseKernelMemory(m);
    }
    expect(idleKernelMemoryBytes()).toBeGreaterThanOrEqual(2 << 20);
    expectSameAsReference(W, Q, K, 3);
    expectSameAsReference(W, Q, K, 64);
    const precision = { epsilon: 0.5, gamma: 0.5 };
    expect(verifyFactors(W, Q, K, precision, { kernel: 'wasm' })).toEqual(
      verifyFactors(W, Q, K, precision, { kernel: 'js' }),
    );
    // The verifications gave their memory back: the pool holds the same two memories, no new one.
    expect(idleKernelMemoryBytes()).toBe(2 << 20);
  });

  it('declines (null) a problem beyond its 4 GiB memory, before touching the data', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    // Shapes only: 2 × 2^28 doubles for each of Q and K is 8 GiB. The data is never read.
    const huge = { rows: 2, cols: 2 ** 28, data: new Float64Array(0) };
    expect(WasmLogits.create(W, huge, huge, 1, { blockRows: 64 })).toBeNull();
  });

  it('rejects bad options', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    const Q = mat([[1], [2]]);
    expect(() => WasmLogits.create(W, Q, Q, 1, { blockRows: 0 })).toThrow(
      new RangeError('blockRows must be a positive integer, got 0'),
    );
    expect(() => WasmLogits.create(W, Q, Q, 1, { blockRows: 1.5 })).toThrow(RangeError);
    expect(() => WasmLogits.create(W, Q, Q, 1, { blockRows: 2, slots: 0 })).toThrow(
      new RangeError('slots must be a positive integer, got 0'),
    );
    expect(() => WasmLogits.create(W, Q, Q, 1, { blockRows: 2, slots: 2.5 })).toThrow(RangeError);
    const ws = WasmLogits.create(W, Q, Q, 1, { blockRows: 2, slots: 2 })!;
    // two output buffers, slot 1 past slot 0: slots 0 and 1 exist, nothing else
    expect(ws.outPtr(1) - ws.outPtr(0)).toBeGreaterThan(0);
    expect(ws.job(1).outPtr).toBe(ws.outPtr(1));
    expect(() => ws.outPtr(2)).toThrow(new RangeError('slot 2 is not in 0..1'));
    expect(() => ws.outPtr(-1)).toThrow(RangeError);
    expect(() => ws.outPtr(0.5)).toThrow(RangeError);
    ws.release();
    const factors = { Q, K: Q, qRadius: null, kRadius: null };
    const logs = { epsilon: 0.5, gamma: 0.5, rho: Math.log1p(0.5), logGamma: Math.log(0.5) };
    expect(() =>
      streamingCheck(W, { fast: factors, accurate: () => factors }, logs, { kernel: 'gpu' as 'js' }),
    ).toThrow(/^kernel must be /);
    expect(() =>
      streamingCheck(W, { fast: factors, accurate: () => factors }, logs, { kernel: 'gpu' as 'js' }),
    ).toThrow(RangeError);
  });
});
