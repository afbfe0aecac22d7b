import { afterAll, describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom, type RandomSource } from '../../src/random/randomSource.js';
import { rowProjection } from '../../src/verification/_internals/inputProjection.js';
import {
  lastProjectionPath,
  projectFactorsParallel,
  projectionSpareBytes,
} from '../../src/verification/_internals/parallelProjection.js';
import { projectRows, type RowProjection } from '../../src/verification/_internals/projectRows.js';
import { vectorNorm } from '../../src/verification/_internals/roundingBounds.js';
import {
  INT16_EXPONENT_MAX,
  int16Packing,
  packInt16Row,
} from '../../src/verification/_internals/kernel/int16Packing.js';
import { reserveFirstPassMemory } from '../../src/verification/_internals/kernel/firstPassReservation.js';
import { ProjectionBlocks } from '../../src/verification/_internals/kernel/projectionBlocks.js';
import {
  projectionKernelBytes,
  projectionKernelFunctions,
  projectionKernelModule,
} from '../../src/verification/_internals/kernel/projectionKernelModule.js';
import { PROJECTION_FUNCTIONS } from '../../src/verification/_internals/kernel/projectionDescriptor.js';
import { closeVerifierWorkers, runParallel } from '../../src/verification/_internals/kernel/runParallel.js';
import {
  placeProjection,
  projectionArenaBytes,
  projectionThread,
  projectRowsWasm,
  type WasmProjection,
} from '../../src/verification/_internals/kernel/wasmProjection.js';
import { webAssemblyApi } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import { randomTarget } from './helpers.js';

// The projections X·WQ, X·WK in WebAssembly (kernel/projectionKernelModule.ts, kernel/wasmProjection.ts): every
// product, radius, norm and int16 quantisation bit for bit what projectRows computes in JavaScript, on inputs
// chosen to reach every branch (dense, sparse and empty rows of P; zero, subnormal, huge and overflowing rows of X;
// magnitudes next to powers of two, where Math.log2 may be off by one), whichever thread runs which block.

afterAll(() => closeVerifierWorkers());

const module = projectionKernelModule()!;

/** A value of one of the kinds the kernel branches on. */
function special(random: RandomSource): number {
  const u = random.next();
  const sign = random.next() < 0.5 ? -1 : 1;
  if (u < 0.25) return 0;
  if (u < 0.35) return sign * 2 ** Math.floor(random.next() * 40 - 20); // a power of two
  if (u < 0.45) return sign * 2 ** Math.floor(random.next() * 40 - 20) * (1 - 2 ** -53); // just below one
  if (u < 0.5) return sign * 2 ** Math.floor(-1074 + random.next() * 60); // subnormal or tiny
  return sign * (random.next() + 0.01) * 2 ** Math.floor(random.next() * 30 - 15);
}

/** `rows×m` inputs: mostly mixed values, some rows all zero, some tiny, some huge (their products overflow). */
function inputs(random: RandomSource, rows: number, m: number): DenseMatrix {
  const X = denseMatrix(rows, m);
  for (let i = 0; i < rows; i++) {
    const kind = random.next();
    for (let s = 0; s < m; s++) {
      const v = special(random);
      X.data[i * m + s] = kind < 0.1 ? 0 : kind < 0.2 ? v * 2 ** -1000 : kind < 0.27 ? v * 2 ** 1000 : v;
    }
  }
  return X;
}

/** `m×d` parameters whose rows are, at random, empty, sparse (a few nonzeros) or dense. */
function parameters(random: RandomSource, m: number, d: number): DenseMatrix {
  const P = denseMatrix(m, d);
  for (let s = 0; s < m; s++) {
    const kind = Math.floor(random.next() * 3);
    const count = kind === 0 ? 0 : kind === 1 ? 1 + Math.floor(random.next() * (d / 4)) : d;
    for (let n = 0; n < count; n++) P.data[s * d + Math.floor(random.next() * d)] = special(random) || 0.5;
  }
  return P;
}

/** The double next to positive `x` upwards (`step` 1) or downwards (−1), by its bits. */
function nextDouble(x: number, step: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(step));
  return view.getFloat64(0);
}

/** The bytes of a typed array (to compare bit for bit: NaN payloads, −0). */
const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Every output of a job, named, as bytes. */
function outputs(job: RowProjection): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  job.products.forEach((p, k) => {
    all.set(`${k}.out`, Buffer.from(bytes(p.out)));
    all.set(`${k}.radius`, Buffer.from(bytes(p.radius)));
    if (p.norms !== null) all.set(`${k}.norms`, Buffer.from(bytes(p.norms)));
    if (p.int16 !== null)
      for (const f of ['dst', 'scales', 'exponents', 'norms', 'errors'] as const)
        all.set(`${k}.int16.${f}`, Buffer.from(bytes(p.int16[f])));
  });
  return all;
}

