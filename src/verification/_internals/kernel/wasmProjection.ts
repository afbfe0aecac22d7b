import type { RowProduct, RowProjection } from '../projectRows.js';
import { Arena, ARENA_ALIGNMENT } from './wasmBlocks.js';
import { PRODUCT_FIELDS } from './projectionDescriptor.js';
import type { SharedWasmMemory, WasmModuleHandle, WebAssemblyApi } from './webAssemblyApi.js';

/**
 * A {@link RowProjection} laid out in one shared WebAssembly memory for the
 * projection module (`projectionKernelModule`): every array a row reads or
 * writes is a view of `memory` (the products, their radii and norms, the
 * int16 packings, and copies of the parameter matrices' patterns), one
 * descriptor per product tells the module where they are, and each thread
 * has a scratch region of `blockRows` rows of `X`, into which it copies a
 * block before projecting it (`X` itself stays where it is).
 */
export interface WasmProjection {
  readonly module: WasmModuleHandle;
  readonly memory: SharedWasmMemory;
  /** The job, its arrays views of `memory` (`x` excepted); the JavaScript loop `projectRows` gives the same bits on it. */
  readonly projection: RowProjection;
  /** Byte offset of the products' descriptors' offsets ({@link PRODUCT_FIELDS}), one `i32` each (what `projectBlock` reads). */
  readonly descriptorTable: number;
  /** Byte offset of each thread slot's scratch rows. */
  readonly scratch: readonly number[];
}

/** What one thread runs {@link projectRowsWasm} with: the module's entry point on its own instance, and its scratch. */
export interface WasmProjectionThread {
  readonly projectBlock: (descs: number, count: number, first: number, end: number, xPtr: number, m: number) => void;
  /** The slot's scratch rows (`blockRows·m` doubles at byte `scratchPtr`). */
  readonly scratch: Float64Array;
  readonly scratchPtr: number;
  readonly descriptorTable: number;
  readonly products: number;
}

/**
 * Bytes {@link placeProjection} may need for a projection of `X` (`rows×m`)
 * by `products` parameter matrices of `d` columns each, with blocks of
 * `blockRows` rows and `slots` threads: an upper bound from the shapes alone
 * (a matrix's dense rows, `8·m·d` bytes, counted as if present, and its
 * sparse entries, at most `d/4` per row (see `sparseRows`), at 12 bytes each;
 * bytes not used are never touched; a bound too small only sends the
 * projection back to JavaScript). `O(1)`.
 *
 * @example
 * projectionArenaBytes(4096, 1024, 64, 2, 2, 512); // 12783570
 * @throws never.
 */
export function projectionArenaBytes(
  rows: number,
  m: number,
  blockRows: number,
  slots: number,
  products: number,
  d: number,
): number {
  // Per product: the descriptor and its entry in the table of descriptors; pNorm, twoGamma, allowance (doubles);
  // dense (bytes), start, active (i32); the sparse entries (an i32 column and a double each); the dense rows
  // (doubles); radius and norms (doubles); each of its 12 regions aligned (and the table's).
  const perProduct = PRODUCT_FIELDS.bytes + 4 + 33 * (m + 1) + 11 * m * d + 16 * rows + 12 * ARENA_ALIGNMENT;
  return slots * (blockRows * m * 8 + ARENA_ALIGNMENT) + products * perProduct + ARENA_ALIGNMENT;
}

/**
 * `job` laid out in `memory` for the projection module: its outputs (`out`
 * and any int16 packing) must already be views of `memory`; the rest is
 * copied into (patterns, norms and radius tables) or allocated in (radii and
 * norms) the `bytes` bytes at `ptr`, with scratch rows for `slots` threads
 * and one descriptor per product. `null` when an output is elsewhere or the
 * region is too small (the caller then projects in JavaScript: same bits).
 * `O(m·d + nnz of the patterns)` (the copies).
 *
 * @example
 * const placed = placeProjection(job, module, reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 2);
 * placed?.projection.products[0].out === job.products[0].out; // true: outputs stay where they are
 * @throws never.
 */
export function placeProjection(
  job: RowProjection,
  module: WasmModuleHandle,
  memory: SharedWasmMemory,
  ptr: number,
  bytes: number,
  slots: number,
): WasmProjection | null {
  const buffer = memory.buffer;
  const inMemory = (a: ArrayBufferView): boolean => a.buffer === buffer;
  for (const { out, int16 } of job.products) {
    if (!inMemory(out)) return null;
    if (int16 !== null && ![int16.dst, int16.scales, int16.exponents, int16.norms, int16.errors].every(inMemory))
      return null;
  }
  if (ptr < 0 || ptr % ARENA_ALIGNMENT !== 0 || ptr + bytes > buffer.byteLength) return null;
  // Regions handed out in order; a region past the end of the given bytes ends the placement (nothing has been
  // written outside them: each region is checked before it is used).
  const arena = new Arena(ptr);
  const at = (size: number): number => {
    const p = arena.take(size);
    if (p + size > ptr + bytes) throw new NoRoom();
    return p;
  };
  const f64 = (length: number): Float64Array => new Float64Array(buffer, at(8 * length), length);
  const copy64 = (a: Float64Array): Float64Array => {
    const c = f64(a.length);
    c.set(a);
    return c;
  };
  const copy32 = (a: Int32Array): Int32Array => {
    const c = new Int32Array(buffer, at(4 * a.length), a.length);
    c.set(a);
    return c;
  };
  try {
    const descriptors: number[] = [];
    const products = job.products.map((product): RowProduct => {
      const desc = at(PRODUCT_FIELDS.bytes);
      const dense = new Uint8Array(buffer, at(product.dense.length), product.dense.length);
      dense.set(product.dense);
      const placed: RowProduct = {
        ...product,
        p: copy64(product.p),
        radius: f64(job.rows),
        norms: product.norms === null ? null : f64(job.rows),
        pNorm: copy64(product.pNorm),
        dense,
        start: copy32(product.start),
        columns: copy32(product.columns),
        values: copy64(product.values),
        active: copy32(product.active),
        twoGamma: copy64(product.twoGamma),
        allowance: copy64(product.allowance),
      };
      writeDescriptor(new Int32Array(buffer, desc, PRODUCT_FIELDS.bytes / 4), placed);
      descriptors.push(desc);
      return placed;
    });
    const table = copy32(Int32Array.from(descriptors));
    const scratch = Array.from({ length: slots }, () => at(8 * job.blockRows * job.m));
    return { module, memory, projection: { ...job, products }, descriptorTable: table.byteOffset, scratch };
  } catch (error) {
    if (error instanceof NoRoom) return null;
    throw error;
  }
}

