import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireKernelMemory,
  idleKernelMemoryBytes,
  releaseIdleKernelMemory,
  releaseKernelMemory,
  WASM_PAGE_BYTES,
} from '../../src/verification/_internals/kernel/kernelMemory.js';
import type { SharedWasmMemory } from '../../src/verification/_internals/kernel/webAssemblyApi.js';

// The pool of shared WebAssembly memories behind the logit kernel: best fit among the idle ones, else the
// largest grown in place, else a new one; at most four idle memories kept, the largest ones. The kernel's
// results do not depend on which memory it gets, so the policy is checked here, through object identity
// and the pool's size, not through verdicts.

const PAGE = WASM_PAGE_BYTES;

afterEach(() => releaseIdleKernelMemory());

/** A fresh memory of exactly `pages` pages (the pool emptied first, so it is new). */
function fresh(pages: number): SharedWasmMemory {
  releaseIdleKernelMemory();
  const m = acquireKernelMemory(pages * PAGE)!;
  expect(m.buffer.byteLength).toBe(pages * PAGE);
  return m;
}

describe('kernel memory pool', () => {
  it('gives at least the bytes asked for, rounded up to whole pages; null beyond a 32-bit memory', () => {
    releaseIdleKernelMemory();
    const m = acquireKernelMemory(PAGE + 1)!;
    expect(m.buffer.byteLength).toBe(2 * PAGE);
    expect(acquireKernelMemory(65536 * PAGE)).toBeNull(); // 4 GiB: one page more than 32 bits address
  });

  it('reuses the best fit: the smallest idle memory that is large enough', () => {
    const [one, four, sixteen] = [fresh(1), fresh(4), fresh(16)];
    for (const m of [one, four, sixteen]) releaseKernelMemory(m);
    expect(idleKernelMemoryBytes()).toBe(21 * PAGE);
    expect(acquireKernelMemory(4 * PAGE)).toBe(four); // exactly large enough counts
    releaseKernelMemory(four);
    expect(acquireKernelMemory(2 * PAGE)).toBe(four);
    expect(acquireKernelMemory(4 * PAGE)).toBe(sixteen); // four is taken; sixteen is the only one large enough
    expect(acquireKernelMemory(PAGE)).toBe(one);
    expect(idleKernelMemoryBytes()).toBe(0);
  });

  it('grows the largest idle memory in place when none is large enough', () => {
    const [two, three] = [fresh(2), fresh(3)];
    releaseKernelMemory(two);
    releaseKernelMemory(three);
    const m = acquireKernelMemory(10 * PAGE)!;
    expect(m).toBe(three);
    expect(m.buffer.byteLength).toBe(10 * PAGE);
    expect(idleKernelMemoryBytes()).toBe(2 * PAGE);
  });

  it('keeps at most four idle memories, dropping the smallest; a memory released twice is kept once', () => {
    const ms = [fresh(5), fresh(1), fresh(3), fresh(2), fresh(4)] as const;
    for (const m of ms) releaseKernelMemory(m);
    expect(idleKernelMemoryBytes()).toBe((5 + 3 + 2 + 4) * PAGE); // the 1-page one dropped
    releaseKernelMemory(ms[0]);
    expect(idleKernelMemoryBytes()).toBe((5 + 3 + 2 + 4) * PAGE);
    releaseIdleKernelMemory();
    expect(idleKernelMemoryBytes()).toBe(0);
  });
});
