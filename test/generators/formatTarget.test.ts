import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { formatTarget, sparseTarget } from '../../src/generators/index.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';

const W = SparseTarget.fromEntries(3, [
  [0, 1, 0.5],
  [0, 2, 2],
  [1, 0, 1],
  [2, 2, 1e-300],
]);

describe('formatTarget', () => {
  it('prints L, sparsity, kappa and every row', () => {
    expect(formatTarget(W)).toBe('L=3 S=2 kappa=4 | 0:[1:0.5, 2:2] 1:[0:1] 2:[2:1e-300]');
  });

  it('summarises rows past maxRows (number or option)', () => {
    expect(formatTarget(W, 1)).toBe('L=3 S=2 kappa=4 | 0:[1:0.5, 2:2] … (+2 rows)');
    expect(formatTarget(W, { maxRows: 2 })).toBe('L=3 S=2 kappa=4 | 0:[1:0.5, 2:2] 1:[0:1] … (+1 row)');
    expect(formatTarget(W, Infinity)).toBe(formatTarget(W));
  });

  it('rounds to 4 significant digits by default, and is lossless on request', () => {
    const V = SparseTarget.fromEntries(2, [
      [0, 0, 1 / 3],
      [0, 1, 1e-200 / 7],
      [1, 1, Math.PI],
    ]);
    // kappa = (1/3) / (1e-200/7) = (7/3)e200.
    expect(formatTarget(V)).toBe('L=2 S=2 kappa=2.333e+200 | 0:[0:0.3333, 1:1.429e-201] 1:[1:3.142]');
    expect(formatTarget(V, { lossless: true })).toBe(
      `L=2 S=2 kappa=${V.kappa} | 0:[0:${1 / 3}, 1:${1e-200 / 7}] 1:[1:${Math.PI}]`,
    );
  });

  it('prints kappa through its logarithm when it overflows a double', () => {
    const V = SparseTarget.fromEntries(2, [
      [0, 0, 1e-300],
      [0, 1, 1e300],
      [1, 1, 1],
    ]);
    expect(V.kappa).toBe(Infinity);
    // ln(1e600) = 1381.55..., printed to 4 significant digits; lossless prints it in full.
    expect(formatTarget(V)).toBe('L=2 S=2 kappa=exp(1382) | 0:[0:1e-300, 1:1e+300] 1:[1:1]');
    expect(formatTarget(V, { lossless: true })).toContain(`kappa=exp(${V.logKappa}) |`);
  });

  it('lossless output rebuilds the exact target (generated targets)', () => {
    fc.assert(
      fc.property(sparseTarget({ S: 3, maxL: 20 }), (T) => {
        const text = formatTarget(T, { maxRows: Infinity, lossless: true });
        const entries: Array<[number, number, number]> = [];
        for (const [, row, cells] of text.matchAll(/(\d+):\[([^\]]*)\]/g))
          for (const cell of cells!.split(', ')) {
            const [col, value] = cell.split(':');
            entries.push([Number(row), Number(col), Number(value)]);
          }
        expect(SparseTarget.fromEntries(T.L, entries).entries()).toStrictEqual(T.entries());
      }),
      { seed: 17, numRuns: 100 },
    );
  });

  it.each([
    [0, InputRangeError],
    [1.5, InputRangeError],
    [NaN, InputRangeError],
    [{ lossless: 'yes' }, InputTypeError],
    [null, InputTypeError],
  ])('rejects options %s', (options, type) => {
    expect(() => formatTarget(W, options as never)).toThrow(type);
  });
});
