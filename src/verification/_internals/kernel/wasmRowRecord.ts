import type { RowScan } from '../rowScan.js';
import { F64, I32, OP, type WasmFunction } from './wasmModule.js';

/** Bytes per row record of the kernels' `scan` and `settle`: 10 doubles (see {@link RowRecordEmitter.store}). */
export const ROW_RECORD_BYTES = 80;

/**
 * Emits, into a kernel function, the per-row bookkeeping of {@link scanRow}
 * (the same comparisons in the same order, so the same maxima, minima and
 * first-on-ties columns): the locals it needs, their reset at the start of a
 * row, the update for a support logit and for an off-support logit, and the
 * store of the row's record. Shared by the `f64x2` kernel's `scan` and the
 * `f32x4` kernel's `settle`, which must fill records identically.
 */
export class RowRecordEmitter {
  private readonly f: WasmFunction;
  private readonly argMaxD: number;
  private readonly argMinD: number;
  private readonly argMinSupport: number;
  private readonly argMaxOff: number;
  private readonly a: number;
  private readonly lw: number;
  private readonly dv: number;
  private readonly maxD: number;
  private readonly minD: number;
  private readonly minSupport: number;
  private readonly maxOff: number;
  private readonly maxAbsLog: number;

  /** Declares the locals in `f`. */
  constructor(f: WasmFunction) {
    this.f = f;
    this.argMaxD = f.local(I32, 'argMaxD');
    this.argMinD = f.local(I32, 'argMinD');
    this.argMinSupport = f.local(I32, 'argMinSupport');
    this.argMaxOff = f.local(I32, 'argMaxOff');
    this.a = f.local(F64, 'a');
    this.lw = f.local(F64, 'lw');
    this.dv = f.local(F64, 'dv');
    this.maxD = f.local(F64, 'maxD');
    this.minD = f.local(F64, 'minD');
    this.minSupport = f.local(F64, 'minSupport');
    this.maxOff = f.local(F64, 'maxOff');
    this.maxAbsLog = f.local(F64, 'maxAbsLog');
  }

  /** Start of a row: extremes at ±Infinity, columns −1, `maxAbsLog` 0. */
  reset(): void {
    const f = this.f;
    f.f64(-Infinity).set(this.maxD).i32(-1).set(this.argMaxD).f64(Infinity).set(this.minD).i32(-1).set(this.argMinD);
    f.f64(Infinity)
      .set(this.minSupport)
      .i32(-1)
      .set(this.argMinSupport)
      .f64(-Infinity)
      .set(this.maxOff)
      .i32(-1)
      .set(this.argMaxOff);
    f.f64(0).set(this.maxAbsLog);
  }

  /** Support logit in local `c` at column `j`, weight `logValues[p]`: `D = c − ln W` into max/min, `c` into the support minimum. */
  support(c: number, j: number, logValuesPtr: number, p: number): void {
    const { f, lw, dv, a } = this;
    f.get(logValuesPtr).get(p).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().set(lw);
    f.get(c).get(lw).op(OP.f64Sub).set(dv);
    f.get(dv)
      .get(this.maxD)
      .op(OP.f64Gt)
      .if(() => void f.get(dv).set(this.maxD).get(j).set(this.argMaxD));
    f.get(dv)
      .get(this.minD)
      .op(OP.f64Lt)
      .if(() => void f.get(dv).set(this.minD).get(j).set(this.argMinD));
    f.get(c)
      .get(this.minSupport)
      .op(OP.f64Lt)
      .if(() => void f.get(c).set(this.minSupport).get(j).set(this.argMinSupport));
    f.get(lw)
      .op(OP.f64Abs)
      .tee(a)
      .get(this.maxAbsLog)
      .op(OP.f64Gt)
      .if(() => void f.get(a).set(this.maxAbsLog));
  }

  /** Off-support logit in local `c` at column `j`: the running maximum (first on ties). */
  offSupport(c: number, j: number): void {
    const f = this.f;
    f.get(c)
      .get(this.maxOff)
      .op(OP.f64Gt)
      .if(() => void f.get(c).set(this.maxOff).get(j).set(this.argMaxOff));
  }

  /**
   * Stores the record at byte address `res` (local): `maxD, argMaxD, minD,
   * argMinD, minSupport, argMinSupport, maxOff, argMaxOff, maxAbsLog` as
   * doubles, then a tenth: `count()` when given (the `f32x4` kernel: how many
   * float64 dot products the row took), else 0.
   */
  store(res: number, count?: () => void): void {
    const f = this.f;
    const store = (offset: number, value: () => void): void => {
      f.get(res);
      value();
      f.storeF64(offset);
    };
    const signedIndex = (local: number) => () => void f.get(local).op(OP.f64ConvertI32S);
    store(0, () => void f.get(this.maxD));
    store(8, signedIndex(this.argMaxD));
    store(16, () => void f.get(this.minD));
    store(24, signedIndex(this.argMinD));
    store(32, () => void f.get(this.minSupport));
    store(40, signedIndex(this.argMinSupport));
    store(48, () => void f.get(this.maxOff));
    store(56, signedIndex(this.argMaxOff));
    store(64, () => void f.get(this.maxAbsLog));
    store(72, count ?? (() => void f.f64(0)));
  }
}

/**
 * Emits `next = p < end ? colIdx[p] : L` (locals; `colIdxPtr` and `L` too):
 * the next support column of a row walked in step with its CSR column list.
 */
export function loadNextColumn(
  f: WasmFunction,
  p: number,
  end: number,
  colIdxPtr: number,
  L: number,
  next: number,
): void {
  f.get(p)
    .get(end)
    .op(OP.i32LtU)
    .if(
      () => void f.get(colIdxPtr).get(p).i32(2).op(OP.i32Shl).op(OP.i32Add).loadI32().set(next),
      () => void f.get(L).set(next),
    );
}

/**
 * Row `i`'s record from the kernel's records (doubles at `records`, one
 * {@link ROW_RECORD_BYTES} record per row) into `out`, with `supportCount`.
 * `O(1)`.
 *
 * @example
 * readRowRecord(records, 0, 2, emptyRowScan()).maxD; // the first double of record 0
 * @throws never.
 */
export function readRowRecord(records: Float64Array, i: number, supportCount: number, out: RowScan): RowScan {
  const o = i * (ROW_RECORD_BYTES / 8);
  out.maxD = records[o]!;
  out.argMaxD = records[o + 1]!;
  out.minD = records[o + 2]!;
  out.argMinD = records[o + 3]!;
  out.minSupport = records[o + 4]!;
  out.argMinSupport = records[o + 5]!;
  out.maxOff = records[o + 6]!;
  out.argMaxOff = records[o + 7]!;
  out.maxAbsLog = records[o + 8]!;
  out.supportCount = supportCount;
  return out;
}
