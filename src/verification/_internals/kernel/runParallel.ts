import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { claimRowBlocks } from './claimRowBlocks.js';
import { projectRows } from '../projectRows.js';
import { vectorNorm } from '../roundingBounds.js';
import type { SharedBlocks, WorkerJob } from './sharedBlocks.js';
import { touchPages } from './touchPages.js';
import { packInt16Row } from './int16Packing.js';
import type { SharedWasmMemory } from './webAssemblyApi.js';
import { projectionThread, projectRowsWasm } from './wasmProjection.js';

/**
 * Source of every worker thread (built when a worker starts, not at import,
 * so that mutation testing, which skips code run at import, tests it too): the
 * texts of {@link claimRowBlocks} (the one claiming loop the calling thread
 * runs too), {@link projectRows}, {@link vectorNorm}, {@link packInt16Row}, {@link touchPages},
 * {@link projectionThread} and {@link projectRowsWasm}
 * inside a small message-handling shell. A worker is sent either blocks of
 * logits (it instantiates the kernel module it is sent on the shared memory
 * it is sent) or blocks of the input projections (`kind: 'project'`, outputs
 * in shared arrays; run by the projection module on the shared memory when
 * the job carries one, `wasm`), claims and runs blocks until none is left, and answers
 * with the count; or a memory whose pages it touches (`kind: 'touch'`, see
 * {@link warmInWorker}). For logits everything heavy (logits and per-row bookkeeping) happens
 * inside the WebAssembly `block` export; only per-row records, never logits,
 * are left in the shared memory for the calling thread.
 *
 * Why text (`Function.prototype.toString`) and not a worker file: the same
 * source then runs from the compiled package, from TypeScript under a test
 * runner (no `.js` file beside the `.ts` one), and from a bundle (no file at
 * all, names minified: the function is inserted as an expression), as a script
 * or as a module (an evaluated worker inherits the parent's `--input-type`; a
 * dynamic `import()` works in both). A worker file would need this as its
 * fallback anyway. The price: the seven functions must stay self-contained, and a
 * tool that rewrites its text to call helpers of its module must provide them
 * in the worker too: Stryker's mutation switches are preloaded, inert, by
 * test/stryker/vitest.config.ts (in a worker no mutant is active; the calling
 * thread's tests kill the mutants of the seven functions, which it runs too).
 */
const workerSource = (): string => `'use strict';
const claimRowBlocks = (${claimRowBlocks.toString()});
const projectRows = (${projectRows.toString()});
const vectorNorm = (${vectorNorm.toString()});
const touchPages = (${touchPages.toString()});
const packInt16Row = (${packInt16Row.toString()});
const projectionThread = (${projectionThread.toString()});
const projectRowsWasm = (${projectRowsWasm.toString()});
import('node:worker_threads').then(({ parentPort }) => {
  parentPort.on('message', ({ id, job }) => {
    try {
      let done;
      if (job.kind === 'touch') {
        done = touchPages(job.memory.buffer);
      } else if (job.kind === 'project' && job.wasm !== undefined) {
        const thread = projectionThread({ ...job.wasm, projection: job.projection }, job.slot);
        done = claimRowBlocks(job.control, job.blocks, (b) => projectRowsWasm(job.projection, b, thread), 0);
      } else if (job.kind === 'project') {
        done = claimRowBlocks(job.control, job.blocks, (b) =>
          projectRows(job.projection, b, vectorNorm, packInt16Row), 0);
      } else {
        const instance = new WebAssembly.Instance(job.module, { env: { memory: job.memory } });
        const control = new Int32Array(job.memory.buffer, job.controlPtr, 2 + job.blocks);
        done = claimRowBlocks(control, job.blocks, instance.exports.block, job.outPtr);
      }
      parentPort.postMessage({ id, done });
    } catch (error) {
      parentPort.postMessage({ id, done: 0, error: String((error && error.stack) || error) });
    }
  });
});
`;

interface Reply {
  readonly done: number;
  readonly error?: string;
}

/** A pooled worker and its unanswered jobs. */
interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, (reply: Reply) => void>;
}

const pool: PoolWorker[] = [];
let nextJobId = 1;

function spawn(): PoolWorker | null {
  let worker: Worker;
  try {
    worker = new Worker(workerSource(), { eval: true });
  } catch {
    return null;
  }
  const entry: PoolWorker = { worker, pending: new Map() };
  worker.on('message', (message: { id: number } & Reply) => {
    const resolve = entry.pending.get(message.id);
    entry.pending.delete(message.id);
    if (entry.pending.size === 0) worker.unref();
    resolve?.(message);
  });
  const fail = (why: string): void => {
    const k = pool.indexOf(entry);
    if (k >= 0) pool.splice(k, 1);
    for (const resolve of entry.pending.values()) resolve({ done: 0, error: why });
    entry.pending.clear();
    worker.unref();
  };
  worker.on('error', (error: unknown) => fail(`worker error: ${String(error)}`));
  worker.on('exit', (code: number) => fail(`worker exited with code ${code}`));
  // An idle worker must not keep the process alive; it is referenced only while a job is out. Unreferenced
  // after the listeners are attached: attaching a 'message' listener references the worker again (Node's
  // MessagePort semantics, nodejs/node#53036), so a worker started but never given a job kept the process alive.
  worker.unref();
  return entry;
}

