import { compileOnce, type WasmModuleHandle } from './webAssemblyApi.js';
import { loadNextColumn, ROW_RECORD_BYTES, RowRecordEmitter } from './wasmRowRecord.js';
import { blockFunction } from './blockFunction.js';
import { TILE_COLUMNS, TILE_ROWS } from './tileShape.js';
import { encodeWasmModule, F64, I32, OP, SIMD, V128, WasmFunction } from './wasmModule.js';

export { TILE_COLUMNS, TILE_ROWS };

/**
 * The arithmetic of a register-tiled logit kernel: the lane type of its SIMD
 * vectors and what follows from it. A tile is {@link TILE_ROWS} rows of `Q`
 * against `4·lanes` rows of `K` (4 vectors per row, 8 running sums in all).
 */
export interface LaneFormat {
  /** Export name of the kernel function. */
  readonly name: string;
  /** Bytes per number: 8 (`f64x2`) or 4 (`f32x4`). */
  readonly bytes: 8 | 4;
  /** Rows of `K` per column panel: `4 · 16 / bytes`. */
  readonly columns: number;
  readonly add: number;
  readonly mul: number;
  /** Whether the last chunk multiplies the sums by `scale` (the `f64x2` kernel); the `f32x4` kernel leaves them unscaled. */
  readonly scaled: boolean;
  /**
   * Integer lanes (the int16 kernel): each chunk starts its `i32` sums from zero and ends by adding them,
   * converted to singles, to the single-precision sums in `out` (storing them there for the first chunk),
   * so no `i32` sum runs over more than one chunk.
   */
  readonly flush?: boolean;
}

/** The `f64x2` kernel of today's first pass (the `logits` export). */
export const F64_LANES: LaneFormat = {
  name: 'logits',
  bytes: 8,
  columns: TILE_COLUMNS,
  add: SIMD.f64x2Add,
  mul: SIMD.f64x2Mul,
  scaled: true,
};

/**
 * `logits(qPtr, tiles, kPtr, panels, d, tFrom, tTo, outPtr, outStride, scale, first, last)`:
 * register-tiled `f64x2` product of packed row tiles of `Q` and packed column
 * panels of `K`, for dot-product positions `t` in `[tFrom, tTo)`.
 *
 * Packing (done in JavaScript, see {@link WasmLogits}): `Q` is cut into tiles
 * of {@link TILE_ROWS} rows stored `t`-major (`tile[t·TILE_ROWS + r] = q_r[t]`),
 * `K` into panels of {@link TILE_COLUMNS} rows stored the same way, so the
 * inner loop reads both sequentially. Each SIMD lane holds one dot product
 * `q_i·k_j` (lanes run over `j`, never over `t`), and each lane adds its
 * products one `t` at a time: every logit is the same left-to-right sum
 * `(((0 + q_0 k_0) + q_1 k_1) + …)` as {@link logitsBlock}, bit for bit
 * (WebAssembly never fuses a multiply and an add). A range `[tFrom, tTo)`
 * that is not the first continues the partial sums stored in `out`, so
 * splitting `t` into chunks (to keep a panel in the L1 cache) changes nothing.
 * The last chunk multiplies by `scale`, as `fl(sum·scale)`.
 *
 * With another {@link LaneFormat} (`f32x4`, see {@link logits32KernelBytes})
 * the same loops run on single-precision lanes, panels of 16 rows of `K`, and
 * no scaling.
 */
