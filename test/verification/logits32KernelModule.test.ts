import { describe, expect, it, vi } from 'vitest';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { float32Windows } from '../../src/verification/_internals/float32Windows.js';
import { webAssemblyApi } from '../../src/verification/_internals/kernel/webAssemblyApi.js';
import { mat } from './helpers.js';

// Each case imports a fresh copy of the module file (vi.resetModules), so that its process-wide cache
// starts empty and the compilation itself runs inside the test.
describe('logits32KernelModule and logits16KernelModule: the float32 and int16 kernels, compiled once per process', () => {
  it('the module is compiled once, on first use, and then shared', async () => {
    vi.resetModules(); // a fresh copy of the module file, its cache empty
    const fresh = await import('../../src/verification/_internals/kernel/logits32KernelModule.js');
    const module = fresh.logits32KernelModule();
    expect(module).toBeInstanceOf(webAssemblyApi()!.Module);
    expect(fresh.logits32KernelModule()).toBe(module);
    const fresh16 = await import('../../src/verification/_internals/kernel/logits16KernelModule.js');
    const module16 = fresh16.logits16KernelModule();
    expect(module16).toBeInstanceOf(webAssemblyApi()!.Module);
    expect(fresh16.logits16KernelModule()).toBe(module16);
    expect(module16).not.toBe(module);
    // An engine that cannot compile it (no SIMD, say) but has shared memories: null, and no float32 pass.
    const real = webAssemblyApi()!;
    vi.resetModules();
    vi.stubGlobal('WebAssembly', {
      Memory: real.Memory,
      Instance: real.Instance,
      Module: class {
        constructor() {
          throw new Error('no SIMD');
        }
      },
    });
    try {
      const refusing = await import('../../src/verification/_internals/kernel/logits32KernelModule.js');
      expect(refusing.logits32KernelModule()).toBeNull();
      const { WasmLogits32: Refusing } = await import('../../src/verification/_internals/kernel/wasmLogits32.js');
      const Q = mat([[1], [2]]);
      const W = SparseTarget.fromEntries(2, [
        [0, 0, 1],
        [1, 1, 1],
      ]);
      expect(Refusing.create(W, Q, Q, 1, float32Windows(Q, Q)!, { blockRows: 2 })).toBeNull();
      // The int16 kernel likewise: no module, no int16 pass.
      const refusing16 = await import('../../src/verification/_internals/kernel/logits16KernelModule.js');
      expect(refusing16.logits16KernelModule()).toBeNull();
      expect(Refusing.createInt16(W, Q, Q, 1, { blockRows: 2 })).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
