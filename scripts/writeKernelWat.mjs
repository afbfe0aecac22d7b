// Writes the WebAssembly text of the verifier's kernels (src/verification/_internals/kernel/*.wat) from the
// emitters, after `npm run build`: node scripts/writeKernelWat.mjs. A kernel change is then a reviewable diff
// of text; test/verification/kernelText.test.ts checks the text against the emitters, names and bytes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import { kernelText } from './kernelText.mjs';
import {
  logitsKernelBytes,
  logitsKernelFunctions,
} from '../dist/src/verification/_internals/kernel/logitsKernelModule.js';
import {
  logits32KernelBytes,
  logits32KernelFunctions,
} from '../dist/src/verification/_internals/kernel/logits32KernelModule.js';
import {
  logits16KernelBytes,
  logits16KernelFunctions,
} from '../dist/src/verification/_internals/kernel/logits16KernelModule.js';
import {
  projectionKernelBytes,
  projectionKernelFunctions,
} from '../dist/src/verification/_internals/kernel/projectionKernelModule.js';

const wabt = await initWabt();
const kernels = [
  ['logitsKernel.wat', logitsKernelBytes(), logitsKernelFunctions()],
  ['logits32Kernel.wat', logits32KernelBytes(), logits32KernelFunctions()],
  ['logits16Kernel.wat', logits16KernelBytes(), logits16KernelFunctions()],
  ['projectionKernel.wat', projectionKernelBytes(), projectionKernelFunctions()],
];
for (const [name, bytes, functions] of kernels) {
  const file = fileURLToPath(new URL(`../src/verification/_internals/kernel/${name}`, import.meta.url));
  writeFileSync(file, kernelText(wabt, bytes, functions));
  console.log(`wrote ${file} (${bytes.length} bytes of WebAssembly)`);
}
