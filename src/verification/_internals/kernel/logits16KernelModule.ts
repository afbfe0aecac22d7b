import { blockFunction, tiledLogitsFunction, type LaneFormat } from './logitsKernelModule.js';
import { dotFunction, HEADER_32, settleFunction, TILE_COLUMNS_32 } from './logits32KernelModule.js';
import { compileOnce, type WasmModuleHandle } from './webAssemblyApi.js';
import { encodeWasmModule, SIMD, WasmFunction } from './wasmModule.js';

/**
 * The int16 kernel (`logits16`): the loops of the `f32x4` kernel (tiles of
 * 2 × 16) where each 4-byte position is a PAIR of signed 16-bit integers:
 * `v128.load32_splat` puts `(ĩ_t, ĩ_{t+1})` of a row of `Q` in every lane,
 * each lane of a panel row holds `(k̃_t, k̃_{t+1})` of one column of `K`, and
 * `i32x4.dot_i16x8_s` adds `ĩ_t k̃_t + ĩ_{t+1} k̃_{t+1}` to that column's
 * running `i32` sum (`i32x4.add`): 8 multiplies and 4 adds per instruction,
 * twice the `f32x4` kernel's, on half the bytes. Each chunk of
 * {@link INT16_CHUNK} pairs starts its integer sums from zero, exact while
 * they cannot overflow (see {@link int16Bound}), and ends by adding them,
 * converted to singles (`f32x4.convert_i32x4_s`), to the single-precision
 * sums in the output buffer.
 */
export const I16_LANES: LaneFormat = {
  name: 'logits16',
  bytes: 4,
  columns: TILE_COLUMNS_32,
  add: SIMD.i32x4Add,
  mul: SIMD.i32x4DotI16x8S,
  scaled: false,
  flush: true,
};

/**
 * Header of the int16 module's memory: {@link HEADER_32}, then the packed
 * positions per row (`ceil(d/2)` pairs; `d` stays the float64 length) and
 * where the row and column scales (`f32` powers of two) live.
 */
export const HEADER_16 = { ...HEADER_32, pairs: 72, rowScalePtr: 76, colScalePtr: 80 } as const;

/**
 * The bytes of the verifier's int16 WebAssembly module: `logits16` (exact
 * integer dot products of the quantised rows, summed per chunk in single
 * precision, see {@link I16_LANES}), `settle` (scaling by the row and column
 * scales, then the float64 logits each row's record
 * needs, as in {@link logits32KernelBytes}), `block` and `dot64`. `O(1)`.
 *
 * @example
 * webAssemblyApi()?.validate(logits16KernelBytes()); // true (on engines with SIMD)
 * @throws never.
 */
export function logits16KernelBytes(): Uint8Array {
  return encodeWasmModule(logits16KernelFunctions(), 1, 65536);
}

/** The functions of {@link logits16KernelBytes}, in module order (their names give the kernel's text). `O(1)`. */
export function logits16KernelFunctions(): WasmFunction[] {
  return [
    tiledLogitsFunction(I16_LANES),
    settleFunction(3, HEADER_16),
    blockFunction(0, 1, 4, HEADER_16.pairs),
    dotFunction(),
  ];
}

const compiled = compileOnce(logits16KernelBytes);

/**
 * The compiled module of {@link logits16KernelBytes}, compiled once and
 * cached; `null` when this engine cannot compile it (callers then use the
 * float32 or float64 kernels). `O(1)` after the first call.
 *
 * @example
 * logits16KernelModule() !== null; // true on Node 20
 * @throws never.
 */
export function logits16KernelModule(): WasmModuleHandle | null {
  return compiled();
}