/**
 * One problem run twice into the same reserved memory: by projectRows (JavaScript) and by the WebAssembly
 * projection laid out in the reservation's spare bytes; returns both outputs.
 */
function bothWays(
  seed: number,
  L: number,
  m: number,
  dq: number,
  dk: number,
  lanes: 'int16' | 'float32',
  norms = true,
) {
  const random = createRandom(seed);
  const X = inputs(random, L, m);
  const WQ = parameters(random, m, dq);
  const WK = parameters(random, m, dk);
  const d = Math.max(dq, dk);
  const W = randomTarget(random, L, 2, 3);
  const spare = projectionArenaBytes(L, m, 16, 1, 2, d);
  const reserved = reserveFirstPassMemory(W, d, { blockRows: 16, slots: 2 }, lanes, spare)!;
  // Products of different widths: each its own region of the reservation's (dq = dk = d uses the pass's own).
  const target = (out: Float64Array, k: 'q' | 'k', cols: number) =>
    cols === d ? reserved[k] : { out: out.subarray(0, L * cols), int16: null };
  const into = [target(reserved.q.out, 'q', dq), target(reserved.k.out, 'k', dk)];
  const zeros = (n: number): Float64Array => new Float64Array(n);
  const run = (wasm: boolean): Map<string, Buffer> => {
    new Uint8Array(reserved.memory.buffer).fill(0xa5, 0, reserved.spare.ptr); // garbage where the outputs go
    const job = rowProjection(X, [WQ, WK], 16, zeros, norms, into);
    const placed = wasm
      ? placeProjection(job, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 1)
      : null;
    if (wasm) expect(placed).not.toBeNull();
    const blocks = Math.ceil(L / 16);
    if (placed === null) for (let b = 0; b < blocks; b++) projectRows(job, b, vectorNorm, packInt16Row);
    else {
      const thread = projectionThread(placed, 0);
      for (let b = blocks - 1; b >= 0; b--) projectRowsWasm(placed.projection, b, thread); // any order
    }
    const all = outputs(placed?.projection ?? job);
    // Everything before the arena (the pass's own memory, the outputs among it): nothing else may be written there.
    all.set('memory before the arena', Buffer.from(new Uint8Array(reserved.memory.buffer, 0, reserved.spare.ptr)));
    return all;
  };
  const js = run(false);
  const wasm = run(true);
  reserved.release();
  return { js, wasm };
}

describe('the WebAssembly projection: bit for bit projectRows', () => {
  it.each([
    [1, 53, 37, 24, 24, 'int16'],
    [2, 40, 29, 13, 13, 'int16'],
    [3, 70, 33, 17, 9, 'float32'],
    [4, 33, 8, 31, 31, 'int16'],
    [5, 64, 50, 1, 1, 'float32'],
  ] as const)('seed %i: L = %i, m = %i, d = %i / %i, %s layout', (seed, L, m, dq, dk, lanes) => {
    const { js, wasm } = bothWays(seed, L, m, dq, dk, lanes);
    expect([...wasm.keys()]).toEqual([...js.keys()]);
    if (lanes === 'int16' && dq === dk) expect([...js.keys()]).toContain('1.int16.errors');
    for (const [name, value] of js) expect(wasm.get(name)!.equals(value), name).toBe(true); // tolerance: none
  });

  it('without norms (the job asks for none: none written)', () => {
    const { js, wasm } = bothWays(6, 40, 20, 12, 12, 'int16', false);
    expect(js.has('0.norms')).toBe(false);
    expect([...wasm.keys()]).toEqual([...js.keys()]);
    for (const [name, value] of js) expect(wasm.get(name)!.equals(value), name).toBe(true);
  });

  it('reaches the kinds of rows it claims to: overflowing, unquantisable, zero and subnormal ones', () => {
    const random = createRandom(1);
    const X = inputs(random, 53, 37);
    const WQ = parameters(random, 37, 24);
    const job = rowProjection(X, [WQ], 53, (n) => new Float64Array(n), true);
    projectRows(job, 0, vectorNorm, packInt16Row);
    const norms = job.products[0]!.norms!;
    expect(norms.some((n) => n === Infinity)).toBe(true); // a product overflowed
    expect(norms.some((n) => n === 0)).toBe(true);
    expect(norms.some((n) => n > 0 && n < 2 ** -900)).toBe(true);
  });
});

