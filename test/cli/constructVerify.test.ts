import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  FIXTURES,
  jsonOut,
  literal,
  readJson,
  temporaryDirectory,
  writeJson,
  type CertificateFile,
} from './helpers.js';

// Precision of the end-to-end runs on the 256×256 fixture. epsilon = 10, gamma = 0.9 keep d* = O(1400)
// for S = 2 and kappa = 4, so the certificate file stays around 30 MB; at epsilon = 0.9 d* is about 5600
// and the projected layout's dense WQ, WK (2d×d each) make the file about 300 MB, too slow for a unit test.
const EPSILON = 10;
const GAMMA = 0.9;
const DELTA = 0.1;

interface TargetFile {
  L: number;
  entries: [number, number, number][];
}

/** Row `i` of the target: its support (columns in increasing order) and the weights there. */
function supportOf(target: TargetFile, i: number): Map<number, number> {
  return new Map(
    target.entries
      .filter((e) => e[0] === i)
      .sort((a, b) => a[1] - b[1])
      .map((e) => [e[1], e[2]]),
  );
}

/**
 * Logit `C_ij = (X_i WQ)·(X_j WK) / sqrt(d)` from the certificate's own matrices by plain summation, with
 * a bound on its rounding error: for naive sums of n products, |error| <= n·u·Σ|terms| / (1 − n·u)
 * (Higham, Accuracy and Stability, §3.1); we use 2·n·u with n = m + d, covering both the projections
 * X_i WQ, X_j WK (m terms each) and the final dot product (d terms).
 */
function logit(cert: CertificateFile, i: number, j: number): { value: number; error: number } {
  const m = cert.X[0]!.length;
  const q = new Float64Array(cert.d);
  const k = new Float64Array(cert.d);
  const qAbs = new Float64Array(cert.d);
  const kAbs = new Float64Array(cert.d);
  for (let r = 0; r < m; r++) {
    const xi = cert.X[i]![r]!;
    const xj = cert.X[j]![r]!;
    for (let c = 0; c < cert.d; c++) {
      q[c]! += xi * cert.WQ[r]![c]!;
      k[c]! += xj * cert.WK[r]![c]!;
      qAbs[c]! += Math.abs(xi * cert.WQ[r]![c]!);
      kAbs[c]! += Math.abs(xj * cert.WK[r]![c]!);
    }
  }
  let dot = 0;
  let magnitude = 0;
  for (let c = 0; c < cert.d; c++) {
    dot += q[c]! * k[c]!;
    magnitude += qAbs[c]! * kAbs[c]!;
  }
  const u = Number.EPSILON / 2;
  return { value: dot / Math.sqrt(cert.d), error: (2 * (m + cert.d) * u * magnitude) / Math.sqrt(cert.d) };
}