export function tiledLogitsFunction(format: LaneFormat = F64_LANES): WasmFunction {
  const f = new WasmFunction(format.name, [I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, I32, I32]);
  const [qPtr, tiles, kPtr, panels, d, tFrom, tTo, outPtr, outStride, scale, first, last] = f.params.map((_, k) =>
    f.param(k),
  ) as [number, number, number, number, number, number, number, number, number, number, number, number];
  f.nameParams([
    'qPtr',
    'tiles',
    'kPtr',
    'panels',
    'd',
    'tFrom',
    'tTo',
    'outPtr',
    'outStride',
    'scale',
    'first',
    'last',
  ]);
  const { bytes, columns } = format;
  const V = 4;
  const p = f.local(I32, 'p');
  const g = f.local(I32, 'g');
  const q = f.local(I32, 'q');
  const qEnd = f.local(I32, 'qEnd');
  const k = f.local(I32, 'k');
  const kPanel = f.local(I32, 'kPanel');
  const o = f.local(I32, 'o');
  const qTileBytes = f.local(I32, 'qTileBytes');
  const kPanelBytes = f.local(I32, 'kPanelBytes');
  const x = f.local(V128, 'x');
  const kv = Array.from({ length: V }, (_, k) => f.local(V128, `kv${k}`));
  const acc = Array.from({ length: TILE_ROWS * V }, (_, k) => f.local(V128, `acc${k}`));
  const scaleV = f.local(V128, 'scaleV');

  if (format.scaled) f.get(scale).simd(SIMD.f64x2Splat).set(scaleV);
  f.get(d)
    .i32(TILE_ROWS * bytes)
    .op(OP.i32Mul)
    .set(qTileBytes);
  f.get(d)
    .i32(columns * bytes)
    .op(OP.i32Mul)
    .set(kPanelBytes);
  f.forUp(
    p,
    () => f.i32(0),
    panels,
    1,
    () => {
      // kPanel = kPtr + p·kPanelBytes + tFrom·columns·bytes
      f.get(kPtr)
        .get(p)
        .get(kPanelBytes)
        .op(OP.i32Mul)
        .op(OP.i32Add)
        .get(tFrom)
        .i32(columns * bytes)
        .op(OP.i32Mul)
        .op(OP.i32Add)
        .set(kPanel);
      f.forUp(
        g,
        () => f.i32(0),
        tiles,
        1,
        () => {
          // o = outPtr + g·TILE_ROWS·outStride + p·columns·bytes: the tile's first output
          f.get(outPtr)
            .get(g)
            .i32(TILE_ROWS)
            .op(OP.i32Mul)
            .get(outStride)
            .op(OP.i32Mul)
            .op(OP.i32Add)
            .get(p)
            .i32(columns * bytes)
            .op(OP.i32Mul)
            .op(OP.i32Add)
            .set(o);
          /** Pushes the address of the output of tile row `r` (its vector `c` is at offset `c·16`). */
          const address = (r: number): void => {
            f.get(o);
            if (r > 0) f.get(outStride).i32(r).op(OP.i32Mul).op(OP.i32Add);
          };
          const zero = (): void => {
            for (const a of acc) f.f64(0).simd(SIMD.f64x2Splat).set(a); // all-zero bits: +0 in every lane of any type
          };
          // Running sums: zero, or the partial sums of the previous chunk (integer lanes: always zero).
          if (format.flush === true) zero();
          else
            f.get(first).if(zero, () => {
              for (let r = 0; r < TILE_ROWS; r++)
                for (let c = 0; c < V; c++) {
                  address(r);
                  f.loadV128(c * 16).set(acc[r * V + c]!);
                }
            });
          // q = qPtr + g·qTileBytes + tFrom·TILE_ROWS·bytes, qEnd = q + (tTo − tFrom)·TILE_ROWS·bytes
          f.get(qPtr)
            .get(g)
            .get(qTileBytes)
            .op(OP.i32Mul)
            .op(OP.i32Add)
            .get(tFrom)
            .i32(TILE_ROWS * bytes)
            .op(OP.i32Mul)
            .op(OP.i32Add)
            .set(q);
          f.get(q)
            .get(tTo)
            .get(tFrom)
            .op(OP.i32Sub)
            .i32(TILE_ROWS * bytes)
            .op(OP.i32Mul)
            .op(OP.i32Add)
            .set(qEnd);
          f.get(kPanel).set(k);
          f.block(() => {
            f.get(q).get(qEnd).op(OP.i32GeU).brIf(0);
            f.loop(() => {
              for (let c = 0; c < V; c++)
                f.get(k)
                  .loadV128(c * 16)
                  .set(kv[c]!);
              for (let r = 0; r < TILE_ROWS; r++) {
                if (bytes === 8)
                  f.get(q)
                    .loadSplatF64(r * 8)
                    .set(x);
                else
                  f.get(q)
                    .loadSplatF32(r * 4)
                    .set(x);
                for (let c = 0; c < V; c++) {
                  const a = acc[r * V + c]!;
                  f.get(a).get(x).get(kv[c]!).simd(format.mul).simd(format.add).set(a);
                }
              }
              f.get(k)
                .i32(columns * bytes)
                .op(OP.i32Add)
                .set(k);
              f.get(q)
                .i32(TILE_ROWS * bytes)
                .op(OP.i32Add)
                .tee(q)
                .get(qEnd)
                .op(OP.i32LtU)
                .brIf(0);
            });
          });
          if (format.scaled)
            f.get(last).if(() => {
              for (const a of acc) f.get(a).get(scaleV).simd(SIMD.f64x2Mul).set(a);
            });
          if (format.flush === true)
            // out = fl32(acc) for the first chunk, else fl32(out + fl32(acc)).
            f.get(first).if(
              () => {
                for (let r = 0; r < TILE_ROWS; r++)
                  for (let c = 0; c < V; c++) {
                    address(r);
                    f.get(acc[r * V + c]!)
                      .simd(SIMD.f32x4ConvertI32x4S)
                      .storeV128(c * 16);
                  }
              },
              () => {
                for (let r = 0; r < TILE_ROWS; r++)
                  for (let c = 0; c < V; c++) {
                    address(r);
                    address(r);
                    f.loadV128(c * 16)
                      .get(acc[r * V + c]!)
                      .simd(SIMD.f32x4ConvertI32x4S)
                      .simd(SIMD.f32x4Add);
                    f.storeV128(c * 16);
                  }
              },
            );
          else
            for (let r = 0; r < TILE_ROWS; r++)
              for (let c = 0; c < V; c++) {
                address(r);
                f.get(acc[r * V + c]!).storeV128(c * 16);
              }
        },
      );
    },
  );
  return f;
}

