import { describe, expect, it } from 'vitest';
import { webAssemblyApi } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import {
  encodeWasmModule,
  F64,
  I32,
  OP,
  SIMD,
  V128,
  WasmFunction,
} from '../../src/verification/_internals/kernel/wasmModule.js';

const api = webAssemblyApi()!;

/** Compiles `functions` against a fresh one-page shared memory; returns the exports and the memory's doubles. */
function instantiate(functions: WasmFunction[]): {
  exports: Record<string, (...args: number[]) => number>;
  f64: Float64Array;
} {
  const bytes = encodeWasmModule(functions, 1, 65536);
  expect(api.validate(bytes)).toBe(true);
  const memory = new api.Memory({ initial: 1, maximum: 1, shared: true });
  const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
  return {
    exports: instance.exports as Record<string, (...args: number[]) => number>,
    f64: new Float64Array(memory.buffer),
  };
}

describe('encodeWasmModule and WasmFunction (the hand-written WebAssembly emitter)', () => {
  it('is available on this engine (Node 20: WebAssembly with SIMD and shared memory)', () => {
    expect(api).not.toBeNull();
  });

  it('encodes i32 constants of every LEB128 length and sign, and f64 constants bit for bit', () => {
    const ints = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8193, 2 ** 31 - 1, -(2 ** 31)];
    const doubles = [0, -0, Math.PI, -1e-310, Number.MAX_VALUE, -Infinity, 2 ** -1074];
    const functions = [
      ...ints.map((v, k) => new WasmFunction(`i${k}`, [], [I32]).i32(v)),
      ...doubles.map((v, k) => new WasmFunction(`f${k}`, [], [F64]).f64(v)),
    ];
    const { exports } = instantiate(functions);
    ints.forEach((v, k) => expect(exports[`i${k}`]!()).toBe(v));
    doubles.forEach((v, k) => expect(Object.is(exports[`f${k}`]!(), v)).toBe(true));
  });

  it('runs counted loops (including empty ones), calls and locals', () => {
    // sum(n) = 0 + 1 + … + (n − 1) with forUp; twice(n) = sum(n) + sum(n) through call.
    const sum = new WasmFunction('sum', [I32], [I32]);
    const k = sum.local(I32);
    const acc = sum.local(I32);
    sum.i32(0).set(acc);
    sum.forUp(
      k,
      () => sum.i32(0),
      sum.param(0),
      1,
      () => void sum.get(acc).get(k).op(OP.i32Add).set(acc),
    );
    sum.get(acc);
    const twice = new WasmFunction('twice', [I32], [I32]);
    twice.get(0).call(0).get(0).call(0).op(OP.i32Add);
    const { exports } = instantiate([sum, twice]);
    expect(exports['sum']!(0)).toBe(0);
    expect(exports['sum']!(1)).toBe(0);
    expect(exports['sum']!(100)).toBe(4950);
    expect(exports['twice']!(10)).toBe(90);
  });

  it('stores f64x2 products and sums lane by lane, with loads, splats and memarg offsets', () => {
    // mem[2..3] = (mem[0..1] * splat(mem[4])) + splat(x)
    const f = new WasmFunction('axpy', [F64]);
    const v = f.local(V128);
    f.i32(0).loadV128(0).i32(0).loadSplatF64(32).simd(SIMD.f64x2Mul).set(v);
    f.i32(0).get(v).get(0).simd(SIMD.f64x2Splat).simd(SIMD.f64x2Add).storeV128(16);
    const { exports, f64 } = instantiate([f]);
    f64.set([1.5, -2, 0, 0, 3]);
    exports['axpy']!(0.25);
    expect(Array.from(f64.subarray(0, 5))).toEqual([1.5, -2, 1.5 * 3 + 0.25, -2 * 3 + 0.25, 3]);
  });

  it('rejects impossible memory limits and unknown parameters', () => {
    expect(() => encodeWasmModule([], 2, 1)).toThrow(RangeError);
    expect(() => encodeWasmModule([], 0, 65537)).toThrow(RangeError);
    expect(() => encodeWasmModule([], 0.5, 1)).toThrow(RangeError);
    expect(() => new WasmFunction('f', [I32]).param(1)).toThrow(RangeError);
  });
});
