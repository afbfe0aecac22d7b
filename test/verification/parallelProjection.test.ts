import { afterAll, describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom, type RandomSource } from '../../src/random/randomSource.js';
import {
  projectInputs,
  projectInputsTogether,
  rowProjection,
} from '../../src/verification/_internals/inputProjection.js';
import {
  lastProjectionPath,
  PARALLEL_MIN_PROJECTION,
  projectFactorsParallel,
} from '../../src/verification/_internals/parallelProjection.js';
import { projectRows } from '../../src/verification/_internals/projectRows.js';
import { vectorNorm } from '../../src/verification/_internals/roundingBounds.js';
import { ProjectionBlocks } from '../../src/verification/_internals/kernel/projectionBlocks.js';
import {
  closeVerifierWorkers,
  runParallel,
  startVerifierWorkers,
  warmInWorker,
} from '../../src/verification/_internals/kernel/runParallel.js';
import {
  acquireKernelMemory,
  idleKernelMemoryBytes,
  releaseIdleKernelMemory,
  releaseKernelMemory,
} from '../../src/verification/_internals/kernel/kernelMemory.js';
import { packInt16Pairs, packInt16Row } from '../../src/verification/_internals/kernel/int16Packing.js';
import { touchPages } from '../../src/verification/_internals/kernel/touchPages.js';
import { WasmLogits32 } from '../../src/verification/_internals/kernel/wasmLogits32.js';
import { reserveFirstPassMemory } from '../../src/verification/_internals/kernel/firstPassReservation.js';
import { float32Windows } from '../../src/verification/_internals/float32Windows.js';
import { emptyRowScan } from '../../src/verification/_internals/rowScan.js';
import { lastFloat32Pass } from '../../src/verification/_internals/float32FirstPass.js';
import { PARALLEL_MIN_WORK, warmFirstPass } from '../../src/verification/_internals/streamingCheckParallel.js';
import { certificateSource, plainFactors, verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyCertificateParallel } from '../../src/verification/verifyCertificateParallel.js';
import { gaussianMatrix, randomTarget } from './helpers.js';

// The projections Q̂ = X·WQ, K̂ = X·WK shared by row blocks between the calling thread and worker threads
// (parallelProjection.ts, kernel/projectionBlocks.ts): the same bits as one thread (projectInputsTogether), row
// norms those of vectorNorm, whoever ran which block; and the parallel certificate verifier built on them (straight
// into the first pass's memory) gives the synchronous verdict.

afterAll(() => closeVerifierWorkers());

/** `rows×cols` with about a `density` share of nonzero entries of mixed magnitudes. */
function sparseMatrix(random: RandomSource, rows: number, cols: number, density: number): DenseMatrix {
  const M = denseMatrix(rows, cols);
  for (let p = 0; p < rows * cols; p++)
    if (random.next() < density) M.data[p] = (random.next() - 0.5) * 2 ** Math.floor(random.next() * 20 - 10);
  return M;
}

/** `m×d` parameters whose rows are, at random, all zero, one nonzero (sparse) or dense: every branch of the loop. */
function mixedParameters(random: RandomSource, m: number, d: number): DenseMatrix {
  const P = denseMatrix(m, d);
  for (let s = 0; s < m; s++) {
    const kind = Math.floor(random.next() * 3);
    if (kind === 1) P.data[s * d + Math.floor(random.next() * d)] = random.next() - 0.5;
    if (kind === 2) for (let t = 0; t < d; t++) P.data[s * d + t] = random.next() - 0.5;
  }
  return P;
}

const sharedZeros = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));

function shared(M: DenseMatrix): DenseMatrix {
  const data = sharedZeros(M.data.length);
  data.set(M.data);
  return { ...M, data };
}

/** A problem of 203 rows (4 blocks of 64, the last short) and its one-thread projections. */
function problem(seed: number) {
  const random = createRandom(seed);
  const m = 37;
  const X = sparseMatrix(random, 203, m, 0.6);
  const WQ = mixedParameters(random, m, 13);
  const WK = mixedParameters(random, m, 9);
  const [q, k] = projectInputsTogether(X, [WQ, WK]);
  return { X, WQ, WK, q, k };
}

/** Row norms of a product as vectorNorm gives them. */
const rowNorms = (M: DenseMatrix): number[] =>
  Array.from({ length: M.rows }, (_, i) => vectorNorm(M.data, i * M.cols, M.cols));

