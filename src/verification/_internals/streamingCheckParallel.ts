import type { PrecisionLogs } from '../../precision/precision.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import type { FactorSource } from './boundedFactors.js';
import { CheckRun } from './checkRun.js';
import { defaultWorkerCount, runParallel, startVerifierWorkers, warmInWorker } from './kernel/runParallel.js';
import { emptyRowScan } from './rowScan.js';
import {
  checkBlockRows,
  checkKernel,
  firstPassLanes,
  streamingCheck,
  type LogitKernel,
  type VerifyOptions,
} from './streamingCheck.js';
import type { Verdict } from '../verdict.js';
import { WasmLogits } from './kernel/wasmLogits.js';
import type { WasmBlocks } from './kernel/wasmBlocks.js';
import { prepareFloat32Pass, recordFloat32Pass } from './float32FirstPass.js';
import { reserveFirstPassMemory, type FirstPassReservation } from './kernel/firstPassReservation.js';
import type { TargetSize } from './kernel/layout32.js';

/**
 * Smallest `L²·d` worth sending to worker threads: below it, handing a job to
 * a worker (about a millisecond the first time, while it starts) costs more
 * than it saves, and the check runs in the calling thread.
 */
export const PARALLEL_MIN_WORK = 2 ** 24;

/**
 * {@link streamingCheck} on several cores: the same check, the same bounds and
 * bit for bit the same verdict, with the first pass (logits and per-row
 * bookkeeping, the `O(L²·d)` part) shared between the calling thread and
 * `options.workers` worker threads through one shared WebAssembly memory (see
 * {@link runParallel}); the per-row records are then reduced, and rows too
 * close to call re-checked, in the calling thread.
 *
 * Falls back to the synchronous {@link streamingCheck} (same verdict) when
 * `options.kernel === 'js'`, `options.workers === 0`, the problem is small
 * (`L²·d <` {@link PARALLEL_MIN_WORK}) or the WebAssembly kernel is unavailable.
 *
 * Complexity `O(L²·d / threads)` time, `O((threads·blockRows + 2d)·L)` memory.
 *
 * `reserved` is the memory of {@link reserveFirstPass} into which
 * `source.fast`'s `Q̂` and `K̂` were computed and quantised by
 * `projectFactorsParallel` (the first pass reads them there);
 * its owner releases it after the verdict.
 *
 * @example
 * const verdict = await streamingCheckParallel(W, source, precisionLogs({ epsilon: 0.5, gamma: 0.5 }), { workers: 1 });
 * verdict.status; // the same as streamingCheck(W, source, ...).status
 * @throws {RangeError} as {@link streamingCheck}, and when `options.workers` is not a non-negative integer.
 */
export function streamingCheckParallel(
  target: SparseTarget,
  source: FactorSource,
  logs: PrecisionLogs,
  options: VerifyOptions = {},
  reserved?: FirstPassReservation,
): Promise<Verdict> {
  // Options are checked here, so that bad ones throw at the call rather than reject later.
  const { blockRows, kernel, workers } = parallelOptions(options);
  const { Q, K } = source.fast;
  const threads = parallelThreads(target.L, Q.cols, blockRows, kernel, workers);
  if (threads === 0) return Promise.resolve(streamingCheck(target, source, logs, options));
  const run = new CheckRun(target, source.fast, logs);
  const refine = options.refine ?? true;
  const ws =
    kernel === 'wasm' ? null : prepareFloat32Pass(run, Q, K, blockRows, threads, firstPassLanes(kernel), reserved);
  if (ws !== null)
    return firstPassInParallel(
      ws,
      Math.min(threads - 1, ws.blocks - 1),
      () => void recordFloat32Pass(run, ws, Q, K, blockRows),
    ).then(() => run.finish(source, refine));
  const wasm = WasmLogits.create(target, Q, K, run.scale, { blockRows, slots: threads });
  if (wasm === null) return Promise.resolve(streamingCheck(target, source, logs, options));
  const recordAll = (): void => {
    const scan = emptyRowScan();
    for (let i = 0; i < run.target.L; i++) run.record(i, wasm.scanOf(i, scan));
  };
  return firstPassInParallel(wasm, Math.min(threads - 1, wasm.blocks - 1), recordAll, true).then(() =>
    run.finish(source, refine),
  );
}

/**
 * Starts, ahead of time, the worker threads that {@link streamingCheckParallel}
 * will use for an `L×L` check with query dimension `d` and these `options`
 * (none when it would run in the calling thread alone, see
 * {@link parallelThreads}), so that their start-up overlaps the caller's own
 * work (reading files, projecting the certificate) instead of the first pass.
 * The verdict does not depend on it. Returns the workers started or already
 * running (0 when none are wanted). `O(workers)`.
 *
 * @example
 * startCheckWorkers(4096, 512, {}); // 1 on a 2-core machine
 * startCheckWorkers(64, 16, {}); // 0 (small: the calling thread alone)
 * @throws {RangeError} when `options` are invalid, as {@link streamingCheckParallel}.
 */
export function startCheckWorkers(L: number, d: number, options: VerifyOptions = {}): number {
  const threads = checkThreads(L, d, options);
  return threads === 0 ? 0 : startVerifierWorkers(threads - 1);
}