/**
 * `scan(outPtr, outStride, rows, rowStart, L, rowPtrPtr, colIdxPtr, logValuesPtr, resultPtr)`:
 * the row bookkeeping of {@link scanRow}, instruction for instruction, for
 * rows `rowStart .. rowStart + rows − 1` whose logits start at
 * `outPtr + (i − rowStart)·outStride`. The target is in CSR form (`i32` row
 * pointers and columns, `f64` logarithms of the weights). Row `i`'s record, at
 * `resultPtr + i·80`, holds ten doubles: `maxD, argMaxD, minD, argMinD,
 * minSupport, argMinSupport, maxOff, argMaxOff, maxAbsLog` and a flag 0
 * (see {@link RowRecordEmitter}).
 */
function scanFunction(): WasmFunction {
  const f = new WasmFunction('scan', [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [outPtr, outStride, rows, rowStart, L, rowPtrPtr, colIdxPtr, logValuesPtr, resultPtr] = f.params.map((_, k) =>
    f.param(k),
  ) as [number, number, number, number, number, number, number, number, number];
  f.nameParams(['outPtr', 'outStride', 'rows', 'rowStart', 'L', 'rowPtrPtr', 'colIdxPtr', 'logValuesPtr', 'resultPtr']);
  const r = f.local(I32, 'r');
  const i = f.local(I32, 'i');
  const row = f.local(I32, 'row');
  const j = f.local(I32, 'j');
  const p = f.local(I32, 'p');
  const end = f.local(I32, 'end');
  const next = f.local(I32, 'next');
  const res = f.local(I32, 'res');
  const c = f.local(F64, 'c');
  const record = new RowRecordEmitter(f);

  const loadNext = (): void => loadNextColumn(f, p, end, colIdxPtr, L, next);

  f.forUp(
    r,
    () => f.i32(0),
    rows,
    1,
    () => {
      f.get(rowStart).get(r).op(OP.i32Add).set(i);
      f.get(outPtr).get(r).get(outStride).op(OP.i32Mul).op(OP.i32Add).set(row);
      f.get(rowPtrPtr).get(i).i32(2).op(OP.i32Shl).op(OP.i32Add).tee(p).loadI32(4).set(end);
      f.get(p).loadI32().set(p);
      loadNext();
      record.reset();
      f.forUp(
        j,
        () => f.i32(0),
        L,
        1,
        () => {
          f.get(row).get(j).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().set(c);
          f.get(j)
            .get(next)
            .op(OP.i32Eq)
            .if(
              () => {
                record.support(c, j, logValuesPtr, p);
                f.get(p).i32(1).op(OP.i32Add).set(p);
                loadNext();
              },
              () => record.offSupport(c, j),
            );
        },
      );
      f.get(resultPtr).get(i).i32(ROW_RECORD_BYTES).op(OP.i32Mul).op(OP.i32Add).set(res);
      record.store(res);
    },
  );
  return f;
}

export { HEADER, HEADER_BYTES, blockFunction } from './blockFunction.js';

/**
 * The bytes of the verifier's WebAssembly module: `logits` (the register-tiled
 * `f64x2` logit kernel), `scan` (the fused per-row max/min bookkeeping) and
 * `block` (both, for one row block, sizes read from the {@link HEADER}), all
 * working on one imported shared memory. About 1.5 KB, generated on each
 * call. `O(1)`.
 *
 * @example
 * webAssemblyApi()?.validate(logitsKernelBytes()); // true (on engines with SIMD)
 * @throws never.
 */
export function logitsKernelBytes(): Uint8Array {
  return encodeWasmModule(logitsKernelFunctions(), 1, 65536);
}

/** The functions of {@link logitsKernelBytes}, in module order (their names give the kernel's text). `O(1)`. */
export function logitsKernelFunctions(): WasmFunction[] {
  return [tiledLogitsFunction(), scanFunction(), blockFunction(0, 1)];
}

const compiled = compileOnce(logitsKernelBytes);

/**
 * The compiled module of {@link logitsKernelBytes}, compiled once and cached;
 * `null` when this engine cannot compile it (no WebAssembly, no SIMD, no
 * shared memory), in which case callers use the JavaScript kernel. `O(1)`
 * after the first call.
 *
 * @example
 * logitsKernelModule() !== null; // true on Node 20
 * @throws never.
 */
export function logitsKernelModule(): WasmModuleHandle | null {
  return compiled();
}
