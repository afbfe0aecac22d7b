import type { PrecisionLogs } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { FactorSource } from './boundedFactors.js';
import { CheckRun } from './checkRun.js';
import { defaultWorkerCount, runParallel } from './runParallel.js';
import { emptyRowScan } from './rowScan.js';
import { checkBlockRows, checkKernel, streamingCheck, type VerifyOptions } from './streamingCheck.js';
import type { Verdict } from './verdict.js';
import { WasmLogits } from './wasmLogits.js';

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
 * @example
 * const verdict = await streamingCheckParallel(W, source, precisionLogs({ epsilon: 0.5, gamma: 0.5 }), { workers: 1 });
 * verdict.status; // the same as streamingCheck(W, source, ...).status
 * @throws {RangeError} as {@link streamingCheck}, and when `options.workers` is not a non-negative integer.
 */
export function streamingCheckParallel(target: SparseTarget, source: FactorSource, logs: PrecisionLogs, options: VerifyOptions = {}): Promise<Verdict> {
  // Options are checked here, so that bad ones throw at the call rather than reject later.
  const blockRows = checkBlockRows(options);
  const kernel = checkKernel(options);
  const workers = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`workers must be a non-negative integer, got ${workers}`);
  const { Q, K } = source.fast;
  const L = target.L;
  if (kernel === 'js' || workers === 0 || L * L * Q.cols < PARALLEL_MIN_WORK) return Promise.resolve(streamingCheck(target, source, logs, options));
  const run = new CheckRun(target, source.fast, logs);
  // No more workers than blocks left for them (each thread gets its own output buffer).
  const threads = Math.min(workers, Math.ceil(L / blockRows) - 1) + 1;
  const wasm = WasmLogits.create(target, Q, K, run.scale, { blockRows, slots: threads });
  if (wasm === null) return Promise.resolve(streamingCheck(target, source, logs, options));
  return firstPassInParallel(run, wasm, Math.min(threads - 1, wasm.blocks - 1)).then(() => run.finish(source, options.refine ?? true));
}

async function firstPassInParallel(run: CheckRun, wasm: WasmLogits, workers: number): Promise<void> {
  try {
    await runParallel(wasm, { workers });
    const scan = emptyRowScan();
    for (let i = 0; i < run.target.L; i++) run.record(i, wasm.scanOf(i, scan));
  } finally {
    wasm.release();
  }
}