describe('projectFactorsParallel: the projections shared between threads, bit for bit those of one thread', () => {
  it('products and radii equal projectInputsTogether, norms equal vectorNorm, with X shared or copied, 0 or 1 workers', async () => {
    for (let trial = 0; trial < 4; trial++) {
      const { X, WQ, WK, q, k } = problem(deriveSeed(8181, trial));
      const fast = await projectFactorsParallel(trial % 2 === 0 ? X : shared(X), WQ, WK, trial < 2 ? 1 : 0);
      // tolerance: none (toEqual compares every entry with Object.is)
      expect(fast.Q).toEqual(q.product);
      expect(fast.K).toEqual(k.product);
      expect(fast.qRadius).toEqual(q.radius);
      expect(fast.kRadius).toEqual(k.radius);
      expect(Array.from(fast.qNorm ?? [])).toEqual(rowNorms(q.product));
      expect(Array.from(fast.kNorm ?? [])).toEqual(rowNorms(k.product));
    }
  });

  it('a worker alone (calling thread idle) projects every block into the shared outputs', async () => {
    const { X, WQ, WK, q, k } = problem(4);
    const job = rowProjection(shared(X), [WQ, WK], 64, sharedZeros, true);
    const report = await runParallel(new ProjectionBlocks(job, 2), { workers: 1, mainThread: false });
    expect(report).toEqual({ mainBlocks: 0, workerBlocks: [4], errors: [] });
    expect(job.products.map((p) => [p.out, p.radius])).toEqual([
      [q.product.data, q.radius],
      [k.product.data, k.radius],
    ]);
    expect(Array.from(job.products[1]!.norms ?? [])).toEqual(rowNorms(k.product));
  });

  it('writes into given storage whatever it held before (each row is zeroed before it is accumulated)', async () => {
    const { X, WQ, WK, q, k } = problem(5);
    const into = {
      q: { out: sharedZeros(203 * 13).fill(7.5), int16: null },
      k: { out: sharedZeros(203 * 9).fill(-3), int16: null },
    };
    const fast = await projectFactorsParallel(X, WQ, WK, 1, into);
    expect(fast.Q.data).toBe(into.q.out); // in place, no copy
    expect(fast.K.data).toBe(into.k.out);
    expect(fast.Q).toEqual(q.product); // tolerance: none
    expect(fast.K).toEqual(k.product);
  });

  it('blocks a thread claimed but did not finish are projected by runMissing (the recovery after a failed worker)', () => {
    const { X, WQ, WK, q } = problem(6);
    const job = rowProjection(X, [WQ, WK], 64, sharedZeros, false);
    const blocks = new ProjectionBlocks(job, 2);
    const run = blocks.instantiate();
    expect(() => blocks.claimBlocks((b) => (b === 1 ? fail() : run(b, 0)))).toThrow('block 1 failed');
    // Block 0 is done, block 1 failed after its claim, blocks 2 and 3 were never claimed.
    expect(blocks.runMissing(run)).toBe(3);
    expect(job.products[0]!.out).toEqual(q.product.data); // tolerance: none
    expect(blocks.runMissing(run)).toBe(0);
  });

  it('refuses a block size or a thread count that is not a positive integer', () => {
    const { X, WQ } = problem(7);
    expect(() => new ProjectionBlocks(rowProjection(X, [WQ], 0, sharedZeros, false), 2)).toThrow(
      'blockRows must be a positive integer, got 0',
    );
    expect(() => new ProjectionBlocks(rowProjection(X, [WQ], 64, sharedZeros, false), 0)).toThrow(
      'slots must be a positive integer, got 0',
    );
    expect(new ProjectionBlocks(rowProjection(X, [WQ], 64, sharedZeros, false), 1).blocks).toBe(4);
    expect(new ProjectionBlocks(rowProjection(X, [WQ], 1, sharedZeros, false), 1).blocks).toBe(203); // one row each
  });

  it('projectRows computes only the rows of its block, up to the last row', () => {
    const { X, WQ, q } = problem(8);
    const job = rowProjection(X, [WQ], 64, sharedZeros, false);
    projectRows(job, 3, vectorNorm, packInt16Row); // rows 192..202
    const out = job.products[0]!.out;
    expect(out.subarray(0, 192 * 13).every((v) => v === 0)).toBe(true);
    expect(out.subarray(192 * 13)).toEqual(q.product.data.subarray(192 * 13)); // tolerance: none
  });
});

