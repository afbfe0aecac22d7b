import { field, PRODUCT_FIELDS, PROJECTION_FUNCTIONS } from './projectionDescriptor.js';
import { packRowFunction } from './packRowFunction.js';
import { floorLog2Function, pow2Function, rowMaxFunction, rowNormFunction } from './rowNormFunctions.js';
import { compileOnce, type WasmModuleHandle } from './webAssemblyApi.js';
import { encodeWasmModule, F64, I32, OP, WasmFunction } from './wasmModule.js';

const {
  rowMax: ROW_MAX,
  rowNorm: ROW_NORM,
  packRow: PACK_ROW,
  countNonzeros: COUNT_NONZEROS,
  projectRow: PROJECT_ROW,
} = PROJECTION_FUNCTIONS;

/** `countNonzeros(xPtr, m)`: how many of the `m` doubles at byte `xPtr` differ from 0 (NaN counts). */
function countNonzerosFunction(): WasmFunction {
  const f = new WasmFunction('countNonzeros', [I32, I32], [I32]);
  f.nameParams(['xPtr', 'm']);
  const end = f.local(I32, 'end');
  const t = f.local(I32, 't');
  const count = f.local(I32, 'count');
  f.get(0).get(1).i32(3).op(OP.i32Shl).op(OP.i32Add).set(end);
  f.forUp(
    t,
    () => f.get(0),
    end,
    8,
    () => void f.get(t).loadF64().f64(0).op(OP.f64Ne).get(count).op(OP.i32Add).set(count),
  );
  f.get(count);
  return f;
}

/**
 * `projectRow(desc, i, xPtr, terms)`: row `i` of the product the descriptor
 * at `desc` names, from the row of `X` at byte `xPtr` with `terms` nonzeros,
 * exactly as `projectRows` (projectRows.ts) computes it: the row zeroed, then
 * for each active row `s` of `P` in increasing order with `X_is != 0`,
 * `weighted += |X_is|·||P_s||` and `X_is·P_s` added (a dense row by a plain
 * loop, a sparse one by its nonzero columns); the radius
 * `twoGamma[terms]·weighted + allowance[terms]`; then, when the descriptor
 * asks, the row's norm (`rowNorm`) and its quantisation (`packRow`).
 */
function projectRowFunction(): WasmFunction {
  const F = PRODUCT_FIELDS;
  const f = new WasmFunction('projectRow', [I32, I32, I32, I32]);
  f.nameParams(['desc', 'i', 'xPtr', 'terms']);
  const [desc, i, xPtr, terms] = [f.param(0), f.param(1), f.param(2), f.param(3)];
  const d = f.local(I32, 'd');
  const o = f.local(I32, 'o');
  const oEnd = f.local(I32, 'oEnd');
  const t = f.local(I32, 't');
  const n = f.local(I32, 'n');
  const nEnd = f.local(I32, 'nEnd');
  const s = f.local(I32, 's');
  const ps = f.local(I32, 'ps');
  const c = f.local(I32, 'c');
  const cEnd = f.local(I32, 'cEnd');
  const at = f.local(I32, 'at');
  const pNormPtr = f.local(I32, 'pNormPtr');
  const densePtr = f.local(I32, 'densePtr');
  const startPtr = f.local(I32, 'startPtr');
  const columnsPtr = f.local(I32, 'columnsPtr');
  const valuesPtr = f.local(I32, 'valuesPtr');
  const a = f.local(F64, 'a');
  const weighted = f.local(F64, 'weighted');
  const largest = f.local(F64, 'largest');
  field(f, desc, F.d).set(d);
  field(f, desc, F.pNormPtr).set(pNormPtr);
  field(f, desc, F.densePtr).set(densePtr);
  field(f, desc, F.startPtr).set(startPtr);
  field(f, desc, F.columnsPtr).set(columnsPtr);
  field(f, desc, F.valuesPtr).set(valuesPtr);
  field(f, desc, F.outPtr).get(i).get(d).op(OP.i32Mul).i32(3).op(OP.i32Shl).op(OP.i32Add).set(o);
  f.get(o).get(d).i32(3).op(OP.i32Shl).op(OP.i32Add).set(oEnd);
  f.forUp(
    t,
    () => f.get(o),
    oEnd,
    8,
    () => void f.get(t).f64(0).storeF64(),
  );
  field(f, desc, F.activeCount).i32(2).op(OP.i32Shl).get(desc).loadI32(F.activePtr).op(OP.i32Add).set(nEnd);
  f.forUp(
    n,
    () => field(f, desc, F.activePtr),
    nEnd,
    4,
    () => {
      f.get(n).loadI32().set(s);
      f.get(xPtr).get(s).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().set(a);
      f.get(a)
        .f64(0)
        .op(OP.f64Ne)
        .if(() => {
          f.get(weighted).get(a).op(OP.f64Abs);
          f.get(pNormPtr).get(s).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64();
          f.op(OP.f64Mul, OP.f64Add).set(weighted);
          f.get(densePtr)
            .get(s)
            .op(OP.i32Add)
            .loadU8()
            .if(
              () => {
                // out[o + t] += a·P[s][t], t = 0..d−1 (ps walks P's row s).
                field(f, desc, F.pPtr).get(s).get(d).op(OP.i32Mul).i32(3).op(OP.i32Shl).op(OP.i32Add).set(ps);
                f.forUp(
                  t,
                  () => f.get(o),
                  oEnd,
                  8,
                  () => {
                    f.get(t).get(t).loadF64().get(a).get(ps).loadF64().op(OP.f64Mul).op(OP.f64Add).storeF64();
                    f.get(ps).i32(8).op(OP.i32Add).set(ps);
                  },
                );
              },
              () => {
                // out[o + columns[c]] += a·values[c], c = start[s] .. start[s+1]−1.
                f.get(startPtr).get(s).i32(2).op(OP.i32Shl).op(OP.i32Add).set(at);
                f.get(at).loadI32(4).set(cEnd);
                f.forUp(
                  c,
                  () => f.get(at).loadI32(),
                  cEnd,
                  1,
                  () => {
                    f.get(columnsPtr).get(c).i32(2).op(OP.i32Shl).op(OP.i32Add).loadI32();
                    f.i32(3).op(OP.i32Shl).get(o).op(OP.i32Add).tee(at);
                    f.get(at).loadF64().get(a);
                    f.get(valuesPtr).get(c).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64();
                    f.op(OP.f64Mul, OP.f64Add).storeF64();
                  },
                );
              },
            );
        });
    },
  );
  // radius[i] = twoGamma[terms]·weighted + allowance[terms]
  field(f, desc, F.radiusPtr).get(i).i32(3).op(OP.i32Shl).op(OP.i32Add);
  field(f, desc, F.twoGammaPtr).get(terms).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().get(weighted).op(OP.f64Mul);
  field(f, desc, F.allowancePtr).get(terms).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().op(OP.f64Add).storeF64();
  // The row's largest magnitude, once for its norm and its quantisation.
  field(f, desc, F.hasNorms)
    .get(desc)
    .loadI32(F.hasInt16)
    .op(OP.i32Or)
    .if(() => void f.get(o).get(d).call(ROW_MAX).set(largest));
  field(f, desc, F.hasNorms).if(() => {
    field(f, desc, F.normsPtr).get(i).i32(3).op(OP.i32Shl).op(OP.i32Add);
    f.get(o).get(d).get(largest).call(ROW_NORM).storeF64();
  });
  field(f, desc, F.hasInt16).if(() => void f.get(desc).get(o).get(i).get(largest).call(PACK_ROW));
  return f;
}

