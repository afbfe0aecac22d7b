import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import { describe, expect, it } from 'vitest';
import { KERNEL_FEATURES, kernelText } from '../../scripts/kernelText.mjs';
import {
  logits32KernelBytes,
  logits32KernelFunctions,
} from '../../src/verification/_internals/kernel/logits32KernelModule.js';
import {
  logits16KernelBytes,
  logits16KernelFunctions,
} from '../../src/verification/_internals/kernel/logits16KernelModule.js';
import {
  logitsKernelBytes,
  logitsKernelFunctions,
} from '../../src/verification/_internals/kernel/logitsKernelModule.js';
import {
  projectionKernelBytes,
  projectionKernelFunctions,
} from '../../src/verification/_internals/kernel/projectionKernelModule.js';

const wabt = await initWabt();

/** The checked-in text of a kernel. */
function checkedIn(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../src/verification/_internals/kernel/${name}`, import.meta.url)),
    'utf8',
  );
}

/** `text` assembled by wabt's wat2wasm (names are not written into the binary). */
function assemble(name: string, text: string): Uint8Array {
  const module = wabt.parseWat(name, text, KERNEL_FEATURES);
  try {
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

// A kernel change must come with its text (npm run build && node scripts/writeKernelWat.mjs): the diff of the
// .wat file is what a reviewer reads. Exact equality of bytes and of text, no tolerance.
describe.each([
  ['logitsKernel.wat', logitsKernelBytes, logitsKernelFunctions],
  ['logits32Kernel.wat', logits32KernelBytes, logits32KernelFunctions],
  ['logits16Kernel.wat', logits16KernelBytes, logits16KernelFunctions],
  ['projectionKernel.wat', projectionKernelBytes, projectionKernelFunctions],
] as const)('the kernel as WebAssembly text, %s', (name, emit, functions) => {
  it('assembles to exactly the bytes the emitter writes', () => {
    expect(Buffer.from(assemble(name, checkedIn(name))).equals(Buffer.from(emit()))).toBe(true);
  });

  it("is the emitter's module with the emitter's names for parameters and locals", () => {
    expect(checkedIn(name)).toBe(kernelText(wabt, emit(), functions()));
    expect(checkedIn(name)).toMatch(name.startsWith('projection') ? /\(param \$desc i32\)/ : /\(param \$outPtr i32\)/);
  });
});