/**
 * The kernel memory the first pass of {@link streamingCheckParallel} will
 * use for `target`, query dimension `d` and `options` (the int16 or float32
 * pass's, see {@link reserveFirstPassMemory}), taken now so that `Q̂` and `K̂`
 * can be computed (and quantised) into it, with `spareBytes` more for the
 * caller (see `projectionSpareBytes`); `null` when that check would not use one (small,
 * in the calling thread, or the float64 kernel forced). The caller passes it
 * to {@link streamingCheckParallel} and releases it after. `O(1)`.
 *
 * @example
 * const r = reserveFirstPass(W, 512, {}); // on a 2-core machine, L = 4096: the int16 pass's memory
 * @throws {RangeError} when `options` are invalid, as {@link streamingCheckParallel}.
 */
export function reserveFirstPass(
  target: TargetSize,
  d: number,
  options: VerifyOptions,
  spareBytes = 0,
): FirstPassReservation | null {
  const { blockRows, kernel, workers } = parallelOptions(options);
  const threads = parallelThreads(target.L, d, blockRows, kernel, workers);
  if (threads === 0 || kernel === 'wasm') return null;
  return reserveFirstPassMemory(target, d, { blockRows, slots: threads }, firstPassLanes(kernel), spareBytes);
}

/**
 * Readies, ahead of time, the kernel memory of an `L×L` check with query
 * dimension `d` and these `options` (see {@link reserveFirstPass}; the
 * target's entries are not known yet, so the memory is planned without them
 * and the check grows it by those few pages): taken from the pool, its pages
 * touched by a worker thread ({@link warmInWorker}) and put back at once, so
 * that the check (which takes it again: the pool hands out the best fit, or
 * grows it) finds it backed by the operating system instead of taking
 * thousands of page faults. The command line calls it with
 * {@link startCheckWorkers}, before it reads the files. Returns whether a
 * memory was warmed. The verdict does not depend on it. `O(1)` here; the
 * touching runs in the worker.
 *
 * @example
 * startCheckWorkers(4096, 512, {}); warmFirstPass(4096, 512, {}); // true on a 2-core machine
 * @throws {RangeError} when `options` are invalid, as {@link streamingCheckParallel}.
 */
export function warmFirstPass(L: number, d: number, options: VerifyOptions = {}): boolean {
  const reserved = reserveFirstPass({ L, nnz: 0 }, d, options);
  if (reserved === null) return false;
  // The worker's atomic adds of 0 change no byte, so the memory may be handed out (and filled) meanwhile.
  void warmInWorker(reserved.memory);
  reserved.release();
  return true;
}

/**
 * The threads {@link streamingCheckParallel} will use for an `L×L` check with
 * query dimension `d` and these `options` ({@link parallelThreads}: 0 when it
 * runs in the calling thread alone), with the options checked as it checks
 * them, so that a caller with work to do first can throw at the call. `O(1)`.
 *
 * @example
 * checkThreads(4096, 512, {}); // 2 on a 2-core machine
 * @throws {RangeError} when `options` are invalid, as {@link streamingCheckParallel}.
 */
export function checkThreads(L: number, d: number, options: VerifyOptions): number {
  const { blockRows, kernel, workers } = parallelOptions(options);
  return parallelThreads(L, d, blockRows, kernel, workers);
}

/** The options of a parallel check, checked (bad ones throw at the call). */
function parallelOptions(options: VerifyOptions): { blockRows: number; kernel: LogitKernel; workers: number } {
  const blockRows = checkBlockRows(options);
  const kernel = checkKernel(options);
  const workers = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(workers) || workers < 0)
    throw new RangeError(`workers must be a non-negative integer, got ${workers}`);
  return { blockRows, kernel, workers };
}

/**
 * How many threads (the calling one included) share the first pass of an
 * `L×L` check with query dimension `d`: 0 when it runs in the calling thread
 * alone — the JavaScript kernel, no workers, or `L²·d <` {@link PARALLEL_MIN_WORK} —
 * else one more than the workers, but no more threads than blocks of
 * `blockRows` rows (each thread gets its own output buffer). `O(1)`.
 *
 * @example
 * parallelThreads(4096, 512, 64, 'auto', 1); // 2
 * parallelThreads(64, 16, 64, 'auto', 1); // 0 (64²·16 = 2^16 < 2^24)
 * parallelThreads(4096, 512, 4096, 'auto', 3); // 1 (one block: the calling thread alone, through the shared memory)
 * @throws never (arguments are checked by the caller).
 */
export function parallelThreads(L: number, d: number, blockRows: number, kernel: LogitKernel, workers: number): number {
  if (kernel === 'js' || workers === 0 || L * L * d < PARALLEL_MIN_WORK) return 0;
  return Math.min(workers, Math.ceil(L / blockRows) - 1) + 1;
}

/**
 * Runs every block of `kernel` on the calling thread and `workers` workers,
 * then `record` (which reads the records into the run); the memory is
 * released afterwards when `release`, else only on failure (`record` releases it).
 */
async function firstPassInParallel(
  kernel: WasmBlocks,
  workers: number,
  record: () => void,
  release = false,
): Promise<void> {
  try {
    await runParallel(kernel, { workers });
  } catch (error) {
    kernel.release();
    throw error;
  }
  try {
    record();
  } finally {
    if (release) kernel.release();
  }
}
