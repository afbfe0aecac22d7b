import { claimRowBlocks, runMissingBlocks, type BlockRunner } from './claimRowBlocks.js';
import { projectRows, type RowProjection } from '../projectRows.js';
import { vectorNorm } from '../roundingBounds.js';
import { packInt16Row } from './int16Packing.js';
import type { SharedBlocks } from './sharedBlocks.js';
import { projectionThread, projectRowsWasm, type WasmProjection } from './wasmProjection.js';

/** What a worker thread needs to project row blocks of the inputs (structured-clonable; the outputs and `x` shared). */
export interface ProjectionJob {
  readonly kind: 'project';
  readonly projection: RowProjection;
  /** The shared counter and done flags (see `claimRowBlocks`). */
  readonly control: Int32Array;
  readonly blocks: number;
  /** The job laid out for the WebAssembly projection (its `projection` is `projection`), or absent: JavaScript. */
  readonly wasm?: Omit<WasmProjection, 'projection'>;
  /** The thread's slot (its scratch rows in `wasm`). */
  readonly slot: number;
}

/**
 * The plain projections of the inputs ({@link projectRows}) cut into row
 * blocks for the calling thread and worker threads (see `runParallel`):
 * every thread runs the same row loop on its claimed blocks, writing only
 * those rows of the shared outputs, so the products, radii and norms are bit
 * for bit those of one thread. The job's `x` and outputs must be
 * `SharedArrayBuffer`-backed for the workers to see them (anything else is
 * copied to the worker, and its results lost).
 */
export class ProjectionBlocks implements SharedBlocks {
  readonly slots: number;
  readonly blocks: number;
  private readonly projection: RowProjection;
  private readonly control: Int32Array;
  private readonly wasm: WasmProjection | undefined;

  /**
   * Blocks of `projection.blockRows` rows, for up to `slots` threads, run by
   * the WebAssembly projection when `wasm` lays `projection` out for it (else
   * by `projectRows`: the same bits). `O(blocks)`.
   *
   * @example
   * const blocks = new ProjectionBlocks(rowProjection(X, [WQ, WK], 64, sharedZeros, true), 2);
   * await runParallel(blocks, { workers: 1 }); // every row of both products, with norms
   * @throws {RangeError} when `slots` is not a positive integer or `blockRows` is not a positive integer, or
   *   `wasm` is not a layout of `projection` with a scratch slot per thread.
   */
  constructor(projection: RowProjection, slots: number, wasm?: WasmProjection) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer, got ${slots}`);
    const { rows, blockRows } = projection;
    if (!Number.isInteger(blockRows) || blockRows < 1)
      throw new RangeError(`blockRows must be a positive integer, got ${blockRows}`);
    if (wasm !== undefined && (wasm.projection !== projection || wasm.scratch.length < slots))
      throw new RangeError('the WebAssembly layout must be of this projection, with a scratch slot per thread');
    this.projection = projection;
    this.wasm = wasm;
    this.slots = slots;
    this.blocks = Math.ceil(rows / blockRows);
    this.control = new Int32Array(new SharedArrayBuffer(4 * (2 + this.blocks)));
  }

  job(slot: number): ProjectionJob {
    const { projection, control, blocks, wasm } = this;
    if (wasm === undefined) return { kind: 'project', projection, control, blocks, slot };
    const { module, memory, descriptorTable, scratch } = wasm;
    return { kind: 'project', projection, control, blocks, slot, wasm: { module, memory, descriptorTable, scratch } };
  }

  instantiate(): BlockRunner {
    const { projection, wasm } = this;
    if (wasm === undefined) return (block) => projectRows(projection, block, vectorNorm, packInt16Row);
    const thread = projectionThread(wasm, 0);
    return (block) => projectRowsWasm(projection, block, thread);
  }

  claimBlocks(run: BlockRunner): number {
    return claimRowBlocks(this.control, this.blocks, run, 0);
  }

  runMissing(run: BlockRunner): number {
    return runMissingBlocks(this.control, this.blocks, run, 0);
  }
}
