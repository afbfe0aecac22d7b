import { claimRowBlocks, runMissingBlocks, type BlockRunner } from './claimRowBlocks.js';
import type { SparseTarget } from '../../../targets/sparseTarget.js';
import type { RowScan } from '../rowScan.js';
import { releaseKernelMemory } from './kernelMemory.js';
import { readRowRecord, ROW_RECORD_BYTES } from './wasmRowRecord.js';
import type { SharedBlocks } from './sharedBlocks.js';
import { webAssemblyApi, type SharedWasmMemory, type WasmModuleHandle } from './webAssemblyApi.js';

export type { BlockRunner } from './claimRowBlocks.js';

/** What a worker thread needs to run blocks of a {@link WasmBlocks} (all structured-clonable). */
export interface WasmLogitsJob {
  readonly kind: 'logits';
  readonly module: WasmModuleHandle;
  readonly memory: SharedWasmMemory;
  readonly blocks: number;
  readonly controlPtr: number;
  readonly outPtr: number;
}

/** Rounds `bytes` up to a multiple of `to`. `O(1)`. */
export const align = (bytes: number, to: number): number => Math.ceil(bytes / to) * to;

/** Alignment of every region an {@link Arena} hands out: a cache line, and any SIMD load's alignment. */
export const ARENA_ALIGNMENT = 64;

/**
 * Byte addresses in a kernel memory, handed out in order from `start`, each
 * region aligned to {@link ARENA_ALIGNMENT} bytes.
 *
 * @example
 * const arena = new Arena(64); arena.take(10); arena.take(8); // 64, then 128
 */
export class Arena {
  private at: number;

  constructor(start: number) {
    this.at = start;
  }

  /** Address of a new region of `bytes` bytes. `O(1)`. */
  take(bytes: number): number {
    const ptr = this.at;
    this.at = align(this.at + bytes, ARENA_ALIGNMENT);
    return ptr;
  }

  /** Bytes used so far. */
  get end(): number {
    return this.at;
  }
}

/** Where the block machinery of a kernel memory lives. */
export interface BlockLayout {
  readonly blocks: number;
  readonly blockRows: number;
  readonly slots: number;
  readonly controlPtr: number;
  readonly outPtr: number;
  readonly outBytes: number;
  /** Byte address of the per-row records ({@link ROW_RECORD_BYTES} each). */
  readonly resultPtr: number;
}

/**
 * A kernel module and the shared memory it runs on, cut into row blocks that
 * threads claim from a shared counter, each into its own output buffer (see
 * {@link runParallel}): what the `f64x2` first pass ({@link WasmLogits}) and
 * the `f32x4` one ({@link WasmLogits32}) have in common, with the target
 * whose rows are scanned and the per-row records the kernel leaves. The
 * module's `block` export does all the work of one block.
 */
export class WasmBlocks implements SharedBlocks {
  /** The shared memory holding everything. */
  readonly memory: SharedWasmMemory;
  /** Number of row blocks. */
  readonly blocks: number;
  /** Rows per block (even). */
  readonly blockRows: number;
  /** Number of output buffers. */
  readonly slots: number;
  private readonly module: WasmModuleHandle;
  private readonly controlPtr: number;
  private readonly outBase: number;
  private readonly outBytes: number;
  /** The target whose rows are scanned. */
  protected readonly target: SparseTarget;
  /** The per-row records the kernel leaves, as doubles. */
  protected readonly records: Float64Array;
  /** Whether the memory belongs to someone else (a reservation), who gives it back: then {@link release} does not. */
  readonly borrowed: boolean;

  protected constructor(
    module: WasmModuleHandle,
    memory: SharedWasmMemory,
    target: SparseTarget,
    layout: BlockLayout,
    borrowed = false,
  ) {
    this.borrowed = borrowed;
    this.module = module;
    this.target = target;
    this.records = new Float64Array(memory.buffer, layout.resultPtr, target.L * (ROW_RECORD_BYTES / 8));
    this.memory = memory;
    this.blocks = layout.blocks;
    this.blockRows = layout.blockRows;
    this.slots = layout.slots;
    this.controlPtr = layout.controlPtr;
    this.outBase = layout.outPtr;
    this.outBytes = layout.outBytes;
  }

  /**
   * Gives the memory back to the pool (unless {@link borrowed}: its owner
   * does). Nothing of this object (records, buffers, runners) may be used
   * afterwards. `O(1)`.
   */
  release(): void {
    if (!this.borrowed) releaseKernelMemory(this.memory);
  }

  /** A new instance of the kernel on this memory; its `block` export. `O(1)` (the module is compiled once). */
  instantiate(): BlockRunner {
    const api = webAssemblyApi()!;
    const instance = new api.Instance(this.module, { env: { memory: this.memory } });
    return instance.exports['block'] as BlockRunner;
  }

  /** Byte address of output buffer `slot`. */
  outPtr(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots)
      throw new RangeError(`slot ${slot} is not in 0..${this.slots - 1}`);
    return this.outBase + slot * this.outBytes;
  }

  /** What a worker needs to run blocks into output buffer `slot`. */
  job(slot: number): WasmLogitsJob {
    return {
      kind: 'logits',
      module: this.module,
      memory: this.memory,
      blocks: this.blocks,
      controlPtr: this.controlPtr,
      outPtr: this.outPtr(slot),
    };
  }

  /**
   * The block counter and completion flags, shared by every thread: entry 0
   * is the next block to claim, entry `2 + b` is 1 once block `b` is done.
   */
  control(): Int32Array {
    return new Int32Array(this.memory.buffer, this.controlPtr, 2 + this.blocks);
  }

  /**
   * Claims blocks from the shared counter and runs them with `run` into
   * buffer `slot`, until none is left; returns how many it ran: {@link claimRowBlocks},
   * the loop every worker runs too (see {@link runParallel}). `O(L²·d)` at most.
   */
  claimBlocks(run: BlockRunner, slot: number): number {
    return claimRowBlocks(this.control(), this.blocks, run, this.outPtr(slot));
  }

  /** Row `i`'s record (after its block ran) into `out`, as {@link scanRow} reports it. `O(1)`. */
  protected readRecord(i: number, out: RowScan): RowScan {
    return readRowRecord(this.records, i, this.target.rowCount(i), out);
  }

  /** Runs every block not yet marked done, in this thread, into buffer `slot`; returns how many. */
  runMissing(run: BlockRunner, slot: number): number {
    return runMissingBlocks(this.control(), this.blocks, run, this.outPtr(slot));
  }

  /** The whole first pass in this thread. `O(L²·d)`. */
  runAll(): void {
    this.claimBlocks(this.instantiate(), 0);
  }
}