function send(entry: PoolWorker, job: WorkerJob): Promise<Reply> {
  const id = nextJobId++;
  return new Promise<Reply>((resolve) => {
    entry.pending.set(id, resolve);
    entry.worker.ref();
    try {
      entry.worker.postMessage({ id, job });
    } catch (error) {
      entry.pending.delete(id);
      if (entry.pending.size === 0) entry.worker.unref();
      resolve({ done: 0, error: `could not send the job: ${String(error)}` });
    }
  });
}

/**
 * Default number of worker threads: one fewer than the available cores (the
 * calling thread works too). `O(1)`.
 *
 * @example
 * defaultWorkerCount(); // 1 on a 2-core machine
 * @throws never.
 */
export function defaultWorkerCount(): number {
  return Math.max(0, availableParallelism() - 1);
}

/**
 * Starts pooled worker threads until the pool holds `workers` of them (fewer
 * when a thread cannot be started), without giving them work: a caller that
 * knows a parallel check is coming (the command line, once the shapes are
 * read) lets their start-up (tens of milliseconds each) overlap its own setup
 * instead of the first pass. Idle workers never keep the process alive.
 * Returns the pool's size. `O(workers)`.
 *
 * @example
 * startVerifierWorkers(1); // 1 (a worker is starting; the next runParallel uses it)
 * @throws never.
 */
export function startVerifierWorkers(workers: number): number {
  while (pool.length < workers) {
    const entry = spawn();
    if (entry === null) break;
    pool.push(entry);
  }
  return pool.length;
}

/**
 * Has the first pooled worker thread touch every page of `memory` (see
 * {@link touchPages}) when it is free, so that a check about to use that
 * memory does not take its page faults: the command line calls it (through
 * `warmFirstPass`) while it reads the certificate, when the worker would be
 * idle. Resolves to the pages touched (0 with no worker). Changes no byte of
 * the memory. `O(bytes / 4096)` in the worker.
 *
 * @example
 * await warmInWorker(memory); // memory.buffer.byteLength / 4096 with a worker started
 * @throws never.
 */
export function warmInWorker(memory: SharedWasmMemory): Promise<number> {
  const entry = pool[0];
  if (entry === undefined) return Promise.resolve(0);
  return send(entry, { kind: 'touch', memory }).then((reply) => reply.done);
}

/** Options of {@link runParallel}. */
export interface ParallelOptions {
  /** Worker threads to use (at most `logits.slots − 1`). */
  readonly workers: number;
  /** Whether the calling thread claims blocks too. Default `true`; `false` is for tests of the workers alone. */
  readonly mainThread?: boolean;
}

/** Who ran how many blocks, and what went wrong, in one {@link runParallel}. */
export interface ParallelReport {
  /** Blocks run by the calling thread (its share, then any left undone). */
  readonly mainBlocks: number;
  /** Blocks run by each worker (0 for one that failed: the blocks it finished before are then not counted). */
  readonly workerBlocks: readonly number[];
  /** Errors reported by workers (their blocks were redone by the calling thread). */
  readonly errors: readonly string[];
}

/**
 * Runs every row block of `logits` on the calling thread and up to
 * `options.workers` pooled worker threads at once: all claim blocks from one
 * shared counter (so faster threads take more), each writes logits only into
 * its own buffer and per-row records only for its own rows, and nothing
 * `L×L` crosses threads. Blocks a failed worker left undone are run by the
 * calling thread afterwards, so the result is complete whatever happens to
 * the workers. Workers are started on first use, kept in a pool between calls,
 * and never keep the process alive when idle (see {@link closeVerifierWorkers}).
 *
 * `O(L²·d / threads)` time; no memory beyond `logits`.
 *
 * @example
 * const logits = WasmLogits.create(W, Q, K, 1 / Math.sqrt(d), { blockRows: 64, slots: 2 })!;
 * const report = await runParallel(logits, { workers: 1 });
 * report.mainBlocks + report.workerBlocks[0]; // logits.blocks
 * @throws {RangeError} when `options.workers` is not an integer in `0 .. logits.slots − 1`.
 */
export async function runParallel(logits: SharedBlocks, options: ParallelOptions): Promise<ParallelReport> {
  const { workers } = options;
  if (!Number.isInteger(workers) || workers < 0 || workers > logits.slots - 1)
    throw new RangeError(
      `workers must be an integer in 0..${logits.slots - 1} (one output buffer each), got ${workers}`,
    );
  startVerifierWorkers(workers);
  const replies = pool.slice(0, workers).map((entry, k) => send(entry, logits.job(k + 1)));
  const run = logits.instantiate();
  let mainBlocks = options.mainThread === false ? 0 : logits.claimBlocks(run, 0);
  const answers = await Promise.all(replies);
  mainBlocks += logits.runMissing(run, 0);
  const workerBlocks = answers.map((a) => a.done);
  while (workerBlocks.length < workers) workerBlocks.push(0);
  const errors = answers.flatMap((a) => (a.error === undefined ? [] : [a.error]));
  return { mainBlocks, workerBlocks, errors };
}

/**
 * Terminates the pooled worker threads (a later {@link runParallel} starts
 * new ones). Not needed for the process to exit: idle workers never keep it
 * alive. `O(workers)`.
 *
 * @example
 * await closeVerifierWorkers();
 * @throws never.
 */
export async function closeVerifierWorkers(): Promise<void> {
  const entries = pool.splice(0, pool.length);
  await Promise.all(entries.map((e) => e.worker.terminate()));
}
