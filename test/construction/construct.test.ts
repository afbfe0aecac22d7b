import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { constructionNamed } from '../../src/harness/constructions.js';
import { certificateNumbers, construct, MAX_CERTIFICATE_NUMBERS } from '../../src/construction/construct.js';
import type { ConstructionParams } from '../../src/construction/constructionParams.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { checkCertificateShapes, type Certificate } from '../../src/certificates/certificate.js';
import { fillGaussian } from '../../src/random/gaussian.js';
import { fillRademacher } from '../../src/random/rademacher.js';
import { createRandom } from '../../src/random/randomSource.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { denseLogits, randomTarget, sameBytes, scaleRows, toMl } from './helpers.js';

const base = { epsilon: 0.5, gamma: 0.5 };
const DELTA = Math.log(2) + Math.log(1.5);
const layouts = ['projected', 'fixed'] as const;
const projections = ['gaussian', 'rademacher'] as const;

/** The columns [from, to) of a DenseMatrix, as an ml-matrix. */
function columns(m: Certificate['X'], from: number, to: number): Matrix {
  return toMl(m).subMatrix(0, m.rows - 1, from, to - 1);
}

/** G redrawn independently, following the documented replay order. */
function replayG(L: number, d: number, seed: number, projection: 'gaussian' | 'rademacher'): Float64Array {
  const out = new Float64Array(L * d);
  return projection === 'gaussian'
    ? fillGaussian(createRandom(seed), out, 1 / Math.sqrt(d))
    : fillRademacher(createRandom(seed), out, 1 / Math.sqrt(d));
}

function allSame(a: Certificate, b: Certificate): boolean {
  return sameBytes(a.X.data, b.X.data) && sameBytes(a.WQ.data, b.WQ.data) && sameBytes(a.WK.data, b.WK.data);
}

