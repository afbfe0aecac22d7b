import type { BlockRunner } from './claimRowBlocks.js';
import type { ProjectionJob } from './projectionBlocks.js';
import type { WasmLogitsJob } from './wasmBlocks.js';
import type { SharedWasmMemory } from './webAssemblyApi.js';

/** A memory for a worker thread to touch every page of (see `warmInWorker`). */
export interface TouchJob {
  readonly kind: 'touch';
  readonly memory: SharedWasmMemory;
}

/**
 * What a worker thread is sent: blocks of logits ({@link WasmLogitsJob}) or of
 * input projections ({@link ProjectionJob}), or a memory to touch ({@link TouchJob}).
 */
export type WorkerJob = WasmLogitsJob | ProjectionJob | TouchJob;

/**
 * Work cut into blocks that the calling thread and worker threads claim from
 * one shared counter (see `runParallel`): the logit kernels' first passes
 * ({@link WasmBlocks}) and the projections of the inputs
 * ({@link ProjectionBlocks}).
 */
export interface SharedBlocks {
  /** Threads that may work at once (the calling one included). */
  readonly slots: number;
  /** What a worker needs to claim and run blocks into output `slot` (1 .. slots − 1). */
  job(slot: number): WorkerJob;
  /** This thread's runner of one block. */
  instantiate(): BlockRunner;
  /** Claims and runs blocks with `run` until none is left; returns how many. */
  claimBlocks(run: BlockRunner, slot: number): number;
  /** Runs every block not yet marked done (after the workers answered); returns how many. */
  runMissing(run: BlockRunner, slot: number): number;
}
