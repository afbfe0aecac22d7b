import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { precisionLogs } from '../../src/precision/precision.js';
import { createRandom } from '../../src/random/randomSource.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { CheckRun } from '../../src/verification/_internals/checkRun.js';
import { float32FirstPass, recomputeRows } from '../../src/verification/_internals/float32FirstPass.js';
import {
  idleKernelMemoryBytes,
  releaseIdleKernelMemory,
} from '../../src/verification/_internals/kernel/kernelMemory.js';
import { WasmLogits32 } from '../../src/verification/_internals/kernel/wasmLogits32.js';
import { logitsBlock } from '../../src/verification/_internals/logitsBlock.js';
import { emptyRowScan, scanRow, type RowScan } from '../../src/verification/_internals/rowScan.js';
import { gaussianMatrix, mat, randomTarget } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** A CheckRun whose `record` only collects (row, copy of the scan), in call order. */
function collectingRun(W: SparseTarget, Q: DenseMatrix, K: DenseMatrix): { run: CheckRun; got: [number, RowScan][] } {
  const run = new CheckRun(W, { Q, K, qRadius: null, kRadius: null }, precisionLogs({ epsilon: 0.5, gamma: 0.5 }));
  const got: [number, RowScan][] = [];
  run.record = (i, scan) => void got.push([i, { ...scan }]);
  return { run, got };
}

/** What `rows` must be recorded as: scanRow on logitsBlock's float64 logits of each row alone. */
function float64Records(W: SparseTarget, Q: DenseMatrix, K: DenseMatrix, rows: readonly number[]): [number, RowScan][] {
  const logits = new Float64Array(W.L);
  return rows.map((i) => [
    i,
    { ...scanRow(W, i, logitsBlock(Q, K, i, i + 1, 1 / Math.sqrt(Q.cols), logits), 0, emptyRowScan()) },
  ]);
}

function gaussianCase(seed: number, L: number, d: number): { W: SparseTarget; Q: DenseMatrix; K: DenseMatrix } {
  const random = createRandom(seed);
  return { W: randomTarget(random, L, 2, 1), Q: gaussianMatrix(random, L, d, 1), K: gaussianMatrix(random, L, d, 1) };
}

describe('recomputeRows: flagged rows recorded from float64 logits', () => {
  // L = 160: up to 5 rows (5·32 = L) are gathered and multiplied in JavaScript, 6 or more take the f64x2
  // pass over everything, whose memory then comes back to the (emptied) pool — the only trace of the path.
  const { W, Q, K } = gaussianCase(71, 160, 7);

  it('up to 1/32 of the rows: gathered in blocks of blockRows, each record bit for bit, no kernel memory', () => {
    for (const [rows, blockRows] of [
      [[0, 3, 17, 50, 159], 2],
      [[5, 6, 101], 1],
      [[42], 64],
    ] as const) {
      releaseIdleKernelMemory();
      const { run, got } = collectingRun(W, Q, K);
      recomputeRows(run, Q, K, rows, blockRows);
      // tolerance: none — the same left-to-right float64 sums as today's kernels, bit for bit
      expect(got).toEqual(float64Records(W, Q, K, rows));
      expect(idleKernelMemoryBytes()).toBe(0);
    }
  });

  it('more than 1/32 of the rows: the f64x2 pass over everything, records bit for bit, memory back in the pool', () => {
    const rows = [1, 2, 30, 31, 90, 158];
    releaseIdleKernelMemory();
    const { run, got } = collectingRun(W, Q, K);
    recomputeRows(run, Q, K, rows, 4);
    // tolerance: none — bit for bit
    expect(got).toEqual(float64Records(W, Q, K, rows));
    expect(idleKernelMemoryBytes()).toBeGreaterThan(0);
  });

  it('without WebAssembly, many rows are gathered in JavaScript, with the same records', () => {
    const rows = [0, 7, 8, 9, 64, 100, 120, 159];
    vi.stubGlobal('WebAssembly', undefined);
    const { run, got } = collectingRun(W, Q, K);
    recomputeRows(run, Q, K, rows, 3);
    // tolerance: none — bit for bit
    expect(got).toEqual(float64Records(W, Q, K, rows));
  });
});

describe('float32FirstPass: the whole pass in this thread', () => {
  it('returns true when it ran, every row recorded once, and gives its kernel memory back', () => {
    const { W, Q, K } = gaussianCase(72, 48, 5);
    releaseIdleKernelMemory();
    const { run, got } = collectingRun(W, Q, K);
    expect(float32FirstPass(run, Q, K, 8)).toBe(true);
    const rows = Array.from({ length: 48 }, (_, i) => i);
    // tolerance: none — bit for bit (Gaussian rows of ≤ 2 support entries: none flagged, recorded in order)
    expect(got).toEqual(float64Records(W, Q, K, rows));
    expect(idleKernelMemoryBytes()).toBeGreaterThan(0);
  });

  it('returns false and records nothing when K is outside the float32 range', () => {
    const { W, Q } = gaussianCase(73, 2, 1);
    const K = mat([[1e300], [1]]);
    const { run, got } = collectingRun(W, Q, K);
    expect(float32FirstPass(run, Q, K, 8)).toBe(false);
    expect(got).toEqual([]);
  });

  it('a kernel that throws: the error goes to the caller, nothing is recorded, the memory is given back', () => {
    const { W, Q, K } = gaussianCase(74, 16, 3);
    vi.spyOn(WasmLogits32.prototype, 'runAll').mockImplementation(() => {
      throw new Error('engine fault');
    });
    releaseIdleKernelMemory();
    const { run, got } = collectingRun(W, Q, K);
    expect(() => float32FirstPass(run, Q, K, 8)).toThrow(new Error('engine fault'));
    expect(got).toEqual([]);
    expect(idleKernelMemoryBytes()).toBeGreaterThan(0);
  });
});
