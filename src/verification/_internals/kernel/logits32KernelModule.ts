import { blockFunction, HEADER, TILE_ROWS, tiledLogitsFunction, type LaneFormat } from './logitsKernelModule.js';
import { compileOnce, type WasmModuleHandle } from './webAssemblyApi.js';
import { encodeWasmModule, F64, I32, OP, SIMD, V128, WasmFunction } from './wasmModule.js';
import { ROW_RECORD_BYTES, RowRecordEmitter } from './wasmRowRecord.js';

/** Rows of `K` per column panel of the `f32x4` kernel: 4 vectors of 4 singles. */
export const TILE_COLUMNS_32 = 16;

/** The `f32x4` kernel (`logits32`): unscaled single-precision dot products, tiles of 2 × 16. */
export const F32_LANES: LaneFormat = {
  name: 'logits32',
  bytes: 4,
  columns: TILE_COLUMNS_32,
  add: SIMD.f32x4Add,
  mul: SIMD.f32x4Mul,
  scaled: false,
};

/**
 * Header of the `f32x4` module's memory: the fields of {@link HEADER} (same
 * offsets; `qPtr`, `kPtr` and `outStride` now address singles), then where
 * the float64 copies of `Q` and `K` (row-major), the per-row windows and the
 * candidate cap live.
 */
export const HEADER_32 = { ...HEADER, q64Ptr: 56, k64Ptr: 60, windowPtr: 64, cap: 68 } as const;

/** Bytes reserved for {@link HEADER_32}. */
export const HEADER_32_BYTES = 128;

/**
 * `dot64(qa, ka, n)`: `fl(sum_t q[t]·k[t])`, left to right from 0, over `n`
 * doubles at byte addresses `qa`, `ka` (the sum of {@link logitsBlock}, bit
 * for bit). Emitting it is `O(1)`.
 *
 * @example
 * encodeWasmModule([dotFunction()], 1, 65536); // a module whose dot64(0, 16, 2) is q0·k0 + q1·k1
 * @throws never.
 */
export function dotFunction(): WasmFunction {
  const f = new WasmFunction('dot64', [I32, I32, I32], [F64]);
  const [qa, ka, n] = [f.param(0), f.param(1), f.param(2)];
  f.nameParams(['qa', 'ka', 'n']);
  const t = f.local(I32, 't');
  const end = f.local(I32, 'end');
  const acc = f.local(F64, 'acc');
  f.get(n).i32(3).op(OP.i32Shl).set(end);
  f.f64(0).set(acc);
  f.forUp(
    t,
    () => f.i32(0),
    end,
    8,
    () => {
      f.get(acc)
        .get(qa)
        .get(t)
        .op(OP.i32Add)
        .loadF64()
        .get(ka)
        .get(t)
        .op(OP.i32Add)
        .loadF64()
        .op(OP.f64Mul)
        .op(OP.f64Add)
        .set(acc);
    },
  );
  f.get(acc);
  return f;
}

/**
 * `settle(outPtr, outStride, rows, rowStart, L, rowPtrPtr, colIdxPtr, logValuesPtr, resultPtr)`:
 * for rows `rowStart ..` of a block whose single-precision dot products
 * `s_ij` start at `outPtr + (i − rowStart)·outStride`, the record that
 * {@link scanRow} gives on today's float64 logits `Ĉ_ij = fl(fl(q_i·k_j)·scale)`,
 * recomputing only the float64 logits it needs:
 *
 * 1. `m = max_{j not in supp(i)} s_ij` (a vector maximum, once the support
 *    and padding columns of the buffer are set to −Infinity);
 * 2. every support logit in float64 (the (R1) spread and the support minimum);
 * 3. every off-support `j` with `s_ij >= m − w_i` in float64, the running
 *    maximum first on ties, in column order (groups of 4 columns screened
 *    by one vector comparison).
 *
 * `w_i` (the row's *window*, from `windowPtr`) is at least twice the bound of
 * `|Ĉ_ij/scale − s_ij|` (see {@link float32Windows}): a column below the
 * window has `Ĉ_ij` strictly below `Ĉ` at the column of `m`, so it can be
 * neither the maximum nor a tie, and the record equals scanRow's bit for bit.
 * The record's tenth double is the number of float64 dot products taken. A
 * row is flagged (tenth double −1: the caller recomputes it whole) when its
 * window is negative or NaN (no float32 bound), or when its support and
 * candidates together exceed the header's `cap` of float64 dot products.
 *
 * With `scales` (the int16 kernel, see {@link logits16KernelBytes}) the buffer
 * holds single-precision sums `s̃_ij` of the exact integer dot products of
 * the quantised rows instead, and a step 0 turns each row, in place, into
 * `s_ij = s̃_ij·2^{e_i}·2^{f_j}` (row scales: one `f32` per row at the
 * header's `rowScalePtr`; column scales: one per column, padded, at
 * `colScalePtr`), exact products while the exponents keep them normal;
 * steps 1–3 are then the same.
 *
 * `dotIndex` is the module index of {@link dotFunction}. Emitting it is `O(1)`;
 * the function takes `O(rows·(L + candidates·d))`.
 *
 * @example
 * settleFunction(3); // the float32 module's settle; settleFunction(3, HEADER_16) the int16 module's
 * @throws never.
 */
