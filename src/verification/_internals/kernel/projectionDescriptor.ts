import type { WasmFunction } from './wasmModule.js';

/**
 * Byte offsets of the `i32` fields of one product's descriptor in the
 * projection module's memory: where `projectRow` finds what `projectRows`
 * reads from a `RowProduct` (see `wasmProjection.ts`, which writes them).
 * `hasNorms`, `hasInt16` are 0 or 1; the int16 fields are read only when
 * `hasInt16` is 1; `bound` is the integer `B`.
 */
export const PRODUCT_FIELDS = {
  d: 0,
  pPtr: 4,
  outPtr: 8,
  radiusPtr: 12,
  normsPtr: 16,
  hasNorms: 20,
  pNormPtr: 24,
  densePtr: 28,
  startPtr: 32,
  columnsPtr: 36,
  valuesPtr: 40,
  activePtr: 44,
  activeCount: 48,
  twoGammaPtr: 52,
  allowancePtr: 56,
  hasInt16: 60,
  dstPtr: 64,
  scalesPtr: 68,
  width: 72,
  bound: 76,
  minExponent: 80,
  maxExponent: 84,
  exponentsPtr: 88,
  int16NormsPtr: 92,
  errorsPtr: 96,
  /** Bytes of one descriptor. */
  bytes: 100,
} as const;

/** The projection module's functions, by index in module order (as `call` names them). */
export const PROJECTION_FUNCTIONS = {
  pow2: 0,
  floorLog2: 1,
  rowMax: 2,
  rowNorm: 3,
  packRow: 4,
  countNonzeros: 5,
  projectRow: 6,
  projectBlock: 7,
} as const;

/** Loads the `i32` field `offset` of the descriptor at local `desc`. */
export function field(f: WasmFunction, desc: number, offset: number): WasmFunction {
  return f.get(desc).loadI32(offset);
}