describe('the projection module helpers', () => {
  const api = webAssemblyApi()!;
  const memory = new api.Memory({ initial: 1, maximum: 1, shared: true });
  const exports = new api.Instance(module, { env: { memory } }).exports as {
    pow2: (k: number) => number;
    floorLog2: (x: number) => number;
    rowNorm: (ptr: number, length: number, largest: number) => number;
    rowMax: (ptr: number, length: number) => number;
    projectBlock: (descs: number, count: number, first: number, end: number, xPtr: number, m: number) => void;
  };

  it('pow2(k) is 2 ** k for every k from −1100 to 1100 (subnormal, normal, overflow)', () => {
    for (let k = -1100; k <= 1100; k++) expect(Object.is(exports.pow2(k), 2 ** k), `k = ${k}`).toBe(true);
  });

  it('floorLog2 is exact next to every power of two, normal and subnormal', () => {
    for (let k = -1074; k <= 1023; k++) {
      const p = 2 ** k;
      expect(exports.floorLog2(p), `2^${k}`).toBe(k);
      if (k > -1074) expect(exports.floorLog2(nextDouble(p, -1)), `below 2^${k}`).toBe(k - 1);
      if (k > -1074) expect(exports.floorLog2(nextDouble(p, 1)), `above 2^${k}`).toBe(k); // 2^-1074 + 1 ulp is 2^-1073
    }
    expect(exports.floorLog2(Number.MAX_VALUE)).toBe(1023);
    expect(exports.floorLog2(3 * 2 ** -1074)).toBe(-1073);
  });

  it('rowMax and rowNorm are vectorNorm on edge vectors (non-finite, zero, subnormal, next to 2^k)', () => {
    const view = new Float64Array(memory.buffer);
    const cases = [
      [3, 4],
      [0, -0],
      [Infinity, 1],
      [1, NaN],
      [2 ** -1074, 3 * 2 ** -1074],
      [2 ** 10 * (1 - 2 ** -53), 1e-300, 5],
      [-(2 ** 1023) * 1.5, 2 ** 1023],
      [1e-310, 1e-320, -2e-315],
    ];
    for (const values of cases) {
      view.set(values, 0);
      const largest = exports.rowMax(0, values.length);
      const got = exports.rowNorm(0, values.length, largest);
      expect(Object.is(got, vectorNorm(Float64Array.from(values), 0, values.length)), String(values)).toBe(true);
    }
  });

  it('calls its functions by the indices PROJECTION_FUNCTIONS gives them', () => {
    const names = projectionKernelFunctions().map((f) => f.name);
    for (const [name, index] of Object.entries(PROJECTION_FUNCTIONS)) expect(names[index], name).toBe(name);
    expect(names).toHaveLength(Object.keys(PROJECTION_FUNCTIONS).length);
  });

  it('the module validates and is compiled once', () => {
    expect(api.validate(projectionKernelBytes())).toBe(true);
    expect(projectionKernelModule()).toBe(module);
  });
});

describe('packInt16Row on a row that is not finite', () => {
  it.each([[Infinity], [NaN], [-Infinity]])('with %s: exponent above the maximum, zeros, scale 0, error ∞', (bad) => {
    const packing = int16Packing(4, new Int32Array(2), new Float32Array(1), 1, 4095, 1, (b) => new Uint8Array(b));
    packInt16Row(new Float64Array([1, bad, 2, 3]), 0, packing);
    expect(packing.exponents[0]).toBe(INT16_EXPONENT_MAX + 1);
    expect([...packing.dst]).toEqual([0, 0]);
    expect([packing.scales[0], packing.norms[0], packing.errors[0]]).toEqual([0, 0, Infinity]);
  });
});