/** The given region is too small for the placement. */
class NoRoom extends Error {}

/** The descriptor of `product` (all of its arrays views of the module's memory), as {@link PRODUCT_FIELDS} lays it out. */
function writeDescriptor(words: Int32Array, product: RowProduct): void {
  const F = PRODUCT_FIELDS;
  const set = (offset: number, value: number): void => void (words[offset / 4] = value);
  set(F.d, product.d);
  set(F.pPtr, product.p.byteOffset);
  set(F.outPtr, product.out.byteOffset);
  set(F.radiusPtr, product.radius.byteOffset);
  set(F.normsPtr, product.norms?.byteOffset ?? 0);
  set(F.hasNorms, product.norms === null ? 0 : 1);
  set(F.pNormPtr, product.pNorm.byteOffset);
  set(F.densePtr, product.dense.byteOffset);
  set(F.startPtr, product.start.byteOffset);
  set(F.columnsPtr, product.columns.byteOffset);
  set(F.valuesPtr, product.values.byteOffset);
  set(F.activePtr, product.active.byteOffset);
  set(F.activeCount, product.active.length);
  set(F.twoGammaPtr, product.twoGamma.byteOffset);
  set(F.allowancePtr, product.allowance.byteOffset);
  const int16 = product.int16;
  set(F.hasInt16, int16 === null ? 0 : 1);
  if (int16 === null) return;
  set(F.dstPtr, int16.dst.byteOffset);
  set(F.scalesPtr, int16.scales.byteOffset);
  set(F.width, int16.width);
  set(F.bound, int16.bound);
  set(F.minExponent, int16.minExponent);
  set(F.maxExponent, int16.maxExponent);
  set(F.exponentsPtr, int16.exponents.byteOffset);
  set(F.int16NormsPtr, int16.norms.byteOffset);
  set(F.errorsPtr, int16.errors.byteOffset);
}

/**
 * This thread's {@link WasmProjectionThread} for slot `slot` of a
 * {@link WasmProjection} (`wasm` may be a structured clone of it, as a
 * worker receives it): a new instance of the module on the shared memory.
 * Self-contained: worker threads run it from its text (see `runParallel`).
 * `O(1)` plus instantiation.
 *
 * @example
 * const thread = projectionThread(placed, 0);
 * projectRowsWasm(placed.projection, 0, thread); // block 0, bit for bit as projectRows
 * @throws whatever `WebAssembly.Instance` throws for a module it cannot instantiate.
 */
export function projectionThread(
  wasm: Pick<WasmProjection, 'module' | 'memory' | 'descriptorTable' | 'scratch' | 'projection'>,
  slot: number,
): WasmProjectionThread {
  const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const instance = new api.Instance(wasm.module, { env: { memory: wasm.memory } });
  const exports = instance.exports as unknown as Pick<WasmProjectionThread, 'projectBlock'>;
  const { m, blockRows } = wasm.projection;
  const scratchPtr = wasm.scratch[slot]!;
  return {
    projectBlock: exports.projectBlock,
    scratch: new Float64Array(wasm.memory.buffer, scratchPtr, blockRows * m),
    scratchPtr,
    descriptorTable: wasm.descriptorTable,
    products: wasm.projection.products.length,
  };
}

/**
 * Row block `block` of every product of `job` (a {@link WasmProjection}'s
 * projection), computed by the projection module: the block's rows of `X`
 * copied into this thread's scratch, then per row its nonzeros counted and
 * each product's row projected (`projectRow`), with exactly the results of
 * `projectRows` on the same block. Self-contained: worker threads run it from
 * its text (see `runParallel`). `O(rows of the block · (m + nnz(X_i)·d))`.
 *
 * @example
 * projectRowsWasm(placed.projection, 0, projectionThread(placed, 0));
 * @throws never (the job must be the one the thread was made for).
 */
export function projectRowsWasm(job: RowProjection, block: number, thread: WasmProjectionThread): void {
  const { m, x, rows, blockRows } = job;
  const first = block * blockRows;
  const end = Math.min(rows, first + blockRows);
  const { projectBlock, scratch, scratchPtr, descriptorTable, products } = thread;
  scratch.set(x.subarray(first * m, end * m));
  projectBlock(descriptorTable, products, first, end, scratchPtr, m);
}
