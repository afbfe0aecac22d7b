/**
 * A minimal WebAssembly binary emitter, just enough for the verifier's
 * kernels (see {@link logitsKernelModule}, {@link projectionKernelModule}): one imported shared memory, `i32`, `i64`,
 * `f64` and `v128` locals, structured loops, loads and stores, and the few
 * `f64x2` and `f32x4` SIMD instructions a dot-product kernel needs. Writing the bytes
 * ourselves keeps the project free of a WebAssembly toolchain; the format is
 * the WebAssembly 2.0 binary format (core spec §5 plus the fixed-width SIMD
 * proposal, opcodes prefixed `0xfd`).
 */

import { F32, F64, I32, I64, OP, SIMD, V128, type ValueType } from './wasmOpcodes.js';

export { F32, F64, I32, I64, OP, SIMD, V128, type ValueType };

/** Unsigned LEB128 encoding of a non-negative integer below 2^32. */
function uleb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 encoding of a 32-bit integer. */
function sleb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/**
 * Body of one function under construction: parameters, declared locals and the
 * instruction bytes, with one method per instruction used by the kernels.
 * Loads and stores take a static byte `offset` (the memarg offset) and use the
 * natural alignment of their type.
 */
export class WasmFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  private readonly locals: ValueType[] = [];
  private readonly code: number[] = [];
  /** Names of parameters and locals, for the kernel's text (src/verification/_internals/kernel/*.wat); not emitted. */
  private readonly names = new Map<number, string>();

  constructor(name: string, params: readonly ValueType[], results: readonly ValueType[] = []) {
    this.name = name;
    this.params = params;
    this.results = results;
  }

  /** Index of parameter `k`. */
  param(k: number): number {
    if (!(k >= 0 && k < this.params.length)) throw new RangeError(`function ${this.name} has no parameter ${k}`);
    return k;
  }

  /** Declares a new local of type `type` (named `name` in the kernel's text) and returns its index. */
  local(type: ValueType, name?: string): number {
    this.locals.push(type);
    const index = this.params.length + this.locals.length - 1;
    if (name !== undefined) this.names.set(index, name);
    return index;
  }

  /** Names the parameters, in order, for the kernel's text. */
  nameParams(names: readonly string[]): void {
    if (names.length !== this.params.length)
      throw new RangeError(`function ${this.name} has ${this.params.length} parameters, got ${names.length} names`);
    names.forEach((name, k) => this.names.set(k, name));
  }

  /** The names given to parameters and locals, by index. */
  get localNames(): ReadonlyMap<number, string> {
    return this.names;
  }

  /** Raw opcodes (from {@link OP}). */
  op(...codes: number[]): this {
    this.code.push(...codes);
    return this;
  }

  /** A SIMD instruction without immediates (from {@link SIMD}). */
  simd(code: number): this {
    this.code.push(0xfd);
    uleb(code, this.code);
    return this;
  }

  /** `i32.trunc_sat_f64_s`: the double on the stack truncated towards zero to an `i32`, saturating (NaN gives 0). */
  truncSatF64(): this {
    this.code.push(0xfc);
    uleb(2, this.code);
    return this;
  }

  /** `f32x4.extract_lane lane`: lane `lane` (0–3) of the vector on the stack, as an `f32`. */
  extractF32(lane: number): this {
    this.code.push(0xfd);
    uleb(31, this.code);
    this.code.push(lane);
    return this;
  }

  /** An instruction followed by one unsigned LEB128 immediate (a local, function or branch-depth index). */
  private indexed(opcode: number, index: number): this {
    this.code.push(opcode);
    uleb(index, this.code);
    return this;
  }

  get(index: number): this {
    return this.indexed(0x20, index);
  }

  set(index: number): this {
    return this.indexed(0x21, index);
  }

  tee(index: number): this {
    return this.indexed(0x22, index);
  }

  i32(value: number): this {
    this.code.push(0x41);
    sleb(value, this.code);
    return this;
  }

  f32(value: number): this {
    this.code.push(0x43);
    this.code.push(...new Uint8Array(new Float32Array([value]).buffer));
    return this;
  }

  f64(value: number): this {
    this.code.push(0x44);
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    this.code.push(...bytes);
    return this;
  }

  /** A load or store: its opcode bytes, then the memarg (log2 of the alignment, static byte offset). */
  private memory(opcode: readonly number[], align: number, offset: number): this {
    this.code.push(...opcode);
    uleb(align, this.code);
    uleb(offset, this.code);
    return this;
  }

  loadI32(offset = 0): this {
    return this.memory([0x28], 2, offset);
  }

  /** `i32.load8_u`: one byte, zero-extended. */
  loadU8(offset = 0): this {
    return this.memory([0x2d], 0, offset);
  }

  loadF32(offset = 0): this {
    return this.memory([0x2a], 2, offset);
  }

  loadF64(offset = 0): this {
    return this.memory([0x2b], 3, offset);
  }

  storeI32(offset = 0): this {
    return this.memory([0x36], 2, offset);
  }

  storeF32(offset = 0): this {
    return this.memory([0x38], 2, offset);
  }

  storeF64(offset = 0): this {
    return this.memory([0x39], 3, offset);
  }

  /** `v128.load`. */
  loadV128(offset = 0): this {
    return this.memory([0xfd, 0], 4, offset);
  }

  /** `v128.load32_splat`: one single loaded into all four lanes. */
  loadSplatF32(offset = 0): this {
    return this.memory([0xfd, 9], 2, offset);
  }

  /** `v128.load64_splat`: one double loaded into both lanes. */
  loadSplatF64(offset = 0): this {
    return this.memory([0xfd, 10], 3, offset);
  }

  /** `v128.store`. */
  storeV128(offset = 0): this {
    return this.memory([0xfd, 11], 4, offset);
  }

  /** A structured instruction without result (`block`, `loop`): its opcode, empty block type, body, `end`. */
  private structured(opcode: number, body: () => void): this {
    this.code.push(opcode, 0x40);
    body();
    this.code.push(0x0b);
    return this;
  }

  /** `block … end` (no result); `br 0` inside jumps to its end. */
  block(body: () => void): this {
    return this.structured(0x02, body);
  }

  /** `loop … end` (no result); `br 0` inside jumps to its start. */
  loop(body: () => void): this {
    return this.structured(0x03, body);
  }

  /** `if … else … end` on the `i32` on the stack. */
  if(then: () => void, otherwise?: () => void): this {
    return this.structured(0x04, () => {
      then();
      if (otherwise !== undefined) {
        this.code.push(0x05);
        otherwise();
      }
    });
  }

  /** `call` of function number `index` (functions are numbered in module order, from 0). */
  call(index: number): this {
    return this.indexed(0x10, index);
  }

  br(depth: number): this {
    return this.indexed(0x0c, depth);
  }

  brIf(depth: number): this {
    return this.indexed(0x0d, depth);
  }

  /**
   * `for (counter = from; counter <u to; counter += step) body()` on `i32`
   * locals (`to` a local index): the body runs inside a `loop` nested in a
   * `block`, so within it `br 1` is `break`. Unsigned comparison, so byte
   * addresses up to 2^32 work as counters.
   */
  forUp(counter: number, from: () => void, to: number, step: number, body: () => void): this {
    from();
    this.set(counter);
    return this.block(() => {
      this.get(counter).get(to).op(OP.i32GeU).brIf(0);
      this.loop(() => {
        body();
        this.get(counter).i32(step).op(OP.i32Add).tee(counter);
        this.get(to).op(OP.i32LtU).brIf(0);
      });
    });
  }

  /** The function's code entry (locals and body), as in the code section. */
  encodeBody(): number[] {
    const out: number[] = [];
    // Locals, run-length encoded by type.
    const runs: [number, ValueType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(runs.length, out);
    for (const [n, t] of runs) {
      uleb(n, out);
      out.push(t);
    }
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(out.length, sized);
    return sized.concat(out);
  }
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  uleb(content.length, out);
  for (const b of content) out.push(b);
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/**
 * Encodes a module that imports one shared memory `env.memory` (limits
 * `minPages..maxPages`, 64 KiB pages) and exports the given functions by
 * name. Every function gets its own type entry. `O(total code size)`.
 *
 * @example
 * const f = new WasmFunction('add', [I32, I32], [I32]);
 * f.get(0).get(1).op(OP.i32Add);
 * const bytes = encodeWasmModule([f], 1, 1);
 * WebAssembly.validate(bytes); // true
 * @throws {RangeError} when the page limits are not integers with `0 <= minPages <= maxPages <= 65536`.
 */
export function encodeWasmModule(functions: readonly WasmFunction[], minPages: number, maxPages: number): Uint8Array {
  if (
    !Number.isInteger(minPages) ||
    !Number.isInteger(maxPages) ||
    minPages < 0 ||
    minPages > maxPages ||
    maxPages > 65536
  )
    throw new RangeError(`memory limits ${minPages}..${maxPages} pages are not valid`);
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(functions.length, types);
  for (const f of functions) {
    types.push(0x60);
    uleb(f.params.length, types);
    types.push(...f.params);
    uleb(f.results.length, types);
    types.push(...f.results);
  }
  section(1, types, out);
  const imports: number[] = [1];
  name('env', imports);
  name('memory', imports);
  imports.push(0x02, 0x03); // memory, limits flag 3 = shared with maximum
  uleb(minPages, imports);
  uleb(maxPages, imports);
  section(2, imports, out);
  const funcs: number[] = [];
  uleb(functions.length, funcs);
  functions.forEach((_, k) => uleb(k, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  uleb(functions.length, exports);
  functions.forEach((f, k) => {
    name(f.name, exports);
    exports.push(0x00);
    uleb(k, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  uleb(functions.length, code);
  for (const f of functions) code.push(...f.encodeBody());
  section(10, code, out);
  return Uint8Array.from(out);
}