/**
 * `projectBlock(descs, count, first, end, xPtr, m)`: rows `first .. end − 1`
 * of the `count` products whose descriptors' addresses are the `i32`s at
 * `descs`, from the rows of `X` laid out from byte `xPtr` (`m` doubles each,
 * row `first` first): per row its nonzeros counted (`countNonzeros`) and each
 * product's row projected (`projectRow`). One call per block, so that the
 * calling JavaScript pays the boundary once per block, not per row.
 */
function projectBlockFunction(): WasmFunction {
  const f = new WasmFunction('projectBlock', [I32, I32, I32, I32, I32, I32]);
  f.nameParams(['descs', 'count', 'first', 'end', 'xPtr', 'm']);
  const [descs, count, first, end, xPtr, m] = [f.param(0), f.param(1), f.param(2), f.param(3), f.param(4), f.param(5)];
  const i = f.local(I32, 'i');
  const row = f.local(I32, 'row');
  const terms = f.local(I32, 'terms');
  const k = f.local(I32, 'k');
  const kEnd = f.local(I32, 'kEnd');
  f.get(descs).get(count).i32(2).op(OP.i32Shl).op(OP.i32Add).set(kEnd);
  f.get(xPtr).set(row);
  f.forUp(
    i,
    () => f.get(first),
    end,
    1,
    () => {
      f.get(row).get(m).call(COUNT_NONZEROS).set(terms);
      f.forUp(
        k,
        () => f.get(descs),
        kEnd,
        4,
        () => void f.get(k).loadI32().get(i).get(row).get(terms).call(PROJECT_ROW),
      );
      f.get(row).get(m).i32(3).op(OP.i32Shl).op(OP.i32Add).set(row);
    },
  );
  return f;
}

/**
 * The bytes of the verifier's projection module: `projectBlock` (rows of
 * `fl(X·P)` with their radii, norms and int16 quantisation, bit for bit as
 * `projectRows` computes them in JavaScript), by way of `projectRow` and
 * `countNonzeros`, with their helpers `pow2`, `floorLog2`, `rowMax`, `rowNorm` and `packRow`. Scalar `f64`
 * arithmetic in `projectRows`'s order: WebAssembly has no fused
 * multiply-add and rounds every operation to nearest, as JavaScript does, so
 * the same operations give the same bits. `O(1)`.
 *
 * @example
 * webAssemblyApi()?.validate(projectionKernelBytes()); // true
 * @throws never.
 */
export function projectionKernelBytes(): Uint8Array {
  return encodeWasmModule(projectionKernelFunctions(), 1, 65536);
}

/** The functions of {@link projectionKernelBytes}, in module order (their names give the kernel's text). `O(1)`. */
export function projectionKernelFunctions(): WasmFunction[] {
  return [
    pow2Function(),
    floorLog2Function(),
    rowMaxFunction(),
    rowNormFunction(),
    packRowFunction(),
    countNonzerosFunction(),
    projectRowFunction(),
    projectBlockFunction(),
  ];
}

const compiled = compileOnce(projectionKernelBytes);

/**
 * The compiled module of {@link projectionKernelBytes}, compiled once and
 * cached; `null` when this engine cannot compile it (the projections then run
 * in JavaScript, with the same results). `O(1)` after the first call.
 *
 * @example
 * projectionKernelModule() !== null; // true on Node 20
 * @throws never.
 */
export function projectionKernelModule(): WasmModuleHandle | null {
  return compiled();
}
