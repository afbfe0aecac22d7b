/** Types of scripts/kernelText.mjs. */
export declare const KERNEL_FEATURES: { readonly simd: true; readonly threads: true };
export declare function kernelText(
  wabt: Awaited<ReturnType<typeof import('wabt').default>>,
  bytes: Uint8Array,
  functions: ReadonlyArray<{ readonly localNames: ReadonlyMap<number, string> }>,
): string;