describe('placeProjection: in the memory or not at all', () => {
  const random = createRandom(9);
  const X = inputs(random, 20, 10);
  const P = parameters(random, 10, 8);
  const W = randomTarget(random, 20, 2, 3);

  it('refuses outputs outside the memory, and a region too small; the outputs stay where they are', () => {
    const reserved = reserveFirstPassMemory(W, 8, { blockRows: 16, slots: 2 }, 'int16', 1 << 16)!;
    const elsewhere = rowProjection(X, [P], 16, (n) => new Float64Array(n), true);
    expect(placeProjection(elsewhere, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 1)).toBeNull();
    const job = rowProjection(X, [P], 16, (n) => new Float64Array(n), true, [reserved.q]);
    expect(placeProjection(job, module, reserved.memory, reserved.spare.ptr, 64, 1)).toBeNull();
    expect(placeProjection(job, module, reserved.memory, reserved.memory.buffer.byteLength, 64, 1)).toBeNull();
    const placed = placeProjection(job, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 2)!;
    expect(placed.projection.products[0]!.out).toBe(reserved.q.out);
    expect(placed.projection.products[0]!.int16).toBe(reserved.q.int16);
    expect(placed.scratch).toHaveLength(2);
    expect(placed.projection.products[0]!.radius.buffer).toBe(reserved.memory.buffer);
    reserved.release();
  });

  it('refuses an int16 packing whose per-row arrays are outside the memory', () => {
    const reserved = reserveFirstPassMemory(W, 8, { blockRows: 16, slots: 2 }, 'int16', 1 << 16)!;
    const packing = reserved.q.int16!;
    for (const field of ['dst', 'scales', 'exponents', 'norms', 'errors'] as const) {
      const outside = { ...packing, [field]: packing[field].slice() }; // a copy: another buffer
      const job = rowProjection(X, [P], 16, (n) => new Float64Array(n), true, [
        { out: reserved.q.out, int16: outside },
      ]);
      expect(
        placeProjection(job, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 1),
        field,
      ).toBeNull();
    }
    reserved.release();
  });

  it('writes nothing outside the region it is given when it refuses for lack of room (no descriptor at address 0)', () => {
    const reserved = reserveFirstPassMemory(W, 8, { blockRows: 16, slots: 2 }, 'int16', 1 << 16)!;
    const job = rowProjection(X, [P], 16, (n) => new Float64Array(n), true, [reserved.q]);
    const memory = new Uint8Array(reserved.memory.buffer);
    const { ptr } = reserved.spare;
    for (const bytes of [0, 64, 400, 2000]) {
      memory.fill(0x77);
      expect(placeProjection(job, module, reserved.memory, ptr, bytes, 2), `${bytes} bytes`).toBeNull();
      expect(
        memory.subarray(0, ptr).every((b) => b === 0x77),
        `before, ${bytes} bytes`,
      ).toBe(true);
      expect(
        memory.subarray(ptr + bytes).every((b) => b === 0x77),
        `after, ${bytes} bytes`,
      ).toBe(true);
    }
    expect(placeProjection(job, module, reserved.memory, -64, 64, 1)).toBeNull();
    expect(placeProjection(job, module, reserved.memory, ptr + 8, reserved.spare.bytes - 64, 1)).toBeNull(); // unaligned
    reserved.release();
  });

  it('projectionArenaBytes: the bound of its doc, term by term', () => {
    // Per product: descriptor 100 and its table entry 4, three tables of m + 1 doubles, m + 1 bytes, two and a bit
    // i32 arrays of m + 1 (9·(m + 1) bytes), 11·m·d for the patterns, 16·rows for radii and norms, 12 regions
    // aligned to 64 bytes; per slot blockRows·m doubles of scratch, aligned; the table's alignment.
    const per = (rows: number, m: number, d: number): number => 104 + 33 * (m + 1) + 11 * m * d + 16 * rows + 12 * 64;
    expect(projectionArenaBytes(4096, 1024, 64, 2, 2, 512)).toBe(
      2 * (64 * 1024 * 8 + 64) + 2 * per(4096, 1024, 512) + 64,
    );
    expect(projectionArenaBytes(4096, 1024, 64, 2, 2, 512)).toBe(12783570);
    expect(projectionArenaBytes(10, 3, 4, 1, 1, 2)).toBe(4 * 3 * 8 + 64 + per(10, 3, 2) + 64);
  });

  it('fits in the bytes projectionArenaBytes promises, for dense and sparse parameters', () => {
    for (const density of [0, 0.1, 0.25, 1]) {
      const dense = denseMatrix(10, 8);
      for (let p = 0; p < 80; p++) if (random.next() < density) dense.data[p] = 1;
      const spare = projectionArenaBytes(20, 10, 16, 2, 1, 8);
      const reserved = reserveFirstPassMemory(W, 8, { blockRows: 16, slots: 2 }, 'int16', spare)!;
      const job = rowProjection(X, [dense], 16, (n) => new Float64Array(n), true, [reserved.q]);
      expect(
        placeProjection(job, module, reserved.memory, reserved.spare.ptr, spare, 2),
        `density ${density}`,
      ).not.toBeNull();
      reserved.release();
    }
  });

  it('ProjectionBlocks runs the module when given a layout: its job carries it, and the scratch holds X rows', async () => {
    const reserved = reserveFirstPassMemory(W, 8, { blockRows: 16, slots: 2 }, 'int16', 1 << 16)!;
    const job = rowProjection(X, [P], 16, (n) => new Float64Array(n), true, [reserved.q]);
    const placed = placeProjection(job, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 2)!;
    const blocks = new ProjectionBlocks(placed.projection, 2, placed);
    const sent = blocks.job(1);
    expect(sent.slot).toBe(1);
    expect(sent.wasm?.scratch).toEqual(placed.scratch);
    expect(new ProjectionBlocks(job, 2).job(1).wasm).toBeUndefined();
    const scratch = new Float64Array(reserved.memory.buffer, placed.scratch[0], 16 * 10);
    scratch.fill(NaN);
    await runParallel(blocks, { workers: 0 });
    // The last block the calling thread ran (block 1: rows 16..19) was copied into its scratch.
    expect([...scratch.subarray(0, 4 * 10)]).toEqual([...X.data.subarray(16 * 10, 20 * 10)]);
    reserved.release();
  });

  it('ProjectionBlocks refuses a layout of another job, or with too few scratch slots', () => {
    const reserved = reserveFirstPassMemory(W, 8, { blockRows: 16, slots: 2 }, 'int16', 1 << 16)!;
    const job = rowProjection(X, [P], 16, (n) => new Float64Array(n), true, [reserved.q]);
    const placed = placeProjection(job, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 1)!;
    expect(() => new ProjectionBlocks(job, 1, placed)).toThrow(/layout must be of this projection/);
    expect(() => new ProjectionBlocks(placed.projection, 2, placed)).toThrow(/scratch slot per thread/);
    reserved.release();
  });
});

