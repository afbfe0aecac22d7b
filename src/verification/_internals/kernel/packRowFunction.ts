import { field, PRODUCT_FIELDS, PROJECTION_FUNCTIONS } from './projectionDescriptor.js';
import { F64, I32, OP, WasmFunction } from './wasmModule.js';

const { pow2: POW2, floorLog2: FLOOR_LOG2 } = PROJECTION_FUNCTIONS;

/**
 * `packRow(desc, src, i, m)`: `packInt16Row` (int16Packing.ts) of the row at
 * byte `src`, whose `rowMax` is `m`, as row `i` of the packing the descriptor at `desc` names: the least
 * scale exponent `e >= minExponent` with `max|x_t|·2^-e <= B` (searched as
 * `packInt16Row` searches it, from an estimate taken from the bits; the
 * search's result does not depend on its start), `maxExponent + 1` for a
 * non-finite row; then the pairs rounded to integers (adding and subtracting
 * `1.5·2^52`), packed two to an `i32` at the row's place in its group of
 * `width`, their squares and residuals summed in the same order; the scale,
 * norm and error stored as `packInt16Row` stores them.
 */
export function packRowFunction(): WasmFunction {
  const F = PRODUCT_FIELDS;
  const f = new WasmFunction('packRow', [I32, I32, I32, F64]);
  f.nameParams(['desc', 'src', 'i', 'm']);
  const [desc, src, i, m] = [f.param(0), f.param(1), f.param(2), f.param(3)];
  const d = f.local(I32, 'd');
  const t = f.local(I32, 't');
  const e = f.local(I32, 'e');
  const min = f.local(I32, 'minExponent');
  const fits = f.local(I32, 'fits');
  const r = f.local(I32, 'r');
  const o = f.local(I32, 'o');
  const step = f.local(I32, 'step');
  const bound = f.local(F64, 'bound');
  const down = f.local(F64, 'down');
  const x0 = f.local(F64, 'x0');
  const x1 = f.local(F64, 'x1');
  const v0 = f.local(F64, 'v0');
  const v1 = f.local(F64, 'v1');
  const squares = f.local(F64, 'squares');
  const residuals = f.local(F64, 'residuals');
  const rounder = 1.5 * 2 ** 52;
  field(f, desc, F.d).set(d);
  field(f, desc, F.minExponent).set(min);
  field(f, desc, F.bound).op(OP.f64ConvertI32S).set(bound);
  field(f, desc, F.maxExponent).i32(1).op(OP.i32Add).set(e);
  f.get(m)
    .f64(Number.MAX_VALUE)
    .op(OP.f64Le)
    .if(() => {
      // Start: floor(log2 m) − floor(log2 B), at least minExponent (a zero row: −1075 − …, so minExponent).
      f.get(m).call(FLOOR_LOG2).get(bound).call(FLOOR_LOG2).op(OP.i32Sub).set(e);
      f.get(e)
        .get(min)
        .op(OP.i32LtS)
        .if(() => void f.get(min).set(e));
      // while (e > minExponent && m·2^(1−e) <= B) e−−
      f.block(() => {
        f.loop(() => {
          f.get(e).get(min).op(OP.i32GtS).op(OP.i32Eqz).brIf(1);
          f.get(m).i32(1).get(e).op(OP.i32Sub).call(POW2).op(OP.f64Mul).get(bound).op(OP.f64Le).op(OP.i32Eqz).brIf(1);
          f.get(e).i32(1).op(OP.i32Sub).set(e).br(0);
        });
      });
      // while (m·2^−e > B) e++
      f.block(() => {
        f.loop(() => {
          f.get(m).i32(0).get(e).op(OP.i32Sub).call(POW2).op(OP.f64Mul).get(bound).op(OP.f64Gt).op(OP.i32Eqz).brIf(1);
          f.get(e).i32(1).op(OP.i32Add).set(e).br(0);
        });
      });
    });
  field(f, desc, F.exponentsPtr).get(i).i32(2).op(OP.i32Shl).op(OP.i32Add).get(e).storeI32();
  field(f, desc, F.maxExponent).get(e).op(OP.i32GeS).set(fits); // e <= maxExponent
  f.i32(0).get(e).op(OP.i32Sub).call(POW2).f64(0).get(fits).op(OP.select).set(down);
  // The row's first pair goes to o = (i − r)·pairs + r, r = i mod width; the next ones every width positions.
  field(f, desc, F.width).i32(2).op(OP.i32Shl).set(step); // width positions of 4 bytes
  f.get(i).get(step).i32(2).op(OP.i32ShrU).op(OP.i32RemU).set(r);
  f.get(i).get(r).op(OP.i32Sub).get(d).i32(1).op(OP.i32Add).i32(1).op(OP.i32ShrU).op(OP.i32Mul).get(r).op(OP.i32Add);
  f.i32(2).op(OP.i32Shl).get(desc).loadI32(F.dstPtr).op(OP.i32Add).set(o);
  f.forUp(
    t,
    () => f.i32(0),
    d,
    2,
    () => {
      f.get(src).get(t).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().get(down).op(OP.f64Mul).set(x0);
      f.f64(0).set(x1);
      f.get(t)
        .i32(1)
        .op(OP.i32Add)
        .get(d)
        .op(OP.i32LtU)
        .if(() => {
          f.get(src).get(t).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64(8).get(down).op(OP.f64Mul).set(x1);
        });
      f.get(x0).f64(rounder).op(OP.f64Add).f64(rounder).op(OP.f64Sub).set(v0);
      f.get(x1).f64(rounder).op(OP.f64Add).f64(rounder).op(OP.f64Sub).set(v1);
      // (v0 & 0xffff) | (v1 << 16), the integers as JavaScript's ToInt32 takes them (NaN: 0).
      f.get(o).get(v0).truncSatF64().i32(0xffff).op(OP.i32And);
      f.get(v1).truncSatF64().i32(16).op(OP.i32Shl).op(OP.i32Or).storeI32();
      f.get(squares).get(v0).get(v0).op(OP.f64Mul).get(v1).get(v1).op(OP.f64Mul).op(OP.f64Add).op(OP.f64Add);
      f.set(squares);
      f.get(residuals).get(x0).get(v0).op(OP.f64Sub).tee(x0).get(x0).op(OP.f64Mul);
      f.get(x1).get(v1).op(OP.f64Sub).tee(x1).get(x1).op(OP.f64Mul).op(OP.f64Add).op(OP.f64Add).set(residuals);
      f.get(o).get(step).op(OP.i32Add).set(o);
    },
  );
  const perRow = (ptr: number, shift: number): void =>
    void field(f, desc, ptr).get(i).i32(shift).op(OP.i32Shl).op(OP.i32Add);
  // The scale, norm and error of the row: 2^e, 2^e·sqrt(squares), 2^e·(sqrt(residuals) + 2^-520); 0, 0, ∞ unfit.
  perRow(F.scalesPtr, 2);
  f.get(e).call(POW2).op(OP.f32DemoteF64).f32(0).get(fits).op(OP.select).storeF32();
  perRow(F.int16NormsPtr, 3);
  f.get(squares).op(OP.f64Sqrt).get(e).call(POW2).op(OP.f64Mul).f64(0).get(fits).op(OP.select).storeF64();
  perRow(F.errorsPtr, 3);
  f.get(residuals)
    .op(OP.f64Sqrt)
    .f64(2 ** -520)
    .op(OP.f64Add)
    .get(e)
    .call(POW2)
    .op(OP.f64Mul);
  f.f64(Infinity).get(fits).op(OP.select).storeF64();
  return f;
}