export function settleFunction(
  dotIndex: number,
  scales?: { readonly rowScalePtr: number; readonly colScalePtr: number },
): WasmFunction {
  const f = new WasmFunction('settle', [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [outPtr, outStride, rows, rowStart, L, rowPtrPtr, colIdxPtr, logValuesPtr, resultPtr] = f.params.map((_, k) =>
    f.param(k),
  ) as [number, number, number, number, number, number, number, number, number];
  f.nameParams(['outPtr', 'outStride', 'rows', 'rowStart', 'L', 'rowPtrPtr', 'colIdxPtr', 'logValuesPtr', 'resultPtr']);
  const [r, i, row, j, p, pStart, end, res, budget, qRow, dBytes] = (
    ['r', 'i', 'row', 'j', 'p', 'pStart', 'end', 'res', 'budget', 'qRow', 'dBytes'] as const
  ).map((name) => f.local(I32, name)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [c, mx, thr, scale, window] = (['c', 'mx', 'thr', 'scale', 'window'] as const).map((name) =>
    f.local(F64, name),
  ) as [number, number, number, number, number];
  const jb = f.local(I32, 'jb');
  const vmax = f.local(V128, 'vmax');
  const vthr = f.local(V128, 'vthr');
  const record = new RowRecordEmitter(f);
  const vrow = scales === undefined ? -1 : f.local(V128, 'vrow');
  const header = (field: number): WasmFunction => f.i32(0).loadI32(field);
  /** `body` for each group of 4 columns of the row's buffer: `jb` = 0, 16, … (bytes) below `outStride`. */
  const eachGroup = (body: () => void): void => void f.forUp(jb, () => f.i32(0), outStride, 16, body);
  /** c = fl(dot64(q_i, k_j)·scale): today's float64 logit. */
  const logit = (): void => {
    f.get(qRow);
    header(HEADER_32.k64Ptr).get(j).get(dBytes).op(OP.i32Mul).op(OP.i32Add);
    header(HEADER_32.d).call(dotIndex).get(scale).op(OP.f64Mul).set(c);
  };

  header(HEADER_32.d).i32(3).op(OP.i32Shl).set(dBytes);
  f.i32(0).loadF64(HEADER_32.scale).set(scale);
  f.forUp(
    r,
    () => f.i32(0),
    rows,
    1,
    () => {
      f.get(rowStart).get(r).op(OP.i32Add).set(i);
      f.get(outPtr).get(r).get(outStride).op(OP.i32Mul).op(OP.i32Add).set(row);
      f.get(resultPtr).get(i).i32(ROW_RECORD_BYTES).op(OP.i32Mul).op(OP.i32Add).set(res);
      f.get(rowPtrPtr).get(i).i32(2).op(OP.i32Shl).op(OP.i32Add).tee(p).loadI32(4).set(end);
      f.get(p).loadI32().set(pStart);
      header(HEADER_32.windowPtr).get(i).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().set(window);
      header(HEADER_32.q64Ptr).get(i).get(dBytes).op(OP.i32Mul).op(OP.i32Add).set(qRow);
      f.block(() => {
        f.block(() => {
          // No float32 bound for this row (negative or NaN window): flagged.
          f.get(window).f64(0).op(OP.f64Ge).op(OP.i32Eqz).brIf(0);
          // More support entries than the cap: flagged. Else budget = cap − |supp(i)|.
          f.get(end).get(pStart).op(OP.i32Sub).tee(budget);
          header(HEADER_32.cap).op(OP.i32GtU).brIf(0);
          header(HEADER_32.cap).get(budget).op(OP.i32Sub).set(budget);
          if (scales !== undefined) {
            // 0. Scaled in place: s̃_ij·2^{e_i} (one splat), then ·2^{f_j} (a vector per 4 columns).
            header(scales.rowScalePtr).get(i).i32(2).op(OP.i32Shl).op(OP.i32Add).loadF32();
            f.simd(SIMD.f32x4Splat).set(vrow);
            eachGroup(() => {
              f.get(row).get(jb).op(OP.i32Add);
              f.get(row).get(jb).op(OP.i32Add).loadV128().get(vrow).simd(SIMD.f32x4Mul);
              header(scales.colScalePtr).get(jb).op(OP.i32Add).loadV128().simd(SIMD.f32x4Mul).storeV128();
            });
          }
          // 1. The largest off-support single: padding and support columns set to −Infinity first (the
          // singles of the support are not needed again), then a vector maximum over the whole row.
          f.forUp(
            jb,
            () => void f.get(L).i32(2).op(OP.i32Shl),
            outStride,
            4,
            () => void f.get(row).get(jb).op(OP.i32Add).f32(-Infinity).storeF32(),
          );
          f.forUp(
            p,
            () => f.get(pStart),
            end,
            1,
            () => {
              f.get(row)
                .get(colIdxPtr)
                .get(p)
                .i32(2)
                .op(OP.i32Shl)
                .op(OP.i32Add)
                .loadI32()
                .i32(2)
                .op(OP.i32Shl)
                .op(OP.i32Add)
                .f32(-Infinity)
                .storeF32();
            },
          );
          f.f32(-Infinity).simd(SIMD.f32x4Splat).set(vmax);
          eachGroup(() => void f.get(vmax).get(row).get(jb).op(OP.i32Add).loadV128().simd(SIMD.f32x4Max).set(vmax));
          f.f64(-Infinity).set(mx);
          for (let lane = 0; lane < 4; lane++) {
            f.get(vmax).extractF32(lane).op(OP.f64PromoteF32).set(c);
            f.get(c)
              .get(mx)
              .op(OP.f64Gt)
              .if(() => void f.get(c).set(mx));
          }
          f.get(mx).get(window).op(OP.f64Sub).set(thr);
          // 2. The support logits in float64.
          record.reset();
          f.forUp(
            p,
            () => f.get(pStart),
            end,
            1,
            () => {
              f.get(colIdxPtr).get(p).i32(2).op(OP.i32Shl).op(OP.i32Add).loadI32().set(j);
              logit();
              record.support(c, j, logValuesPtr, p);
            },
          );
          // 3. The off-support candidates in float64, in column order (none in a full-support row, m = −Infinity).
          // A vector test against thr32 <= thr (|thr|·2^-22 + 2^-140 below thr, then rounded to a single)
          // finds the groups of 4 that may hold one; each lane is then tested exactly.
          f.get(mx)
            .f64(-Infinity)
            .op(OP.f64Gt)
            .if(() => {
              f.get(thr)
                .get(thr)
                .op(OP.f64Abs)
                .f64(2 ** -22)
                .op(OP.f64Mul)
                .op(OP.f64Sub)
                .f64(2 ** -140)
                .op(OP.f64Sub);
              f.op(OP.f32DemoteF64).simd(SIMD.f32x4Splat).set(vthr);
              eachGroup(() => {
                f.get(row)
                  .get(jb)
                  .op(OP.i32Add)
                  .loadV128()
                  .get(vthr)
                  .simd(SIMD.f32x4Ge)
                  .simd(SIMD.v128AnyTrue)
                  .if(() => {
                    for (let lane = 0; lane < 4; lane++) {
                      f.get(row)
                        .get(jb)
                        .op(OP.i32Add)
                        .loadF32(4 * lane)
                        .op(OP.f64PromoteF32)
                        .get(thr)
                        .op(OP.f64Ge)
                        .if(() => {
                          // Over the cap: flagged (labels out: this if, the group's if, loop, block, the row's if, the flag block).
                          f.get(budget).i32(1).op(OP.i32Sub).tee(budget).i32(0).op(OP.i32LtS).brIf(5);
                          f.get(jb).i32(2).op(OP.i32ShrU).i32(lane).op(OP.i32Add).set(j);
                          logit();
                          record.offSupport(c, j);
                        });
                    }
                  });
              });
            });
          // Float64 dot products taken: cap − budget.
          record.store(res, () => void header(HEADER_32.cap).get(budget).op(OP.i32Sub).op(OP.f64ConvertI32S));
          f.br(1);
        });
        f.get(res).f64(-1).storeF64(72);
      });
    },
  );
  return f;
}

/**
 * The bytes of the verifier's single-precision WebAssembly module:
 * `logits32` (the register-tiled `f32x4` kernel, unscaled sums), `settle`
 * (the float64 logits each row's record needs, see above), `block` (both, for
 * one row block, sizes from {@link HEADER_32}) and `dot64`. `O(1)`.
 *
 * @example
 * webAssemblyApi()?.validate(logits32KernelBytes()); // true (on engines with SIMD)
 * @throws never.
 */
export function logits32KernelBytes(): Uint8Array {
  return encodeWasmModule(logits32KernelFunctions(), 1, 65536);
}

/** The functions of {@link logits32KernelBytes}, in module order (their names give the kernel's text). `O(1)`. */
export function logits32KernelFunctions(): WasmFunction[] {
  return [tiledLogitsFunction(F32_LANES), settleFunction(3), blockFunction(0, 1, 4), dotFunction()];
}

const compiled = compileOnce(logits32KernelBytes);

/**
 * The compiled module of {@link logits32KernelBytes}, compiled once and
 * cached; `null` when this engine cannot compile it (callers then use the
 * float64 kernels). `O(1)` after the first call.
 *
 * @example
 * logits32KernelModule() !== null; // true on Node 20
 * @throws never.
 */
export function logits32KernelModule(): WasmModuleHandle | null {
  return compiled();
}

/** Rows per register tile (re-exported for the packing of the float32 `Q`). */
export { TILE_ROWS };