describe('projectFactorsParallel with a reservation: the WebAssembly projection on every thread', () => {
  const random = createRandom(21);
  const L = 300;
  const m = 48;
  const d = 24;
  const X = inputs(random, L, m);
  const WQ = parameters(random, m, d);
  const WK = parameters(random, m, d);
  const W = randomTarget(random, L, 2, 3);
  const options = { blockRows: 16, slots: 2 };

  /** The factors and int16 packings of one run, as bytes. */
  async function factors(workers: number, wasm: boolean, mainThread = true): Promise<Buffer[]> {
    const reserved = reserveFirstPassMemory(W, d, options, 'int16', projectionSpareBytes(X, WQ, WK, 1))!;
    new Uint8Array(reserved.memory.buffer).fill(0x5a);
    let fast;
    if (mainThread)
      fast = await projectFactorsParallel(X, WQ, WK, workers, wasm ? reserved : { q: reserved.q, k: reserved.k });
    else {
      // The worker alone runs every block (the calling thread only sends the job).
      const job = rowProjection(X, [WQ, WK], 64, (n) => new Float64Array(new SharedArrayBuffer(8 * n)), true, [
        reserved.q,
        reserved.k,
      ]);
      const placed = placeProjection(
        job,
        module,
        reserved.memory,
        reserved.spare.ptr,
        reserved.spare.bytes,
        2,
      ) as WasmProjection;
      const report = await runParallel(new ProjectionBlocks(placed.projection, 2, placed), {
        workers: 1,
        mainThread: false,
      });
      expect(report).toEqual({ mainBlocks: 0, workerBlocks: [Math.ceil(L / 64)], errors: [] });
      const [q, k] = placed.projection.products;
      fast = {
        Q: { data: q!.out },
        K: { data: k!.out },
        qRadius: q!.radius,
        kRadius: k!.radius,
        qNorm: q!.norms!,
        kNorm: k!.norms!,
      };
    }
    const all: ArrayBufferView[] = [fast.Q.data, fast.K.data, fast.qRadius!, fast.kRadius!];
    all.push(fast.qNorm as Float64Array, fast.kNorm as Float64Array);
    for (const t of [reserved.q, reserved.k])
      for (const f of ['dst', 'scales', 'exponents', 'norms', 'errors'] as const) all.push(t.int16![f]);
    const copies = all.map((a) => Buffer.from(bytes(a)));
    reserved.release();
    return copies;
  }

  it('the same bits with 0 or 1 workers, the worker alone, or in JavaScript; and says which ran', async () => {
    const js = await factors(1, false);
    expect(lastProjectionPath()).toBe('javascript');
    for (const [workers, mainThread] of [
      [1, true],
      [0, true],
      [1, false],
    ] as const) {
      const wasm = await factors(workers, true, mainThread);
      if (mainThread) expect(lastProjectionPath()).toBe('webassembly');
      wasm.forEach((b, k) => expect(b.equals(js[k]!), `array ${k}, ${workers} workers`).toBe(true));
    }
  });
});