describe('construct then verify on fixtures/targets/random-256-s2.json (L = 256, S = 2, kappa = 4), projected layout at d*', () => {
  const tmp = temporaryDirectory('cv');
  const certPath = tmp.path('cert.json');
  const target = readJson<TargetFile>(FIXTURES.random256);
  let construct: Awaited<ReturnType<typeof cli>>;
  let cert: CertificateFile;

  beforeAll(async () => {
    construct = await cli(
      'construct',
      '--target',
      FIXTURES.random256,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      '--delta',
      DELTA,
      '--seed',
      7,
      '--layout',
      'projected',
      '--out',
      certPath,
    );
    cert = readJson(certPath);
  });
  afterAll(() => tmp.remove());

  it('writes {X, WQ, WK, d, seed, layout} with d = d* for the target’s own S and kappa', async () => {
    expect(construct.code, construct.stderr).toBe(0);
    expect(construct.stderr).toBe('');
    expect(construct.stdout).toMatch(literal(`wrote ${certPath}`));
    expect(Object.keys(cert)).toEqual(expect.arrayContaining(['X', 'WQ', 'WK', 'd', 'seed', 'layout']));
    expect(cert.seed).toBe(7);
    expect(cert.layout).toBe('projected');
    // kappa defaults to the target's dynamic range (4: row 0 is [1, 4]) and S to its sparsity (2).
    const bound = jsonOut(
      await cli(
        'bound',
        '--L',
        256,
        '--S',
        2,
        '--epsilon',
        EPSILON,
        '--gamma',
        GAMMA,
        '--kappa',
        4,
        '--delta',
        DELTA,
        '--json',
      ),
    );
    expect(cert.d).toBe(bound.dStar);
    // Projected layout: X is L×2d, WQ and WK are 2d×d.
    expect([cert.X.length, cert.X[0]!.length]).toEqual([256, 2 * cert.d]);
    expect([cert.WQ.length, cert.WQ[0]!.length]).toEqual([2 * cert.d, cert.d]);
    expect([cert.WK.length, cert.WK[0]!.length]).toEqual([2 * cert.d, cert.d]);
  });

  it('verify passes: exit 0, pass true, achieved epsilon and gamma within the request', async () => {
    const result = await cli(
      'verify',
      '--target',
      FIXTURES.random256,
      '--certificate',
      certPath,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const out = jsonOut(result);
    expect(out.pass).toBe(true);
    expect(out.status).toBe('pass');
    expect(out.achievedEpsilon as number).toBeLessThanOrEqual(EPSILON);
    expect(out.achievedGamma as number).toBeLessThanOrEqual(GAMMA);
    expect(out.worstRatioRow).toMatchObject({ row: expect.any(Number), j: expect.any(Number), k: expect.any(Number) });
    expect(out.worstZeroRow).toMatchObject({ row: expect.any(Number), j: expect.any(Number), k: expect.any(Number) });
    expect(out.d).toBe(cert.d);
  });

  it('fails with exit 1 when one row of X no longer suppresses its zeros (R2), naming the row and pair', async () => {
    // Projected layout X = [sqrt(d)·B G | G]: zeroing the first block of row i makes Q_i = 0, so every logit
    // of row i is exactly 0 and the (R2) margin max_{j∉supp} C_ij − min_{k∈supp} C_ik is 0 > ln gamma.
    // The ratios of row i become W's own (spread ln kappa_i <= ln 4 < ln 11 = rho), so (R1) still holds,
    // and no other row changes (row j's logits use Q_j and K = G only). All logits tie, so the pair is the
    // first zero column and the first support column (the verdict's tie rule).
    const i = 17;
    const support = supportOf(target, i);
    const firstZero = [...Array(256).keys()].find((j) => !support.has(j))!;
    const firstSupport = [...support.keys()][0]!;
    const X = cert.X.map((row, r) => (r === i ? row.map((x, c) => (c < cert.d ? 0 : x)) : row));
    const broken = writeJson(tmp.path('r2.json'), { ...cert, X });

    const human = await cli(
      'verify',
      '--target',
      FIXTURES.random256,
      '--certificate',
      broken,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
    );
    expect(human.code, human.stderr).toBe(1);
    expect(human.stderr).toBe('');
    expect(human.stdout).toMatch(/^FAIL/);
    expect(human.stdout).toMatch(
      new RegExp(`^\\(R2\\) fails: in row ${i}, A\\[${i}\\]\\[${firstZero}\\] / A\\[${i}\\]\\[${firstSupport}\\]`, 'm'),
    );

    const json = await cli(
      'verify',
      '--target',
      FIXTURES.random256,
      '--certificate',
      broken,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      '--json',
    );
    expect(json.code).toBe(1);
    const out = jsonOut(json);
    expect(out).toMatchObject({ pass: false, status: 'fail', r1: 'holds', r2: 'fails' });
    expect(out.worstZeroRow).toMatchObject({ row: i, j: firstZero, k: firstSupport });
    // Exact: every logit of row i is a sum of products with 0.
    expect(Math.abs((out.worstZeroRow as { margin: number }).margin)).toBe(0);
    expect(out.achievedGamma).toBe(1);
    expect(out.rows).toMatchObject({ r1: { failing: 0 }, r2: { failing: 1 } });
  });

  it('fails with exit 1 on (R1) alone when one query is tilted toward one support key', async () => {
    // Adding s·K_a to Q_i (first block of X_i; K_a = X_a WK is the second block of X_a) raises C_ia by
    // s·|K_a|²/sqrt(d) ≈ 6 with s = 6·sqrt(d), and moves every other logit of row i by s·<K_a, K_j>/sqrt(d),
    // which is of order 6/sqrt(d) ≈ 0.16. So the spread of row i grows far past rho = ln 11 while its
    // (R2) margin (at most −1.8 in the unperturbed certificate) stays below ln gamma.
    const i = 100;
    const support = supportOf(target, i);
    const [a, b] = [...support.keys()] as [number, number];
    const s = 6 * Math.sqrt(cert.d);
    const X = cert.X.map((row, r) =>
      r === i ? row.map((x, c) => (c < cert.d ? x + s * cert.X[a]![cert.d + c]! : x)) : row,
    );
    const tilted: CertificateFile = { ...cert, X };
    const path = writeJson(tmp.path('r1.json'), tilted);

    const json = await cli(
      'verify',
      '--target',
      FIXTURES.random256,
      '--certificate',
      path,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      '--json',
    );
    expect(json.code, json.stderr).toBe(1);
    const out = jsonOut(json);
    expect(out).toMatchObject({ pass: false, status: 'fail', r1: 'fails', r2: 'holds' });
    expect(out.worstRatioRow).toMatchObject({ row: i, j: a, k: b });
    expect(out.rows).toMatchObject({ r1: { failing: 1 }, r2: { failing: 0 } });
    // The reported spread is (C_ia − ln W_ia) − (C_ib − ln W_ib), recomputed here from the file's matrices.
    // Tolerance: our own rounding bound plus the verifier's reported errorBound, plus the rounding of the
    // two logarithms and the subtractions (8 ulps of numbers below 2^6).
    const ca = logit(tilted, i, a);
    const cb = logit(tilted, i, b);
    const spread = ca.value - Math.log(support.get(a)!) - (cb.value - Math.log(support.get(b)!));
    const reported = out.worstRatioRow as { spread: number; errorBound: number };
    expect(Math.abs(reported.spread - spread)).toBeLessThanOrEqual(
      ca.error + cb.error + reported.errorBound + 8 * 64 * Number.EPSILON,
    );
    expect(spread).toBeGreaterThan(Math.log1p(EPSILON));

    const human = await cli(
      'verify',
      '--target',
      FIXTURES.random256,
      '--certificate',
      path,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
    );
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      new RegExp(`^\\(R1\\) fails: in row ${i}, \\(A\\[${i}\\]\\[${a}\\] / A\\[${i}\\]\\[${b}\\]\\)`, 'm'),
    );
    expect(human.stdout).not.toMatch(/^\(R2\) fails/m);
  });
});

