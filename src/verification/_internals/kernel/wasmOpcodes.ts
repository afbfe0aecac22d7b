/** The value types and opcodes of the WebAssembly binary format that the verifier's emitter (wasmModule.ts) writes. */

/** Value types of the binary format. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const I64 = 0x7e;
export type ValueType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;

/** Opcodes without immediates (core spec §5.4). */
export const OP = {
  return: 0x0f,
  select: 0x1b,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivS: 0x6d,
  i32DivU: 0x6e,
  i32RemU: 0x70,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i64Clz: 0x79,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  f64Abs: 0x99,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Max: 0xa5,
  i32WrapI64: 0xa7,
  i64ExtendI32U: 0xad,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
  i64ReinterpretF64: 0xbd,
  f64ReinterpretI64: 0xbf,
} as const;

/** SIMD opcodes (`0xfd` prefix, LEB128-encoded sub-opcode) without immediates. */
export const SIMD = {
  f32x4Splat: 19,
  f32x4Ge: 70,
  v128AnyTrue: 83,
  f64x2Splat: 20,
  f32x4Add: 228,
  f32x4Mul: 230,
  f32x4Max: 233,
  i32x4Add: 174,
  /** `i32x4.dot_i16x8_s`: lane `c` = `a[2c]·b[2c] + a[2c+1]·b[2c+1]`, exact products of signed 16-bit lanes, wrapping sum. */
  i32x4DotI16x8S: 186,
  /** `f32x4.convert_i32x4_s`: each signed 32-bit lane rounded to the nearest single (ties to even). */
  f32x4ConvertI32x4S: 250,
  f64x2Add: 240,
  f64x2Mul: 242,
} as const;
