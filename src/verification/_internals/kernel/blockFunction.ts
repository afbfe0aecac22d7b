import { TILE_ROWS } from './tileShape.js';
import { I32, OP, WasmFunction } from './wasmModule.js';

/**
 * Byte offsets of the header at address 0 of the kernel's memory, written by
 * {@link WasmLogits} and read by `block`: the problem's sizes and where each
 * packed array lives.
 */
export const HEADER = {
  L: 0,
  d: 4,
  blockRows: 8,
  panels: 12,
  outStride: 16,
  chunk: 20,
  qPtr: 24,
  kPtr: 28,
  rowPtrPtr: 32,
  colIdxPtr: 36,
  logValuesPtr: 40,
  resultPtr: 44,
  scale: 48,
} as const;

/** Bytes reserved for the header. */
export const HEADER_BYTES = 64;

/**
 * `block(b, outPtr)`: row block `b` (rows `b·blockRows ..`, at most
 * `blockRows` of them) from start to finish, with the sizes and addresses of
 * the header: the logits of the block into the buffer at `outPtr`, in chunks
 * of `chunk` positions `t` (`logits`), then the row bookkeeping (`scan`).
 * The whole per-block work is one call, so a worker thread needs nothing but
 * this export and a block counter. `positions` is the header field holding
 * the number of packed positions per row: `d`, or (the int16 kernel, whose
 * positions are pairs) another field holding `ceil(d/2)`.
 */
export function blockFunction(
  logitsIndex: number,
  scanIndex: number,
  bytes: 8 | 4 = 8,
  positions: number = HEADER.d,
): WasmFunction {
  const f = new WasmFunction('block', [I32, I32]);
  const b = f.param(0);
  const outPtr = f.param(1);
  f.nameParams(['b', 'outPtr']);
  const L = f.local(I32, 'L');
  const d = f.local(I32, 'd');
  const rowStart = f.local(I32, 'rowStart');
  const rows = f.local(I32, 'rows');
  const tiles = f.local(I32, 'tiles');
  const qTile = f.local(I32, 'qTile');
  const t0 = f.local(I32, 't0');
  const t1 = f.local(I32, 't1');
  const header = (field: number): WasmFunction => f.i32(0).loadI32(field);

  header(HEADER.L).set(L);
  header(positions).set(d);
  f.get(b);
  header(HEADER.blockRows).op(OP.i32Mul).set(rowStart);
  // rows = min(blockRows, L − rowStart); select(a, b, c) is c ? a : b.
  header(HEADER.blockRows);
  f.get(L).get(rowStart).op(OP.i32Sub).tee(rows).get(rows);
  header(HEADER.blockRows).op(OP.i32GtU).op(OP.select).set(rows);
  f.get(rows)
    .i32(TILE_ROWS - 1)
    .op(OP.i32Add)
    .i32(TILE_ROWS)
    .op(OP.i32DivU)
    .set(tiles);
  // Tiles of TILE_ROWS rows, t-major: row block b starts at byte rowStart·d·bytes of the packed Q.
  header(HEADER.qPtr).get(rowStart).get(d).op(OP.i32Mul).i32(bytes).op(OP.i32Mul).op(OP.i32Add).set(qTile);
  f.i32(0).set(t0);
  f.block(() => {
    f.get(t0).get(d).op(OP.i32GeU).brIf(0);
    f.loop(() => {
      // t1 = min(d, t0 + chunk)
      f.get(t0);
      header(HEADER.chunk).op(OP.i32Add).set(t1);
      f.get(d).get(t1).get(t1).get(d).op(OP.i32GtU).op(OP.select).set(t1);
      f.get(qTile).get(tiles);
      header(HEADER.kPtr);
      header(HEADER.panels);
      f.get(d).get(t0).get(t1).get(outPtr);
      header(HEADER.outStride);
      f.i32(0).loadF64(HEADER.scale);
      f.get(t0).i32(0).op(OP.i32Eq);
      f.get(t1).get(d).op(OP.i32Eq);
      f.call(logitsIndex);
      f.get(t1).tee(t0).get(d).op(OP.i32LtU).brIf(0);
    });
  });
  f.get(outPtr);
  header(HEADER.outStride);
  f.get(rows).get(rowStart).get(L);
  header(HEADER.rowPtrPtr);
  header(HEADER.colIdxPtr);
  header(HEADER.logValuesPtr);
  header(HEADER.resultPtr);
  f.call(scanIndex);
  return f;
}
