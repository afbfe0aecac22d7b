/**
 * The part of the global `WebAssembly` object the verifier uses, typed here
 * because the project compiles without the DOM library (which is where
 * TypeScript declares `WebAssembly`), and looked up at run time so that an
 * engine without it simply falls back to the JavaScript kernel.
 */

/** A compiled module (opaque). */
export interface WasmModuleHandle {
  readonly __wasmModule?: never;
}

/** A shared linear memory. */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
  /** Adds `pages` pages of 64 KiB; returns the previous size in pages; throws when the maximum would be exceeded. */
  grow(pages: number): number;
}

/** An instance; exports are looked up by name. */
export interface WasmInstanceHandle {
  readonly exports: Record<string, unknown>;
}

/** The constructors and functions of the global `WebAssembly` object used here. */
export interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => WasmModuleHandle;
  readonly Instance: new (
    module: WasmModuleHandle,
    imports: { env: { memory: SharedWasmMemory } },
  ) => WasmInstanceHandle;
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedWasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/**
 * The global `WebAssembly` object, or `null` when the engine has none. `O(1)`.
 *
 * @example
 * webAssemblyApi()?.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); // true (the empty module)
 * @throws never.
 */
export function webAssemblyApi(): WebAssemblyApi | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  return api === undefined ? null : api;
}

/**
 * A function that compiles the module of `emit()` on its first call and then
 * returns the same module: `null` when this engine cannot compile it (no
 * WebAssembly, no SIMD, no shared memory). Each kernel file keeps one, so a
 * module is compiled at most once per process (per copy of the file). `O(1)`
 * after the first call.
 *
 * @example
 * const module = compileOnce(logits16KernelBytes); module() === module(); // true
 * @throws never.
 */
export function compileOnce(emit: () => Uint8Array): () => WasmModuleHandle | null {
  let cached: WasmModuleHandle | null | undefined;
  return () => {
    if (cached !== undefined) return cached;
    const api = webAssemblyApi();
    try {
      cached = api === null ? null : new api.Module(emit());
    } catch {
      cached = null;
    }
    return cached;
  };
}
