import { webAssemblyApi, type SharedWasmMemory } from './webAssemblyApi.js';

/** Bytes per WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** Pages of a 32-bit WebAssembly memory: 4 GiB. */
const MAX_PAGES = 65536;

/** Idle memories kept for reuse (enough for a few verifications at once). */
const RETAINED = 4;

const idle: SharedWasmMemory[] = [];

/**
 * A shared WebAssembly memory of at least `bytes` bytes for the logit kernel
 * (contents unspecified: callers initialise what they read), from the pool of
 * idle memories when one is free, grown in place if needed, or new; `null` when
 * `bytes` exceeds what a 32-bit memory can address or the engine refuses.
 *
 * Why a pool: V8 does not count shared WebAssembly memories towards its
 * garbage-collection pressure, so memories dropped after each verification
 * would pile up (tens of MiB per call) until some unrelated collection. With
 * the pool, a run of verifications reuses the same few memories. Pass each one
 * back with {@link releaseKernelMemory}. `O(1)` plus the growth.
 *
 * @example
 * const memory = acquireKernelMemory(1 << 20); // 16 pages or more
 * releaseKernelMemory(memory!);
 * @throws never.
 */
export function acquireKernelMemory(bytes: number): SharedWasmMemory | null {
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
  if (!(pages < MAX_PAGES)) return null;
  const api = webAssemblyApi();
  if (api === null) return null;
  // Best fit among the idle ones; else grow the largest; else a new one.
  let best = -1;
  for (let k = 0; k < idle.length; k++) {
    const size = idle[k]!.buffer.byteLength;
    if (size >= bytes && (best < 0 || size < idle[best]!.buffer.byteLength)) best = k;
  }
  if (best < 0 && idle.length > 0)
    best = idle.reduce((b, m, k) => (m.buffer.byteLength > idle[b]!.buffer.byteLength ? k : b), 0);
  if (best >= 0) {
    const memory = idle.splice(best, 1)[0]!;
    const have = memory.buffer.byteLength / WASM_PAGE_BYTES;
    try {
      if (have < pages) memory.grow(pages - have);
      return memory;
    } catch {
      // The engine could not grow it: drop it, try a new one.
    }
  }
  try {
    return new api.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
  } catch {
    try {
      return new api.Memory({ initial: pages, maximum: pages, shared: true }); // no room to reserve 4 GiB of addresses
    } catch {
      return null;
    }
  }
}

/**
 * Returns a memory from {@link acquireKernelMemory} to the pool (which keeps
 * the {@link RETAINED} largest idle ones). The caller must not use it, nor any
 * view of it, afterwards. `O(1)`.
 *
 * @example
 * releaseKernelMemory(acquireKernelMemory(1024)!);
 * @throws never.
 */
export function releaseKernelMemory(memory: SharedWasmMemory): void {
  if (idle.includes(memory)) return;
  idle.push(memory);
  if (idle.length > RETAINED) {
    let smallest = 0;
    for (let k = 1; k < idle.length; k++)
      if (idle[k]!.buffer.byteLength < idle[smallest]!.buffer.byteLength) smallest = k;
    idle.splice(smallest, 1);
  }
}

/**
 * Drops every idle memory of the pool, so that the engine can free them at
 * its next full garbage collection (a long-running process may call it after
 * a very large verification; later verifications allocate anew). `O(1)`.
 *
 * @example
 * releaseIdleKernelMemory();
 * @throws never.
 */
export function releaseIdleKernelMemory(): void {
  idle.length = 0;
}

/**
 * Bytes held by the idle pooled memories (for tests and diagnostics). `O(1)`.
 *
 * @example
 * releaseIdleKernelMemory(); idleKernelMemoryBytes(); // 0
 * @throws never.
 */
export function idleKernelMemoryBytes(): number {
  return idle.reduce((sum, m) => sum + m.buffer.byteLength, 0);
}
