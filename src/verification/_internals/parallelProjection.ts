import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import type { BoundedFactors } from './boundedFactors.js';
import { rowProjection, type ProductTarget } from './inputProjection.js';
import type { RowProduct } from './projectRows.js';
import { ProjectionBlocks } from './kernel/projectionBlocks.js';
import { runParallel } from './kernel/runParallel.js';

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
 * the int16 pass where `into` says so, else into new shared arrays. Blocks a failed
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
  into?: { readonly q: ProductTarget; readonly k: ProductTarget },
): Promise<BoundedFactors> {
  const shared = X.data.buffer instanceof SharedArrayBuffer ? X : { ...X, data: sharedCopy(X.data) };
  const outputs = into === undefined ? [] : [into.q, into.k];
  const job = rowProjection(shared, [WQ, WK], PROJECTION_BLOCK_ROWS, sharedZeros, true, outputs);
  await runParallel(new ProjectionBlocks(job, workers + 1), { workers });
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

/** `length` zeros in shared memory. */
const sharedZeros = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * length));

/** A copy of `data` in shared memory. `O(length)`. */
function sharedCopy(data: Float64Array): Float64Array {
  const copy = sharedZeros(data.length);
  copy.set(data);
  return copy;
}
