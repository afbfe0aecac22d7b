import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import { describe, expect, it } from 'vitest';
import { logits32KernelBytes } from '../../src/verification/_internals/kernel/logits32KernelModule.js';
import { logitsKernelBytes } from '../../src/verification/_internals/kernel/logitsKernelModule.js';

const FEATURES = { simd: true, threads: true };

/** The checked-in text of a kernel, assembled by wabt's wat2wasm. */
async function assemble(name: string): Promise<Uint8Array> {
  const wabt = await initWabt();
  const path = fileURLToPath(new URL(`../../src/verification/_internals/kernel/${name}`, import.meta.url));
  const module = wabt.parseWat(name, readFileSync(path, 'utf8'), FEATURES);
  try {
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

// A kernel change must come with its text (node scripts/writeKernelWat.mjs after npm run build): the diff of the
// .wat file is what a reviewer reads. Exact byte equality, no tolerance.
describe('the kernels as WebAssembly text', () => {
  it.each([
    ['logitsKernel.wat', logitsKernelBytes],
    ['logits32Kernel.wat', logits32KernelBytes],
  ] as const)('%s assembles to exactly the bytes the emitter writes', async (name, emit) => {
    const emitted = emit();
    const assembled = await assemble(name);
    expect(assembled.length).toBe(emitted.length);
    expect(Buffer.from(assembled).equals(Buffer.from(emitted))).toBe(true);
  });
});
