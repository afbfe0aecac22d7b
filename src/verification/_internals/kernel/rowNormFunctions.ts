import { PROJECTION_FUNCTIONS } from './projectionDescriptor.js';
import { F64, I32, I64, OP, WasmFunction } from './wasmModule.js';

const { pow2: POW2, floorLog2: FLOOR_LOG2 } = PROJECTION_FUNCTIONS;

/**
 * `pow2(k)`: `2^k` as a double, built from its bits, so exactly what `2 ** k`
 * gives in JavaScript for every integer `k`: `Infinity` above 1023, the
 * normal powers down to `2^-1022`, the subnormal ones down to `2^-1074`, 0 below.
 */
export function pow2Function(): WasmFunction {
  const f = new WasmFunction('pow2', [I32], [F64]);
  f.nameParams(['k']);
  const k = f.param(0);
  f.get(k)
    .i32(1023)
    .op(OP.i32GtS)
    .if(() => void f.f64(Infinity).op(OP.return));
  f.get(k)
    .i32(-1022)
    .op(OP.i32GeS)
    .if(() => {
      // Biased exponent k + 1023 in bits 52..62, mantissa 0.
      f.get(k).i32(1023).op(OP.i32Add).op(OP.i64ExtendI32U).i32(52).op(OP.i64ExtendI32U).op(OP.i64Shl);
      f.op(OP.f64ReinterpretI64, OP.return);
    });
  f.get(k)
    .i32(-1074)
    .op(OP.i32GeS)
    .if(() => {
      // A subnormal: mantissa bit k + 1074 alone.
      f.i32(1).op(OP.i64ExtendI32U).get(k).i32(1074).op(OP.i32Add).op(OP.i64ExtendI32U).op(OP.i64Shl);
      f.op(OP.f64ReinterpretI64, OP.return);
    });
  f.f64(0);
  return f;
}

/**
 * `floorLog2(x)`: `floor(log2 x)` of a positive finite double, exactly, from
 * its bits: the unbiased exponent of a normal number; for a subnormal, the
 * position of its highest mantissa bit minus 1074. (`x = 0` gives −1075.)
 */
export function floorLog2Function(): WasmFunction {
  const f = new WasmFunction('floorLog2', [F64], [I32]);
  f.nameParams(['x']);
  const bits = f.local(I64, 'bits');
  const biased = f.local(I32, 'biased');
  f.get(0).op(OP.i64ReinterpretF64).set(bits);
  f.get(bits).i32(52).op(OP.i64ExtendI32U).op(OP.i64ShrU).op(OP.i32WrapI64).set(biased);
  // select(normal, subnormal, biased != 0); a subnormal's highest bit is bit 63 − clz.
  f.get(biased).i32(1023).op(OP.i32Sub);
  f.i32(-1011).get(bits).op(OP.i64Clz).op(OP.i32WrapI64).op(OP.i32Sub);
  f.get(biased).op(OP.select);
  return f;
}

/**
 * `rowMax(ptr, length)`: the largest `|x_t|` of the `length` doubles at byte
 * `ptr` (0 for none), or `Infinity` when one is not finite (NaN or ±∞): the
 * first loop of `vectorNorm` and the maximum `packInt16Row` takes, once for both.
 */
export function rowMaxFunction(): WasmFunction {
  const f = new WasmFunction('rowMax', [I32, I32], [F64]);
  f.nameParams(['ptr', 'length']);
  const [ptr, length] = [f.param(0), f.param(1)];
  const end = f.local(I32, 'end');
  const t = f.local(I32, 't');
  const a = f.local(F64, 'a');
  const largest = f.local(F64, 'largest');
  f.get(ptr).get(length).i32(3).op(OP.i32Shl).op(OP.i32Add).set(end);
  f.forUp(
    t,
    () => f.get(ptr),
    end,
    8,
    () => {
      f.get(t).loadF64().op(OP.f64Abs).set(a);
      f.get(a)
        .f64(Number.MAX_VALUE)
        .op(OP.f64Le)
        .op(OP.i32Eqz)
        .if(() => void f.f64(Infinity).op(OP.return));
      f.get(a)
        .get(largest)
        .op(OP.f64Gt)
        .if(() => void f.get(a).set(largest));
    },
  );
  f.get(largest);
  return f;
}

/**
 * `rowNorm(ptr, length, largest)`: `vectorNorm` (roundingBounds.ts) of the
 * `length` doubles at byte `ptr` whose `rowMax` is `largest`, the same
 * operations in the same order, so the same bits: `Infinity` for a
 * non-finite entry, 0 for a zero vector, else the sum of squares scaled by
 * `2^-e` (two exact factors), `e = floor(log2 largest)` exactly, its square
 * root scaled back, plus `2^-1070`.
 */
export function rowNormFunction(): WasmFunction {
  const f = new WasmFunction('rowNorm', [I32, I32, F64], [F64]);
  f.nameParams(['ptr', 'length', 'largest']);
  const [ptr, length, largest] = [f.param(0), f.param(1), f.param(2)];
  const end = f.local(I32, 'end');
  const t = f.local(I32, 't');
  const e = f.local(I32, 'e');
  const half = f.local(I32, 'half');
  const a = f.local(F64, 'a');
  const down1 = f.local(F64, 'down1');
  const down2 = f.local(F64, 'down2');
  const sum = f.local(F64, 'sum');
  f.get(largest)
    .f64(Number.MAX_VALUE)
    .op(OP.f64Le)
    .op(OP.i32Eqz)
    .if(() => void f.f64(Infinity).op(OP.return));
  f.get(largest)
    .f64(0)
    .op(OP.f64Eq)
    .if(() => void f.f64(0).op(OP.return));
  f.get(ptr).get(length).i32(3).op(OP.i32Shl).op(OP.i32Add).set(end);
  f.get(largest).call(FLOOR_LOG2).set(e);
  // half = trunc(−e / 2) (i32.div_s truncates towards zero, as Math.trunc does).
  f.i32(0).get(e).op(OP.i32Sub).i32(2).op(OP.i32DivS).set(half);
  f.get(half).call(POW2).set(down1);
  f.i32(0).get(e).op(OP.i32Sub).get(half).op(OP.i32Sub).call(POW2).set(down2);
  f.forUp(
    t,
    () => f.get(ptr),
    end,
    8,
    () => {
      f.get(t).loadF64().get(down1).op(OP.f64Mul).get(down2).op(OP.f64Mul).tee(a);
      f.get(a).op(OP.f64Mul).get(sum).op(OP.f64Add).set(sum);
    },
  );
  f.get(sum)
    .op(OP.f64Sqrt)
    .get(e)
    .call(POW2)
    .op(OP.f64Mul)
    .f64(2 ** -1070)
    .op(OP.f64Add);
  return f;
}