describe('construct then verify, other layouts and formats', () => {
  const tmp = temporaryDirectory('cv2');
  afterAll(() => tmp.remove());

  it('--layout fixed on the 256×256 target passes at d* (X = [B | I_L] is L×2L)', async () => {
    const out = tmp.path('fixed.json');
    const construct = await cli(
      'construct',
      '--target',
      FIXTURES.random256,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      '--delta',
      DELTA,
      '--layout',
      'fixed',
      '--out',
      out,
    );
    expect(construct.code, construct.stderr).toBe(0);
    const cert = readJson(out);
    expect(cert.layout).toBe('fixed');
    expect(cert.seed).toBe(42); // the default seed (the same for every command) is recorded
    expect([cert.X.length, cert.X[0]!.length, cert.WQ.length]).toEqual([256, 512, 512]);
    const result = await cli(
      'verify',
      '--target',
      FIXTURES.random256,
      '--certificate',
      out,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const verdict = jsonOut(result);
    expect(verdict.pass).toBe(true);
    expect(verdict.achievedEpsilon as number).toBeLessThanOrEqual(EPSILON);
    expect(verdict.achievedGamma as number).toBeLessThanOrEqual(GAMMA);
  });

  it('a Matrix Market target (banded, S = 3, kappa = 3) passes at d* with gamma defaulting to epsilon = 0.9', async () => {
    const out = tmp.path('banded.json');
    const construct = await cli(
      'construct',
      '--target',
      FIXTURES.banded64,
      '--epsilon',
      0.9,
      '--delta',
      DELTA,
      '--layout',
      'fixed',
      '--out',
      out,
    );
    expect(construct.code, construct.stderr).toBe(0);
    const cert = readJson(out);
    // d* for the target's own S = 3 and kappa = 3 (the kappa of a file is computed in log space, so it can be
    // 3 − 1 ulp; d* is a ceiling of a continuous function and is the same for both).
    const bound = jsonOut(
      await cli('bound', '--L', 64, '--S', 3, '--epsilon', 0.9, '--kappa', 3, '--delta', DELTA, '--json'),
    );
    expect(cert.d).toBe(bound.dStar);
    const result = await cli('verify', '--target', FIXTURES.banded64, '--certificate', out, '--epsilon', 0.9);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PASS: /);
    expect(result.stdout).toMatch(/\(R1\) ratios\s+holds/);
    expect(result.stdout).toMatch(/\(R2\) zeros\s+holds/);
    expect(result.stdout).toMatch(/gamma = 0\.9\)/);
  });

  it('a certificate at a tiny d that misses the target is a clean failure (exit 1), not an error', async () => {
    // The permutation target at a tiny d: the construction promises nothing there (p(d) = 1), and with
    // d = 4 and seed 1 some zero is not suppressed; the verdict must be a clean exit 1, not an error.
    const out = tmp.path('p8.json');
    expect(
      (
        await cli(
          'construct',
          '--target',
          FIXTURES.permutation8,
          '--epsilon',
          0.5,
          '--delta',
          DELTA,
          '--d',
          4,
          '--out',
          out,
        )
      ).code,
    ).toBe(0);
    const result = await cli(
      'verify',
      '--target',
      FIXTURES.permutation8,
      '--certificate',
      out,
      '--epsilon',
      0.5,
      '--json',
    );
    expect(result.code).toBe(1);
    expect(jsonOut(result)).toMatchObject({ pass: false, r2: 'fails' });
    expect(readFileSync(out, 'utf8')).toMatch(/^\{"X":/);
  });
});
