import { afterEach, describe, expect, it, vi } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { acquireKernelMemory } from '../../src/verification/_internals/kernel/kernelMemory.js';
import { webAssemblyApi } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { verifyFactorsParallel } from '../../src/verification/verifyFactorsParallel.js';
import { WasmLogits } from '../../src/verification/_internals/kernel/wasmLogits.js';
import { WasmLogits32 } from '../../src/verification/_internals/kernel/wasmLogits32.js';
import { mat } from './helpers.js';

// An engine without WebAssembly (some sandboxes, `--jitless`): the verifier must fall back to the
// JavaScript kernel with the same verdict, and refuse only an explicit request for the WebAssembly one.
// The global is removed for each test of this file alone (vitest runs every file in its own context).
afterEach(() => {
  vi.unstubAllGlobals();
});

const W = SparseTarget.fromEntries(3, [
  [0, 0, 1],
  [0, 1, 2],
  [1, 1, 1],
  [2, 2, 1],
]);
const Q = mat([
  [1, 2],
  [0, 1],
  [-1, 3],
]);
const K = mat([
  [0.5, -1],
  [2, 0],
  [1, 1],
]);
const precision = { epsilon: 0.5, gamma: 0.5 };

describe('without a WebAssembly global', () => {
  it('the verdicts are those of the JavaScript kernel, on the default and the parallel path', async () => {
    const reference = verifyFactors(W, Q, K, precision, { kernel: 'js' });
    vi.stubGlobal('WebAssembly', undefined);
    expect(webAssemblyApi()).toBeNull();
    expect(verifyFactors(W, Q, K, precision)).toEqual(reference);
    expect(verifyFactors(W, Q, K, precision, { kernel: 'auto' })).toEqual(reference);
    expect(await verifyFactorsParallel(W, Q, K, precision, { workers: 1 })).toEqual(reference);
    // Large enough for the workers (L²·d = 2^24): the parallel path too falls back to the calling thread.
    const L = 4096;
    const big = SparseTarget.fromEntries(
      L,
      Array.from({ length: L }, (_, i): [number, number, number] => [i, i, 1]),
    );
    const ones = denseMatrix(L, 1, new Float64Array(L).fill(1));
    const keys = denseMatrix(
      L,
      1,
      Float64Array.from({ length: L }, (_, j) => -j / L),
    );
    vi.unstubAllGlobals();
    const bigReference = verifyFactors(big, ones, keys, precision, { kernel: 'js' });
    vi.stubGlobal('WebAssembly', undefined);
    expect(await verifyFactorsParallel(big, ones, keys, precision, { workers: 1 })).toEqual(bigReference);
    expect(bigReference.status).toBe('fail'); // row i > 0: the logit of column 0 beats its own
  });

  it('WasmLogits, WasmLogits32 and the memory pool decline with null; kernels "wasm", "wasm32" and "wasm16" are refused with the reason', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(WasmLogits.create(W, Q, K, 1 / Math.SQRT2, { blockRows: 64 })).toBeNull();
    expect(acquireKernelMemory(1024)).toBeNull();
    expect(WasmLogits32.create(W, Q, K, 1 / Math.SQRT2, new Float64Array(3).fill(1), { blockRows: 64 })).toBeNull();
    expect(WasmLogits32.createInt16(W, Q, K, 1 / Math.SQRT2, { blockRows: 64 })).toBeNull();
    for (const kernel of ['wasm', 'wasm32', 'wasm16'] as const)
      expect(() => verifyFactors(W, Q, K, precision, { kernel })).toThrow(
        new RangeError(
          'the WebAssembly kernel is not available here (no WebAssembly SIMD or shared memory, or more than 4 GiB needed)',
        ),
      );
  });
});
