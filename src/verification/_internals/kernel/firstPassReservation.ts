import type { ProductTarget } from '../inputProjection.js';
import { int16Bound, int16Packing, MAX_INT16_DIMENSION } from './int16Packing.js';
import { acquireKernelMemory, releaseKernelMemory } from './kernelMemory.js';
import { Arena, ARENA_ALIGNMENT } from './wasmBlocks.js';
import { FLOAT32, INT16, int16Regions, planFor, type PlanOptions, type TargetSize } from './layout32.js';
import { TILE_COLUMNS_32, TILE_ROWS } from './logits32KernelModule.js';
import type { SharedWasmMemory } from './webAssemblyApi.js';

/**
 * A kernel memory taken ahead of a first pass ({@link reserveFirstPassMemory}),
 * so that `Q̂` and `K̂` can be computed straight into the float64 regions the
 * kernel reads (`q.out`, `k.out`, `L×d` each, contents unspecified) instead of
 * being copied there, and, for the int16 pass, quantised as they are
 * computed into its packed regions (`q.int16`, `k.int16`). The owner gives
 * it back with `release()` once nothing reads `Q̂`, `K̂` any more (after the
 * whole check).
 */
export interface FirstPassReservation {
  readonly memory: SharedWasmMemory;
  readonly q: ProductTarget;
  readonly k: ProductTarget;
  /** Which first pass it is laid out for. */
  readonly lanes: 'int16' | 'float32';
  /** Bytes of the memory beyond the pass's own, for the caller (the WebAssembly projection's arrays). */
  readonly spare: { readonly ptr: number; readonly bytes: number };
  release(): void;
}

/**
 * Takes from the pool the memory that `WasmLogits32.createInt16` (`lanes`
 * `'int16'`, when `d <=` {@link MAX_INT16_DIMENSION}) or
 * `WasmLogits32.create` (else) will lay out for `target`, `d` and `options`,
 * before `Q̂` and `K̂` exist: compute them into `q.out` and `k.out` (and the
 * int16 pass's quantisation into `q.int16`, `k.int16`) and pass the
 * reservation as `options.reserved`: the pass reads them in place. `null`
 * when the kernel is unavailable or the memory would exceed 4 GiB. With
 * `spareBytes`, that many bytes more follow the pass's own (`spare`, for the
 * caller's arrays). `O(L)` (the memory itself is not initialised).
 *
 * @example
 * const r = reserveFirstPassMemory(W, 512, { blockRows: 64, slots: 2 }, 'int16');
 * // compute Q̂ into r.q.out and K̂ into r.k.out, then createInt16(W, Q̂, K̂, scale, { blockRows: 64, slots: 2, reserved: r })
 * r?.release();
 * @throws {RangeError} when `blockRows`, `slots` or `cap` is not a positive integer.
 */
export function reserveFirstPassMemory(
  target: TargetSize,
  d: number,
  options: PlanOptions,
  lanes: 'int16' | 'float32',
  spareBytes = 0,
): FirstPassReservation | null {
  const chosen = lanes === 'int16' && d <= MAX_INT16_DIMENSION ? INT16 : FLOAT32;
  const plan = planFor(target, d, options, chosen);
  if (plan === null) return null;
  const { layout } = plan;
  const { L } = layout;
  // After the pass's own bytes: the int16 pass's per-row results (exponents, norms, errors of Q and K: six regions,
  // each aligned as Arena aligns), then the spare.
  const perRow = chosen === INT16 ? 2 * 20 * L + 6 * ARENA_ALIGNMENT : 0;
  const total = layout.totalBytes + perRow + spareBytes;
  const memory = acquireKernelMemory(total);
  if (memory === null) return null;
  const buffer = memory.buffer;
  const arena = new Arena(layout.totalBytes); // whole pages: aligned
  const out = (ptr: number): Float64Array => new Float64Array(buffer, ptr, L * d);
  let q: ProductTarget = { out: out(layout.q64Ptr), int16: null };
  let k: ProductTarget = { out: out(layout.k64Ptr), int16: null };
  if (chosen === INT16) {
    // The regions createInt16 packs into, with per-row results in the same shared memory (worker threads and the
    // WebAssembly projection write them).
    const bound = int16Bound(d);
    const take = (bytes: number): Uint8Array => new Uint8Array(buffer, arena.take(bytes), bytes);
    const regions = int16Regions(buffer, layout);
    q = { ...q, int16: int16Packing(d, regions.q, regions.qScales, TILE_ROWS, bound, L, take) };
    k = { ...k, int16: int16Packing(d, regions.k, regions.kScales, TILE_COLUMNS_32, bound, L, take) };
  }
  const spare = { ptr: arena.end, bytes: total - arena.end };
  return { memory, q, k, lanes: chosen.name, spare, release: () => releaseKernelMemory(memory) };
}