describe('construct', () => {
  describe.each(layouts)('layout %s', (layout) => {
    it.each(projections)('gives logits (X WQ)(X WK)^T / sqrt(d) = B G G^T (%s)', (projection) => {
      const L = 20;
      const d = 12;
      const seed = 31;
      const W = randomTarget(L, 3, 4);
      const cert = construct(W, { ...base, d, seed, layout, projection });
      checkCertificateShapes(cert, L);
      expect(cert.X.cols).toBe(layout === 'projected' ? 2 * d : 2 * L);
      expect(cert).toMatchObject({ d, seed, layout, projection });

      const X = toMl(cert.X);
      const C = X.mmul(toMl(cert.WQ))
        .mmul(X.mmul(toMl(cert.WK)).transpose())
        .div(Math.sqrt(d));
      const B = denseLogits(W, DELTA);
      const G = new Matrix(L, d);
      const g = replayG(L, d, seed, projection);
      for (let t = 0; t < L * d; t++) G.set(Math.floor(t / d), t % d, g[t]!);
      const want = B.mmul(G).mmul(G.transpose());
      // Natural scale of the rounding error of a product of sums: (|B| |G| |G|^T)_ij.
      // Error <= ~(L + 2d)·u·scale ≈ 1e-14·scale; tolerance 1e-12·scale leaves a wide margin
      // while any structural mistake (a missing sqrt(d), a wrong block) is O(scale).
      const scale = B.abs().mmul(G.abs()).mmul(G.abs().transpose());
      for (let i = 0; i < L; i++)
        for (let j = 0; j < L; j++)
          expect(Math.abs(C.get(i, j) - want.get(i, j))).toBeLessThanOrEqual(1e-12 * scale.get(i, j));
    });

    it('is bit-identical for the same seed and differs for another seed', () => {
      const W = randomTarget(16, 2, 5);
      const a = construct(W, { ...base, d: 8, seed: 1, layout });
      const b = construct(W, { ...base, d: 8, seed: 1, layout });
      const c = construct(W, { ...base, d: 8, seed: 2, layout });
      expect(allSame(a, b)).toBe(true);
      expect(allSame(a, c)).toBe(false);
      // The random part itself differs (X for projected, WQ/WK for fixed).
      if (layout === 'projected') expect(sameBytes(a.X.data, c.X.data)).toBe(false);
      else expect(sameBytes(a.WK.data, c.WK.data)).toBe(false);
    });

    it('gives the same certificate for rows scaled by 1e300 or 1e-300 (B depends only on ratios)', () => {
      const L = 30;
      const d = 16;
      const W = randomTarget(L, 4, 6);
      const scaled = scaleRows(W, (i) => (i % 3 === 0 ? 1e300 : i % 3 === 1 ? 1e-300 : 1));
      const a = construct(W, { ...base, d, seed: 9, layout });
      const b = construct(scaled, { ...base, d, seed: 9, layout });
      expect(sameBytes(a.WQ.data, b.WQ.data) && sameBytes(a.WK.data, b.WK.data)).toBe(true);
      // X depends on B linearly; B moves by at most 1e-12 absolute under the scaling (logs of
      // ~±691 carry ulps of 1.1e-13). So entry (i, k) of X may move by 1e-12 times the size of
      // what multiplies B there: sqrt(d)·Σ_j |G_jk| over row i's support (projected), 1 (fixed).
      const G = replayG(L, d, 9, 'gaussian');
      const m = a.X.cols;
      for (let i = 0; i < L; i++) {
        for (let k = 0; k < m; k++) {
          let weight = 1;
          if (layout === 'projected' && k < d) {
            weight = 0;
            for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) weight += Math.abs(G[W.colIdx[p]! * d + k]!);
            weight *= Math.sqrt(d);
          }
          expect(Math.abs(a.X.data[i * m + k]! - b.X.data[i * m + k]!)).toBeLessThanOrEqual(1e-12 * weight);
        }
      }
    });
  });

  it('projected: X = [sqrt(d)·BG | G] with G in the documented draw order, WQ = [I; 0], WK = [0; I]', () => {
    const L = 9;
    const d = 5;
    const W = randomTarget(L, 2, 7);
    const cert = construct(W, { ...base, d, seed: 77 });
    expect(cert.layout).toBe('projected');
    expect(cert.projection).toBe('gaussian');
    const G = replayG(L, d, 77, 'gaussian');
    for (let i = 0; i < L; i++) for (let k = 0; k < d; k++) expect(cert.X.data[i * 2 * d + d + k]).toBe(G[i * d + k]);
    const I = Matrix.eye(d, d);
    const Z = Matrix.zeros(d, d);
    expect(toMl(cert.WQ).to2DArray()).toEqual(I.to2DArray().concat(Z.to2DArray()));
    expect(toMl(cert.WK).to2DArray()).toEqual(Z.to2DArray().concat(I.to2DArray()));
    // First block: sqrt(d)·(B G); tolerance 1e-13 times sqrt(d)·(|B||G|), the rounding scale.
    const B = denseLogits(W, DELTA);
    const Gm = new Matrix(L, d);
    for (let t = 0; t < L * d; t++) Gm.set(Math.floor(t / d), t % d, G[t]!);
    const want = B.mmul(Gm).mul(Math.sqrt(d));
    const scale = B.abs().mmul(Gm.abs()).mul(Math.sqrt(d));
    const got = columns(cert.X, 0, d);
    for (let i = 0; i < L; i++)
      for (let k = 0; k < d; k++)
        expect(Math.abs(got.get(i, k) - want.get(i, k))).toBeLessThanOrEqual(1e-13 * scale.get(i, k));
  });

  it('fixed: X = [B | I_L], WQ = [sqrt(d)·G; 0], WK = [0; G]', () => {
    const L = 8;
    const d = 6;
    const W = randomTarget(L, 2, 8);
    const cert = construct(W, { ...base, d, seed: 3, layout: 'fixed', projection: 'rademacher' });
    const G = replayG(L, d, 3, 'rademacher');
    const B = denseLogits(W, DELTA);
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        // B itself, tolerance 1e-15 relative (a log-ratio vs a difference of logs).
        expect(Math.abs(cert.X.data[i * 2 * L + j]! - B.get(i, j))).toBeLessThanOrEqual(1e-15 * B.get(i, j));
        expect(cert.X.data[i * 2 * L + L + j]).toBe(i === j ? 1 : 0);
      }
    }
    for (let t = 0; t < L * d; t++) {
      expect(cert.WQ.data[t]).toBe(Math.sqrt(d) * G[t]!);
      expect(cert.WQ.data[L * d + t]).toBe(0);
      expect(cert.WK.data[t]).toBe(0);
      expect(cert.WK.data[L * d + t]).toBe(G[t]);
    }
  });

  it('fixed: one draw serves every target (identical WQ, WK for different targets with the same L, d, seed)', () => {
    const W1 = randomTarget(32, 3, 100);
    const W2 = randomTarget(32, 1, 200, Math.log(1e9));
    for (const projection of projections) {
      const a = construct(W1, { ...base, d: 10, seed: 55, layout: 'fixed', projection });
      const b = construct(W2, { epsilon: 2, gamma: 0.1, d: 10, seed: 55, layout: 'fixed', projection });
      expect(sameBytes(a.WQ.data, b.WQ.data)).toBe(true);
      expect(sameBytes(a.WK.data, b.WK.data)).toBe(true);
      expect(sameBytes(a.X.data, b.X.data)).toBe(false);
    }
  });

  it('a RandomSource passed as random overrides the seed and is not recorded as one', () => {
    const W = randomTarget(12, 2, 13);
    const fromSeed = construct(W, { ...base, d: 4, seed: 21 });
    const fromRandom = construct(W, { ...base, d: 4, random: createRandom(21) });
    expect(allSame(fromSeed, fromRandom)).toBe(true);
    expect(fromRandom.seed).toBeUndefined();
    const overridden = construct(W, { ...base, d: 4, seed: 21, random: createRandom(22) });
    expect(allSame(overridden, construct(W, { ...base, d: 4, seed: 22 }))).toBe(true);
    expect(overridden.seed).toBeUndefined();
  });

  it('paperConstruction is the same function under the name "paper", and "builtin" still finds it on the command line', () => {
    const W = randomTarget(10, 2, 14);
    expect(paperConstruction.name).toBe('paper');
    expect(constructionNamed('builtin')).toBe(paperConstruction);
    expect(constructionNamed('paper')).toBe(paperConstruction);
    expect(
      allSame(paperConstruction.construct(W, { ...base, d: 6, seed: 1 }), construct(W, { ...base, d: 6, seed: 1 })),
    ).toBe(true);
  });

  const W = randomTarget(6, 1, 15);
  const badParams: Array<
    [string, Partial<Record<keyof ConstructionParams, unknown>>, string, typeof InputRangeError | typeof InputTypeError]
  > = [
    ['d = 0', { d: 0 }, 'd', InputRangeError],
    ['d = 1.5', { d: 1.5 }, 'd', InputTypeError],
    ['d missing', { d: undefined }, 'd', InputTypeError],
    ['seed = 1.5', { seed: 1.5 }, 'seed', InputTypeError],
    ['seed = 2^60', { seed: 2 ** 60 }, 'seed', InputTypeError],
    ['seed and random missing', { seed: undefined }, 'seed', InputTypeError],
    ['random without next', { random: {} }, 'random', InputTypeError],
    ['layout = "dense"', { layout: 'dense' }, 'layout', InputRangeError],
    ['projection = "cauchy"', { projection: 'cauchy' }, 'projection', InputRangeError],
    ['epsilon = -1', { epsilon: -1 }, 'epsilon', InputRangeError],
    ['gamma = 1.5', { gamma: 1.5 }, 'gamma', InputRangeError],
  ];
  it.each(badParams)('rejects %s up front, naming the field', (_name, change, field, type) => {
    const params = { ...base, d: 4, seed: 1, ...change } as ConstructionParams;
    let caught: unknown;
    try {
      construct(W, params);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(type);
    expect((caught as InputRangeError).location.field).toBe(field);
  });

  it('refuses a d whose certificate would hold more than MAX_CERTIFICATE_NUMBERS numbers, before allocating it', () => {
    const W = randomTarget(8, 1, 5);
    // projected: 8·2d + 2·2d·d; the largest d inside the limit is built, the next one refused
    expect(certificateNumbers(8, 16, 'projected')).toBe(8 * 32 + 2 * 32 * 16);
    expect(certificateNumbers(8, 16, 'fixed')).toBe(8 * 16 + 2 * 16 * 16);
    let d = 1;
    while (certificateNumbers(8, d + 1, 'projected') <= MAX_CERTIFICATE_NUMBERS) d++;
    expect(d).toBe(5790); // 4d² + 16d <= 2^27: 134189040 at 5790, 134235380 at 5791
    const refuse = (dd: number, layout: 'projected' | 'fixed') => () =>
      construct(W, { epsilon: 0.5, gamma: 0.5, d: dd, seed: 1, layout });
    expect(refuse(d + 1, 'projected')).toThrow(InputRangeError);
    expect(refuse(d + 1, 'projected')).toThrow(
      /^d: a projected certificate for L = 8 and d = 5791 would hold 1\.342e\+8 numbers, more than the 134217728 \(1 GiB of doubles\) attnproof builds$/,
    );
    expect(refuse(1e8, 'projected')).toThrow(/would hold 4\.000e\+16 numbers/); // answered at once: measured 11.9 GB before the limit
    // the fixed layout's size depends on L as well: 8·16 + 2·16·d
    expect(refuse(2 ** 22, 'fixed')).toThrow(/^d: a fixed certificate for L = 8 and d = 4194304 would hold/);
  });

  it('rejects something that is not a SparseTarget', () => {
    expect(() => construct({ L: 2 } as unknown as SparseTarget, { ...base, d: 4, seed: 1 })).toThrow(TypeError);
  });

  it('never imports src/verification (the verifier must be independent of what it checks)', () => {
    const dir = fileURLToPath(new URL('../../src/construction/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(readFileSync(dir + file, 'utf8')).not.toMatch(/from\s+['"][^'"]*verification/);
  });
});
