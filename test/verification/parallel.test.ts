import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { InputRangeError } from '../../src/errors/inputError.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom } from '../../src/random/randomSource.js';
import { emptyRowScan } from '../../src/verification/_internals/rowScan.js';
import {
  closeVerifierWorkers,
  defaultWorkerCount,
  runParallel,
} from '../../src/verification/_internals/kernel/runParallel.js';
import {
  PARALLEL_MIN_WORK,
  parallelThreads,
  startCheckWorkers,
} from '../../src/verification/_internals/streamingCheckParallel.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyCertificateParallel } from '../../src/verification/verifyCertificateParallel.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { verifyFactorsParallel } from '../../src/verification/verifyFactorsParallel.js';
import { WasmLogits } from '../../src/verification/_internals/kernel/wasmLogits.js';
import { encodeWasmModule, I32, OP, WasmFunction } from '../../src/verification/_internals/kernel/wasmModule.js';
import { webAssemblyApi } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import { gaussianMatrix, factorsAsCertificate, nearTargetFactors, randomTarget } from './helpers.js';
import { UNDER_MUTATION } from '../helpers/mutationBudget.js';

afterAll(() => closeVerifierWorkers());

/** All per-row records of a workspace, for comparison. */
function records(ws: WasmLogits, L: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < L; i++) out.push({ ...ws.scanOf(i, emptyRowScan()) });
  return out;
}

