import type { LogitKernel } from '../verification/index.js';
import { choiceOption } from './options.js';

/** The first-pass kernels a user may pick (the verifier's LogitKernel); every one gives the same verdict and figures. */
export const KERNEL_CHOICES: readonly LogitKernel[] = ['auto', 'wasm16', 'wasm32', 'wasm', 'js'];

/**
 * The arguments of commander's `.option(...)` for `--kernel <name>` (default
 * `auto`), checked against {@link KERNEL_CHOICES}: a bad name is a usage
 * error naming the option (exit 2). Shared by `verify` and `sweep`.
 *
 * @example
 * program.command('verify').option(...kernelOption()); // then options.kernel is 'auto' unless given
 * @throws never.
 */
export function kernelOption(): [string, string, (value: string) => LogitKernel, LogitKernel] {
  return [
    '--kernel <name>',
    "the verifier's first-pass kernel: auto (int16 pass for large problems), wasm16 (int16 pass), wasm32 (float32 pass), wasm (float64 WebAssembly), js (float64 JavaScript); the same verdicts and figures, bit for bit",
    choiceOption(KERNEL_CHOICES),
    'auto',
  ];
}
