import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import type { BoundedFactors } from './boundedFactors.js';
import { rowProjection, type ProductTarget } from './inputProjection.js';
import type { RowProduct } from './projectRows.js';
import { ProjectionBlocks } from './kernel/projectionBlocks.js';
import { runParallel } from './kernel/runParallel.js';
import { projectionKernelModule } from './kernel/projectionKernelModule.js';
import { placeProjection, projectionArenaBytes } from './kernel/wasmProjection.js';
import type { SharedWasmMemory } from './kernel/webAssemblyApi.js';

/**
 * Smallest `X` (entries, `L·m`) whose projections are shared with worker
 * threads: below it, handing the job over (a message each way, `X` copied
 * into shared memory when it is not there already) costs about what it saves.
 */
export const PARALLEL_MIN_PROJECTION = 2 ** 20;

/** Rows per block of the parallel projections: blocks of a few hundred kilobytes of `X`, dozens of them to share. */
const PROJECTION_BLOCK_ROWS = 64;

/**
 * The verifier's plain projections `Q̂ = fl(X·WQ)`, `K̂ = fl(X·WK)` with their
 * radii (those of `projectInputsTogether`, bit for bit) and their row norms
 * (`vectorNorm`, as the check would compute them), shared by row blocks
 * between the calling thread and `workers` pooled worker threads (see
 * {@link ProjectionBlocks}); each row's norms are taken while it is in cache.
 * `X` is used in place when its data is `SharedArrayBuffer`-backed (as the
 * command line reads `.npy` files), else copied into shared memory. `Q̂` and
 * `K̂` go into `into.q.out` and `into.k.out` when given (a first pass's
 * reserved memory, see `reserveFirstPassMemory`), each row also quantised for
 * the int16 pass where `into` says so, else into new shared arrays. With a
 * reservation's memory and spare bytes in `into`, the rows are computed by
 * the WebAssembly projection module (`placeProjection`), compiled ahead and
 * shared by every thread, else by `projectRows`: the same bits. Blocks a failed
 * worker left undone are projected by the calling thread.
 *
 * `O((L·m + nnz(X)·d) / threads + m·d)` time, `O(L·d)` shared memory (plus `L·m` for a copy of `X`).
 *
 * @example
 * const fast = await projectFactorsParallel(cert.X, cert.WQ, cert.WK, 1);
 * fast.Q.data; // projectInputsTogether(cert.X, [cert.WQ, cert.WK])[0].product.data, bit for bit
 * @throws {RangeError} when `X.cols` differs from `WQ.rows` or `WK.rows`, or `workers` is not a non-negative integer.
 */
export async function projectFactorsParallel(
  X: DenseMatrix,
  WQ: DenseMatrix,
  WK: DenseMatrix,
  workers: number,
  into?: ProjectionTargets,
): Promise<BoundedFactors> {
  const shared = X.data.buffer instanceof SharedArrayBuffer ? X : { ...X, data: sharedCopy(X.data) };
  const outputs = into === undefined ? [] : [into.q, into.k];
  const plain = rowProjection(shared, [WQ, WK], PROJECTION_BLOCK_ROWS, sharedZeros, true, outputs);
  const module = projectionKernelModule();
  const wasm =
    into?.memory === undefined || into.spare === undefined || module === null
      ? null
      : placeProjection(plain, module, into.memory, into.spare.ptr, into.spare.bytes, workers + 1);
  const job = wasm?.projection ?? plain;
  lastPath = wasm === null ? 'javascript' : 'webassembly';
  await runParallel(new ProjectionBlocks(job, workers + 1, wasm ?? undefined), { workers });
  const [q, k] = job.products as [RowProduct, RowProduct]; // one per parameter matrix
  const L = X.rows;
  return {
    Q: { rows: L, cols: q.d, data: q.out },
    K: { rows: L, cols: k.d, data: k.out },
    qRadius: q.radius,
    kRadius: k.radius,
    ...(q.norms !== null && k.norms !== null ? { qNorm: q.norms, kNorm: k.norms } : {}),
  };
}

/**
 * Where {@link projectFactorsParallel} puts `Q̂` and `K̂` (`q.out`, `k.out`,
 * with their int16 quantisation when given), and, when `memory` and `spare`
 * are given and the outputs are views of `memory` (a first pass's
 * reservation taken with {@link projectionSpareBytes} spare bytes), where the
 * WebAssembly projection may lay out the rest of its work.
 */
export interface ProjectionTargets {
  readonly q: ProductTarget;
  readonly k: ProductTarget;
  readonly memory?: SharedWasmMemory;
  readonly spare?: { readonly ptr: number; readonly bytes: number };
}

let lastPath: 'javascript' | 'webassembly' = 'javascript';

/**
 * Which code computed the rows of the last {@link projectFactorsParallel}
 * in this thread: the projection module (`'webassembly'`) or `projectRows`
 * (`'javascript'`); the bits are the same either way. For tests and
 * diagnostics. `O(1)`.
 *
 * @example
 * await projectFactorsParallel(X, WQ, WK, 1); lastProjectionPath(); // 'javascript' (no reservation given)
 * @throws never.
 */
export function lastProjectionPath(): 'javascript' | 'webassembly' {
  return lastPath;
}

/**
 * Spare bytes a first pass's reservation needs for {@link projectFactorsParallel}
 * to project `X` by `WQ` and `WK` with `workers` worker threads in
 * WebAssembly (see `projectionArenaBytes`). `O(1)`.
 *
 * @example
 * reserveFirstPass(W, 512, {}, projectionSpareBytes(cert.X, cert.WQ, cert.WK, 1));
 * @throws never.
 */
export function projectionSpareBytes(X: DenseMatrix, WQ: DenseMatrix, WK: DenseMatrix, workers: number): number {
  return projectionArenaBytes(X.rows, X.cols, PROJECTION_BLOCK_ROWS, workers + 1, 2, Math.max(WQ.cols, WK.cols));
}

/** `length` zeros in shared memory. */
const sharedZeros = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * length));

/** A copy of `data` in shared memory. `O(length)`. */
function sharedCopy(data: Float64Array): Float64Array {
  const copy = sharedZeros(data.length);
  copy.set(data);
  return copy;
}