function fail(): never {
  throw new Error('block 1 failed');
}

describe('verifyCertificateParallel with its projections in parallel (X of at least PARALLEL_MIN_PROJECTION entries)', () => {
  // L = 1024 rows, m = 1024 columns (2^20 entries), d = 16: L²·d = 2^24, so the workers check it too.
  const random = createRandom(9191);
  const L = 1024;
  const d = 16;
  const W = randomTarget(random, L, 2, 1);
  const X = sparseMatrix(random, L, 1024, 0.05);
  const WQ = mixedParameters(random, 1024, d);
  const WK = mixedParameters(random, 1024, d);
  const cert = { X, WQ, WK, d };

  it('gives the synchronous verdict with every first pass, reading Q̂ and K̂ in place when it can', async () => {
    expect(L * X.cols).toBeGreaterThanOrEqual(PARALLEL_MIN_PROJECTION);
    expect(L * L * d).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK);
    const precision = { epsilon: 0.5, gamma: 0.5 };
    const sync = verifyCertificate(W, cert, precision, { kernel: 'wasm' });
    for (const kernel of ['auto', 'wasm16', 'wasm32', 'wasm'] as const) {
      expect(await verifyCertificateParallel(W, cert, precision, { kernel, workers: 1 })).toEqual(sync);
      // Projected by the WebAssembly module in the reservation's spare bytes; the float64 path reserves none.
      expect(lastProjectionPath()).toBe(kernel === 'wasm' ? 'javascript' : 'webassembly');
      if (kernel !== 'wasm')
        expect(lastFloat32Pass()).toMatchObject({
          lanes: kernel === 'wasm32' ? 'float32' : 'int16',
          inPlace: true,
          prepacked: kernel !== 'wasm32', // the int16 rows quantised as they were projected
        });
    }
    // The reservation goes back to the pool after the verdict (the in-place pass borrowed it: only its owner returns it).
    releaseIdleKernelMemory();
    await verifyCertificateParallel(W, cert, precision, { workers: 1 });
    expect(idleKernelMemoryBytes()).toBeGreaterThan(0);
    // One thread: no parallel projections, and the pass copies Q̂ and K̂ into its own memory.
    expect(await verifyCertificateParallel(W, cert, precision, { workers: 0 })).toEqual(sync);
    expect(lastFloat32Pass()?.inPlace).toBe(false);
    // Below PARALLEL_MIN_PROJECTION entries of X (half the columns), though checked on both threads: projected in this
    // thread, and copied by the pass.
    const narrow = {
      X: denseMatrix(L, 512, X.data.slice(0, L * 512)),
      WQ: denseMatrix(512, d, WQ.data.slice(0, 512 * d)),
      WK: denseMatrix(512, d, WK.data.slice(0, 512 * d)),
      d,
    };
    expect(await verifyCertificateParallel(W, narrow, precision, { workers: 1 })).toEqual(
      verifyCertificate(W, narrow, precision, { kernel: 'wasm' }),
    );
    expect(lastFloat32Pass()?.inPlace).toBe(false);
    expect(await verifyCertificateParallel(W, { ...cert, X: shared(X) }, precision, { workers: 1 })).toEqual(sync);
  });
});

describe('certificateSource: the compensated projections computed on first demand, once', () => {
  it('accurate() computes them on its first call and hands back the same factors after', () => {
    const { X, WQ, WK } = problem(10);
    const cert = { X, WQ, WK, d: WQ.cols };
    const source = certificateSource(cert, plainFactors(cert));
    const first = source.accurate();
    expect(first.Q).toEqual(projectInputs(X, WQ, true).product); // tolerance: none
    expect(first.kRadius).toEqual(projectInputs(X, WK, true).radius);
    expect(source.accurate()).toBe(first); // once: not recomputed
    expect(source.fast.Q).toEqual(projectInputsTogether(X, [WQ])[0].product);
  });
});