describe('worker threads (runParallel): the first pass shared between threads', () => {
  const random = createRandom(97);
  const L = 203; // 13 blocks of 16 rows, the last one short
  const d = 70;
  const W = randomTarget(random, L, 4, 2);
  const Q = gaussianMatrix(random, L, d, 1);
  const K = gaussianMatrix(random, L, d, 1);
  const make = (slots: number): WasmLogits => WasmLogits.create(W, Q, K, 1 / Math.sqrt(d), { blockRows: 16, slots })!;
  const single = make(1);
  single.runAll();
  const expected = records(single, L);
  single.release();

  it('a worker alone (calling thread idle) computes every block, with records identical to one thread', async () => {
    const ws = make(2);
    const report = await runParallel(ws, { workers: 1, mainThread: false });
    expect(report).toEqual({ mainBlocks: 0, workerBlocks: [13], errors: [] });
    expect(records(ws, L)).toEqual(expected);
  });

  it('the calling thread and a worker together run each block exactly once', async () => {
    const ws = make(2);
    const report = await runParallel(ws, { workers: 1 });
    expect(report.mainBlocks + report.workerBlocks[0]!).toBe(13);
    expect(report.errors).toEqual([]);
    expect(records(ws, L)).toEqual(expected);
  });

  it('with no workers the calling thread runs everything', async () => {
    const ws = make(1);
    expect(await runParallel(ws, { workers: 0 })).toEqual({ mainBlocks: 13, workerBlocks: [], errors: [] });
    expect(records(ws, L)).toEqual(expected);
  });

  it('blocks left undone are run by the calling thread (the recovery path after a failed worker)', () => {
    const ws = make(1);
    const run = ws.instantiate();
    // Mark three blocks as claimed-but-never-finished, as a worker that died would leave them.
    Atomics.store(ws.control(), 0, 3);
    expect(ws.claimBlocks(run, 0)).toBe(10);
    expect(ws.runMissing(run, 0)).toBe(3);
    expect(ws.runMissing(run, 0)).toBe(0);
    expect(records(ws, L)).toEqual(expected);
  });

  it('refuses more workers than output buffers, and workers that are not a non-negative integer, naming the range', async () => {
    for (const workers of [2, -1, 0.5])
      await expect(runParallel(make(2), { workers })).rejects.toThrow(
        new RangeError(`workers must be an integer in 0..1 (one output buffer each), got ${workers}`),
      );
    // the largest allowed count is accepted
    expect((await runParallel(make(3), { workers: 2 })).workerBlocks).toHaveLength(2);
  });

  it('defaults to one worker fewer than the available cores (the calling thread works too), never fewer than 0', () => {
    expect(defaultWorkerCount()).toBe(Math.max(0, availableParallelism() - 1));
  });

  it('a worker that dies mid-job: the calling thread runs the blocks it left and the report names the exit', async () => {
    // A stand-in kernel whose `block` never returns in a worker's buffer (slot 1) and does nothing in the
    // calling thread's (slot 0): the worker hangs in its first block until the pool is terminated under it.
    // A fresh pool: the worker, and its exit handler, are made by this test.
    await closeVerifierWorkers();
    const probe = make(2);
    const slot0 = probe.outPtr(0);
    probe.release();
    const block = new WasmFunction('block', [I32, I32]);
    block
      .get(block.param(1))
      .i32(slot0)
      .op(OP.i32Eq)
      .if(
        () => undefined,
        () => void block.loop(() => void block.br(0)),
      );
    const api = webAssemblyApi()!;
    const hanging = new api.Module(encodeWasmModule([block], 1, 65536));
    const ws = WasmLogits.create(W, Q, K, 1 / Math.sqrt(d), { blockRows: 16, slots: 2, module: hanging })!;
    expect(ws.outPtr(0)).toBe(slot0); // same shapes, same layout
    const report = runParallel(ws, { workers: 1, mainThread: false });
    while (Atomics.load(ws.control(), 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // the worker has claimed block 0
    await closeVerifierWorkers();
    expect(await report).toEqual({ mainBlocks: 13, workerBlocks: [0], errors: ['worker exited with code 1'] });
    ws.release();
  });

  it('restarts the pool after closeVerifierWorkers', async () => {
    await closeVerifierWorkers();
    const ws = make(2);
    expect((await runParallel(ws, { workers: 1, mainThread: false })).workerBlocks).toEqual([13]);
    expect(records(ws, L)).toEqual(expected);
  });
});

describe('parallelThreads: when the first pass goes to worker threads, and to how many', () => {
  it('runs in the calling thread alone (0) for the JavaScript kernel, no workers, or L²·d under PARALLEL_MIN_WORK', () => {
    expect(PARALLEL_MIN_WORK).toBe(2 ** 24);
    expect(parallelThreads(4096, 512, 64, 'js', 3)).toBe(0);
    expect(parallelThreads(4096, 512, 64, 'auto', 0)).toBe(0);
    // exactly at the threshold it is worth it, one below it is not (L²·d = 2^24 = 4096²·1)
    expect(parallelThreads(4096, 1, 64, 'auto', 1)).toBe(2);
    expect(parallelThreads(4095, 1, 64, 'auto', 1)).toBe(0);
    expect(parallelThreads(1024, 16, 64, 'wasm', 1)).toBe(2); // 1024²·16 = 2^24
    expect(parallelThreads(1024, 15, 64, 'wasm', 1)).toBe(0);
  });

  it('uses one thread more than the workers, but no more threads than blocks of rows', () => {
    expect(parallelThreads(4096, 512, 64, 'auto', 1)).toBe(2);
    expect(parallelThreads(4096, 512, 64, 'auto', 5)).toBe(6);
    // 4096 rows in blocks of 1024: 4 blocks, so at most 3 workers beside the calling thread
    expect(parallelThreads(4096, 512, 1024, 'auto', 7)).toBe(4);
    expect(parallelThreads(4096, 512, 1000, 'auto', 7)).toBe(5); // ceil(4096/1000) = 5 blocks
    expect(parallelThreads(4096, 512, 4096, 'auto', 3)).toBe(1); // one block: nothing for a worker
  });
});

describe('startCheckWorkers: the workers of a coming parallel check, started ahead of it', () => {
  it('starts none when the check would run in the calling thread alone', async () => {
    await closeVerifierWorkers();
    expect(startCheckWorkers(64, 16)).toBe(0); // 64²·16 < PARALLEL_MIN_WORK
    expect(startCheckWorkers(4096, 512, { kernel: 'js' })).toBe(0);
    expect(startCheckWorkers(4096, 512, { workers: 0 })).toBe(0);
  });

  it('starts as many as the check will use, once; a check then gives the same verdict', async () => {
    await closeVerifierWorkers();
    expect(startCheckWorkers(4096, 512, { workers: 2 })).toBe(2);
    expect(startCheckWorkers(4096, 512, { workers: 2 })).toBe(2); // already there: none more
    expect(startCheckWorkers(4096, 512, { workers: 3, blockRows: 2048 })).toBe(2); // 2 blocks: one worker wanted
    expect(startCheckWorkers(4096, 512, { workers: 3 })).toBe(3);
    await closeVerifierWorkers();
    const random = createRandom(deriveSeed(1616, 0));
    const W = randomTarget(random, 256, 2, 1);
    const { Q, K } = nearTargetFactors(random, W, 2, 0.1); // 256×256: L²·d = PARALLEL_MIN_WORK
    expect(startCheckWorkers(256, 256, { workers: 1 })).toBe(1);
    const started = await verifyFactorsParallel(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { workers: 1 });
    expect(started).toEqual(verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { kernel: 'wasm' }));
  });

  it('checks its options as the check does', () => {
    expect(() => startCheckWorkers(4096, 512, { workers: -1 })).toThrow(RangeError);
    expect(() => startCheckWorkers(4096, 512, { workers: 1.5 })).toThrow(/workers must be a non-negative integer/);
    expect(() => startCheckWorkers(4096, 512, { blockRows: 0 })).toThrow(RangeError);
    expect(() => startCheckWorkers(4096, 512, { kernel: 'f64' as 'js' })).toThrow(/kernel must be/);
  });
});

describe('verifyFactorsParallel and verifyCertificateParallel', () => {
  it('honour refine on the parallel path: rows too close to call are re-checked only when asked, as in the synchronous check', async () => {
    // L = 4096, d = 1 (L²·d = 2^24 reaches the workers). Row i has weights 1 and 2 on columns i and i + 1, and
    // logits C_ij = k_j exactly (q = 1, scale 1), so its spread is |k_i − (k_{i+1} − ln 2)|; epsilon is chosen
    // so that rho is the largest spread: that row sits on the threshold, too close for the first pass.
    const L = 4096;
    const random = createRandom(77);
    const Q = denseMatrix(L, 1, new Float64Array(L).fill(1));
    const K = denseMatrix(
      L,
      1,
      Float64Array.from({ length: L }, () => random.next()),
    );
    const entries: [number, number, number][] = [];
    for (let i = 0; i < L; i++) entries.push([i, i, 1], [i, (i + 1) % L, 2]);
    const W = SparseTarget.fromEntries(L, entries);
    let worst = 0;
    for (let i = 0; i < L; i++) {
      const a = K.data[i]! - Math.log(1);
      const b = K.data[(i + 1) % L]! - Math.log(2);
      worst = Math.max(worst, Math.max(a, b) - Math.min(a, b));
    }
    const precision = { epsilon: Math.expm1(worst), gamma: 0.01 };
    const seen: number[] = [];
    // undefined: the option left out, which means refine (the default of both paths)
    for (const refine of [false, true, undefined]) {
      const asked = refine === undefined ? {} : { refine };
      const sync = verifyFactors(W, Q, K, precision, { ...asked, kernel: 'wasm' });
      expect(await verifyFactorsParallel(W, Q, K, precision, { ...asked, workers: 1 })).toEqual(sync);
      seen.push(sync.refinedRows);
    }
    expect(seen[0]).toBe(0);
    expect(seen[1]).toBeGreaterThan(0);
    expect(seen[2]).toBe(seen[1]);
  });

  it('give verdicts identical to the synchronous verifiers, above and below the parallel threshold', async () => {
    const seen = { pass: 0, fail: 0 };
    // Under mutation testing trials 0 (workers) and 5 (one thread): both outcomes, both paths.
    for (const trial of UNDER_MUTATION ? [0, 5] : [0, 1, 2, 3, 4, 5]) {
      const random = createRandom(deriveSeed(4242, trial));
      // Trials 0–3 are large enough for the workers (L²·d >= 2^24); 4–5 fall back to one thread.
      const L = trial < 4 ? 256 + 37 * trial : 40;
      const W = randomTarget(random, L, 3, 2);
      const epsilon = 0.3 + random.next();
      const gamma = 0.1 + 0.8 * random.next();
      let { Q, K } = nearTargetFactors(
        random,
        W,
        Math.log(1 / gamma) + Math.log1p(epsilon),
        (trial % 2) * 0.6 * Math.log1p(epsilon),
      );
      if (trial < 4) expect(L * L * Q.cols).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK);
      if (trial === 5) {
        Q = gaussianMatrix(random, L, 9, 1);
        K = gaussianMatrix(random, L, 9, 1);
      }
      const precision = { epsilon, gamma };
      // The reference is the JavaScript kernel; under mutation testing the large trials use the WebAssembly
      // one instead (bit-identical, test/verification/wasmKernel.test.ts): the instrumented JavaScript kernel
      // took over a minute on this test's L²·d >= 2^24 products.
      const reference = UNDER_MUTATION && trial < 4 ? 'wasm' : 'js';
      const sync = verifyFactors(W, Q, K, precision, { kernel: reference });
      expect(await verifyFactorsParallel(W, Q, K, precision)).toEqual(sync);
      expect(await verifyFactorsParallel(W, Q, K, precision, { workers: 1, blockRows: 7 })).toEqual(sync);
      expect(await verifyFactorsParallel(W, Q, K, precision, { workers: 0 })).toEqual(sync);
      expect(await verifyFactorsParallel(W, Q, K, precision, { kernel: reference })).toEqual(sync);
      // The same factors as a certificate whose projections only copy them.
      const cert = factorsAsCertificate(Q, K);
      expect(await verifyCertificateParallel(W, cert, precision, { workers: 1 })).toEqual(
        verifyCertificate(W, cert, precision, { kernel: reference }),
      );
      if (sync.status === 'pass') seen.pass++;
      if (sync.status === 'fail') seen.fail++;
    }
    expect(seen.pass).toBeGreaterThan(0);
    expect(seen.fail).toBeGreaterThan(0);
  });

  it('throw bad input and bad options at the call, synchronously, not as a rejected promise', () => {
    const random = createRandom(5);
    const W = randomTarget(random, 4, 2, 1);
    const Q = gaussianMatrix(random, 4, 3, 1);
    const K = gaussianMatrix(random, 3, 3, 1);
    const precision = { epsilon: 0.5, gamma: 0.5 };
    expect(() => verifyFactorsParallel(W, Q, K, precision)).toThrow(InputRangeError);
    expect(() => verifyFactorsParallel(W, Q, Q, precision, { workers: -1 })).toThrow(RangeError);
    expect(() => verifyFactorsParallel(W, Q, Q, precision, { blockRows: 0 })).toThrow(RangeError);
    expect(() => verifyCertificateParallel(W, { X: Q, WQ: Q, WK: Q, d: 2 }, precision)).toThrow(InputRangeError);
  });
});