describe('the first pass memory reserved ahead (reserveFirstPassMemory) and warmed by a worker (warmFirstPass)', () => {
  const random = createRandom(5151);
  const L = 300;
  const d = 40;
  const W = randomTarget(random, L, 3, 1);
  const Q = gaussianMatrix(random, L, d, 1);
  const K = gaussianMatrix(random, L, d, 1);
  const options = { blockRows: 16, slots: 2 };
  /** Every row's record (or its flag) after the whole pass; then the pass is released. */
  const recordsOf = (ws: WasmLogits32): unknown[] => {
    ws.runAll();
    const out = Array.from({ length: L }, (_, i) => {
      const scan = emptyRowScan();
      return { unflagged: ws.scanOf(i, scan), ...scan };
    });
    ws.release();
    return out;
  };

  for (const lanes of ['int16', 'float32'] as const) {
    it(`${lanes}: Q̂, K̂ in the reserved regions are read in place; elsewhere, or another layout, they are copied; same records`, () => {
      const create = (q: DenseMatrix, k: DenseMatrix, more: object): WasmLogits32 | null =>
        lanes === 'int16'
          ? WasmLogits32.createInt16(W, q, k, 1 / Math.sqrt(d), { ...options, ...more })
          : WasmLogits32.create(W, q, k, 1 / Math.sqrt(d), float32Windows(q, k)!, { ...options, ...more });
      const expected = recordsOf(create(Q, K, {})!);
      const reserved = reserveFirstPassMemory(W, d, options, lanes)!;
      expect(reserved.lanes).toBe(lanes);
      expect(reserved.q.int16 !== null && reserved.k.int16 !== null).toBe(lanes === 'int16');
      const [q64, k64] = [reserved.q.out, reserved.k.out];
      q64.set(Q.data);
      k64.set(K.data);
      const inPlace = create({ ...Q, data: q64 }, { ...K, data: k64 }, { reserved })!;
      expect(inPlace.borrowed).toBe(true);
      expect(inPlace.prepacked).toBe(false); // not asked to take the rows as quantised
      expect(inPlace.lanes).toBe(lanes);
      expect(inPlace.memory).toBe(reserved.memory);
      const idle = idleKernelMemoryBytes();
      expect(recordsOf(inPlace)).toEqual(expected);
      expect(idleKernelMemoryBytes()).toBe(idle); // borrowed: the pass's release leaves it to its owner
      // Q and K elsewhere, and the reserved regions holding something else: the pass copies them into its own memory.
      q64.fill(0.5);
      k64.fill(-0.25);
      const elsewhere = create(Q, K, { reserved, prepacked: true })!;
      expect(elsewhere.borrowed).toBe(false);
      expect(elsewhere.prepacked).toBe(false);
      expect(elsewhere.lanes).toBe(lanes);
      expect(elsewhere.memory).not.toBe(reserved.memory);
      expect(recordsOf(elsewhere)).toEqual(expected);
      // The other first pass lays its memory out differently: a reservation for one is not used by the other.
      const other =
        lanes === 'int16'
          ? WasmLogits32.create(W, { ...Q, data: q64 }, { ...K, data: k64 }, 1 / Math.sqrt(d), float32Windows(Q, K)!, {
              ...options,
              reserved,
            })!
          : WasmLogits32.createInt16(W, { ...Q, data: q64 }, { ...K, data: k64 }, 1 / Math.sqrt(d), {
              ...options,
              reserved,
            })!;
      expect(other.borrowed).toBe(false);
      other.release();
      reserved.release();
    });
  }

  it('int16: rows quantised as they are projected equal packInt16Pairs on the products; the pass then does not requantise', async () => {
    // A certificate whose products are Q and K: X = [Q | K], WQ = [I; 0], WK = [0; I] (the projected layout).
    const X = denseMatrix(L, 2 * d);
    const WQ = denseMatrix(2 * d, d);
    const WK = denseMatrix(2 * d, d);
    for (let i = 0; i < L; i++) {
      X.data.set(Q.data.subarray(i * d, (i + 1) * d), i * 2 * d);
      X.data.set(K.data.subarray(i * d, (i + 1) * d), i * 2 * d + d);
    }
    for (let t = 0; t < d; t++) {
      WQ.data[t * d + t] = 1;
      WK.data[(d + t) * d + t] = 1;
    }
    const expected = recordsOf(WasmLogits32.createInt16(W, Q, K, 1 / Math.sqrt(d), options)!);
    const reserved = reserveFirstPassMemory(W, d, options, 'int16')!;
    new Uint8Array(reserved.memory.buffer).fill(0xa5); // whatever the pool's memory held before
    const fast = await projectFactorsParallel(X, WQ, WK, 1, reserved);
    expect(fast.Q).toEqual(Q); // tolerance: none (a product with one 1 per column is exact)
    for (const [target, M, width] of [
      [reserved.q, Q, 2],
      [reserved.k, K, 16],
    ] as const) {
      const packing = target.int16!;
      const rows = Math.ceil(L / width) * width;
      const dst = new Int32Array(rows * Math.ceil(d / 2));
      const scales = new Float32Array(L);
      const again = packInt16Pairs(M.data, L, d, dst, scales, width, packing.bound);
      for (const field of ['exponents', 'norms', 'errors'] as const) expect(packing[field]).toEqual(again[field]);
      expect(packing.scales.subarray(0, L)).toEqual(scales);
      expect(packing.dst.subarray(0, (L - (L % width)) * Math.ceil(d / 2))).toEqual(
        dst.subarray(0, (L - (L % width)) * Math.ceil(d / 2)),
      ); // the full groups; the last, short one is padded by the pass
    }
    const pass = WasmLogits32.createInt16(W, fast.Q, fast.K, 1 / Math.sqrt(d), {
      ...options,
      reserved,
      prepacked: true,
    })!;
    expect([pass.lanes, pass.borrowed, pass.prepacked]).toEqual(['int16', true, true]);
    expect(recordsOf(pass)).toEqual(expected);
    reserved.release();
  });

  it('a reservation goes back to the pool when released', () => {
    releaseIdleKernelMemory();
    const reserved = reserveFirstPassMemory(W, d, options, 'int16')!;
    expect(idleKernelMemoryBytes()).toBe(0);
    reserved.release();
    expect(idleKernelMemoryBytes()).toBe(reserved.memory.buffer.byteLength);
  });

  it("an int16 reservation falls back to the float32 layout above the int16 pass's largest d (2^16), without packings", () => {
    const reserved = reserveFirstPassMemory({ L: 2, nnz: 2 }, 2 ** 16 + 1, { blockRows: 2 }, 'int16')!;
    expect(reserved.lanes).toBe('float32');
    expect([reserved.q.int16, reserved.k.int16]).toEqual([null, null]);
    expect(reserved.q.out.length).toBe(2 * (2 ** 16 + 1));
    reserved.release();
    const atLimit = reserveFirstPassMemory({ L: 2, nnz: 2 }, 2 ** 16, { blockRows: 2 }, 'int16')!;
    expect(atLimit.lanes).toBe('int16');
    atLimit.release();
  });

  it('touchPages writes one word per 4 KiB page and changes no byte', () => {
    const buffer = new SharedArrayBuffer(5 * 4096 + 100);
    const bytes = new Uint8Array(buffer);
    for (let b = 0; b < bytes.length; b++) bytes[b] = (b * 131) & 255;
    const before = bytes.slice();
    expect(touchPages(buffer)).toBe(6); // words 0, 1024, ..., 5120: the partial last page too
    expect(touchPages(new SharedArrayBuffer(2 * 4096))).toBe(2); // whole pages: none past the end
    expect(bytes).toEqual(before);
  });

  it('warmInWorker touches the memory in a worker (0 pages without one); warmFirstPass only for a check with a memory', async () => {
    await closeVerifierWorkers();
    const memory = acquireKernelMemory(3 * 65536)!;
    new Uint8Array(memory.buffer).fill(9);
    expect(await warmInWorker(memory)).toBe(0); // no worker in the pool
    startVerifierWorkers(1);
    expect(await warmInWorker(memory)).toBe(memory.buffer.byteLength / 4096);
    expect(new Uint8Array(memory.buffer).every((v) => v === 9)).toBe(true);
    releaseKernelMemory(memory);
    expect(warmFirstPass(1024, 16, { workers: 1 })).toBe(true); // L²·d = 2^24: a parallel check with an int16 pass
    expect(warmFirstPass(1024, 16, { workers: 1, kernel: 'wasm' })).toBe(false); // the float64 kernel: no such memory
    expect(warmFirstPass(L, d, { workers: 1 })).toBe(false); // small: one thread
    expect(() => warmFirstPass(1024, 16, { blockRows: 0 })).toThrow(RangeError);
  });
});
