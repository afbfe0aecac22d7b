import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateToJson, type Certificate } from '../../src/certificates/certificate.js';
import { construct } from '../../src/construction/construct.js';
import { loadTarget } from '../../src/io/loadTarget.js';
import type { DenseMatrix } from '../../src/matrix/denseMatrix.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { lastFloat32Pass } from '../../src/verification/_internals/float32FirstPass.js';
import { npyBytes, type Descr } from '../io/npyWriter.js';
import {
  cli,
  expectBadInput,
  FIXTURES,
  jsonOut,
  literal,
  temporaryDirectory,
  writeJson,
  type CliResult,
} from './helpers.js';

// fixtures/targets/banded-64-s3.mtx (L = 64, S = 3, kappa = 3) at epsilon = 10, gamma = 0.9: the projected
// construction with d = 256 and seed 5 passes (checked by the first test through --certificate, so the
// comparisons below are between two runs that both pass), and stays small (X 64×512, WQ and WK 512×256).
const EPSILON = 10;
const GAMMA = 0.9;
const D = 256;
const SEED = 5;

function writeNpy(path: string, m: DenseMatrix, descr: Descr, fortranOrder: boolean): string {
  writeFileSync(path, npyBytes({ descr, fortranOrder, shape: [m.rows, m.cols], values: m.data }));
  return path;
}

/** `m` with every entry rounded to the nearest float32 (what a float32 .npy file holds). */
function toFloat32(m: DenseMatrix): DenseMatrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map(Math.fround) };
}

/** The verdict a `--json` run printed, without its timing. */
function verdictOf(result: CliResult): Record<string, unknown> {
  const { seconds, ...verdict } = jsonOut(result);
  expect(typeof seconds).toBe('number');
  return verdict;
}

describe('verify --x --wq --wk reads a certificate saved as three .npy files', () => {
  const tmp = temporaryDirectory('npy');
  let target: SparseTarget;
  let cert: Certificate;
  const npyArgs = (prefix: string): string[] => [
    '--x',
    tmp.path(`${prefix}X.npy`),
    '--wq',
    tmp.path(`${prefix}WQ.npy`),
    '--wk',
    tmp.path(`${prefix}WK.npy`),
  ];
  const common = ['--target', FIXTURES.banded64, '--epsilon', EPSILON, '--gamma', GAMMA] as const;

  /** Writes `c` as JSON and as three .npy files named by `prefix`. */
  function save(prefix: string, c: Certificate, descr: Descr, fortranOrder: boolean): string {
    writeNpy(tmp.path(`${prefix}X.npy`), c.X, descr, fortranOrder);
    writeNpy(tmp.path(`${prefix}WQ.npy`), c.WQ, descr, fortranOrder);
    writeNpy(tmp.path(`${prefix}WK.npy`), c.WK, descr, fortranOrder);
    return writeJson(tmp.path(`${prefix}cert.json`), certificateToJson(c));
  }

  beforeAll(() => {
    target = loadTarget(FIXTURES.banded64);
    cert = construct(target, { epsilon: EPSILON, gamma: GAMMA, d: D, seed: SEED });
    save('f8-', cert, '<f8', false);
    // float32 big-endian Fortran order holds the float32 roundings; the JSON twin holds exactly those values.
    save('f4-', { ...cert, X: toFloat32(cert.X), WQ: toFloat32(cert.WQ), WK: toFloat32(cert.WK) }, '>f4', true);
    // Break (R2) in row 17: zeroing the first block of X's row (X = [sqrt(d)·B G | G]) makes Q_17 = 0,
    // so every logit of row 17 is 0 and the margin is 0 > ln gamma.
    const X = { ...cert.X, data: cert.X.data.slice() };
    X.data.fill(0, 17 * X.cols, 17 * X.cols + D);
    save('bad-', { ...cert, X }, '<f8', false);
  });
  afterAll(() => tmp.remove());

  it('float64 little-endian C order: the same verdict as --certificate on the JSON, exit 0', async () => {
    const json = await cli('verify', ...common, '--certificate', tmp.path('f8-cert.json'), '--json');
    expect(json.code, json.stderr).toBe(0);
    const npy = await cli('verify', ...common, ...npyArgs('f8-'), '--json');
    expect(npy.code, npy.stderr).toBe(0);
    expect(npy.stderr).toBe('');
    expect(verdictOf(npy)).toEqual(verdictOf(json));
    expect(verdictOf(npy)).toMatchObject({ status: 'pass', pass: true, d: D, L: 64 });
  });

  it('float32 big-endian Fortran order: the same verdict as the JSON of the same float32 values, exit 0', async () => {
    const json = await cli('verify', ...common, '--certificate', tmp.path('f4-cert.json'), '--json');
    expect(json.code, json.stderr).toBe(0);
    const npy = await cli('verify', ...common, ...npyArgs('f4-'), '--json');
    expect(npy.code, npy.stderr).toBe(0);
    expect(verdictOf(npy)).toEqual(verdictOf(json));
  });

  it('the human output is the --certificate one, with the three files named in the title', async () => {
    const json = await cli('verify', ...common, '--certificate', tmp.path('f8-cert.json'));
    const npy = await cli('verify', ...common, ...npyArgs('f8-'));
    expect(npy.code).toBe(0);
    const files = `${tmp.path('f8-X.npy')}, ${tmp.path('f8-WQ.npy')}, ${tmp.path('f8-WK.npy')}`;
    expect(npy.stdout).toMatch(
      new RegExp(`^PASS: ${literal(files).source} against ${literal(FIXTURES.banded64).source} \\(L = 64, d = ${D},`),
    );
    expect(npy.stdout).toBe(json.stdout.replace(tmp.path('f8-cert.json'), files));
  });

  it('a perturbed certificate fails with exit 1, with the same verdict as its JSON', async () => {
    const json = await cli('verify', ...common, '--certificate', tmp.path('bad-cert.json'), '--json');
    const npy = await cli('verify', ...common, ...npyArgs('bad-'), '--json');
    expect(json.code).toBe(1);
    expect(npy.code, npy.stderr).toBe(1);
    expect(verdictOf(npy)).toEqual(verdictOf(json));
    expect(verdictOf(npy)).toMatchObject({ status: 'fail', r2: 'fails', worstZeroRow: { row: 17 } });
    const human = await cli('verify', ...common, ...npyArgs('bad-'));
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^FAIL/);
    expect(human.stdout).toMatch(/^\(R2\) fails: in row 17,/m);
  });

  it("--kernel: every first-pass kernel gives the default's verdict and figures, bit for bit (pass and fail)", async () => {
    for (const prefix of ['f8-', 'bad-']) {
      const byDefault = verdictOf(await cli('verify', ...common, ...npyArgs(prefix), '--json'));
      expect(byDefault['status']).toBe(prefix === 'f8-' ? 'pass' : 'fail');
      for (const kernel of ['auto', 'wasm16', 'wasm32', 'wasm', 'js']) {
        const before = lastFloat32Pass();
        const forced = await cli('verify', ...common, ...npyArgs(prefix), '--kernel', kernel, '--json');
        expect(forced.code, forced.stderr).toBe(prefix === 'f8-' ? 0 : 1);
        expect(verdictOf(forced), `--kernel ${kernel} on ${prefix}`).toEqual(byDefault);
        // The option reaches the verifier: wasm16 runs an int16 pass and wasm32 a float32 pass (a new
        // report of that kind), wasm and js neither.
        if (kernel === 'wasm16' || kernel === 'wasm32') {
          expect(lastFloat32Pass()).not.toBe(before);
          expect(lastFloat32Pass()!.lanes).toBe(kernel === 'wasm16' ? 'int16' : 'float32');
        }
        if (kernel === 'wasm' || kernel === 'js') expect(lastFloat32Pass()).toBe(before);
      }
    }
  });

  it('--kernel with an unknown name is bad input naming the option', async () => {
    expectBadInput(
      await cli('verify', ...common, ...npyArgs('f8-'), '--kernel', 'f64'),
      /--kernel/,
      /expected one of auto, wasm16, wasm32, wasm, js, got "f64"/,
    );
  });

  it('the target may be a dense .npy array (zeros absent): same verdict as the .mtx target', async () => {
    const W = tmp.path('W.npy');
    const values = new Float64Array(64 * 64);
    for (const [i, j, w] of target.entries()) values[i * 64 + j] = w;
    writeFileSync(W, npyBytes({ descr: '>f8', fortranOrder: true, shape: [64, 64], values }));
    const fromMtx = await cli('verify', ...common, ...npyArgs('f8-'), '--json');
    const fromNpy = await cli(
      'verify',
      '--target',
      W,
      '--epsilon',
      EPSILON,
      '--gamma',
      GAMMA,
      ...npyArgs('f8-'),
      '--json',
    );
    expect(fromNpy.code, fromNpy.stderr).toBe(0);
    expect(verdictOf(fromNpy)).toEqual(verdictOf(fromMtx));
    // --S is enforced on a .npy target as on any other (banded-64-s3 has 3 entries in some row).
    expectBadInput(
      await cli('verify', '--target', W, '--epsilon', EPSILON, '--gamma', GAMMA, '--S', 2, ...npyArgs('f8-')),
      literal(`attnproof: ${W}: row `),
      /positive entries, more than S = 2/,
    );
  });
});

describe('bad .npy input gives exit 2 and one line naming the file', () => {
  const tmp = temporaryDirectory('npybad');
  const target = FIXTURES.permutation8;
  const base = ['verify', '--target', target, '--epsilon', 0.5] as const;
  // A valid 8×4 / 4×2 / 4×2 certificate (shapes only matter here), one matrix replaced per test.
  const X = { rows: 8, cols: 4, data: new Float64Array(32).fill(0.5) };
  const WQ = { rows: 4, cols: 2, data: new Float64Array(8).fill(1) };
  const good = (name: string, m: DenseMatrix): string => writeNpy(tmp.path(name), m, '<f8', false);
  let files: { X: string; WQ: string; WK: string };

  beforeAll(() => {
    files = { X: good('X.npy', X), WQ: good('WQ.npy', WQ), WK: good('WK.npy', WQ) };
  });
  afterAll(() => tmp.remove());

  const args = (over: Partial<{ X: string; WQ: string; WK: string }> = {}): string[] => {
    const f = { ...files, ...over };
    return ['--x', f.X, '--wq', f.WQ, '--wk', f.WK];
  };

  it('the well-formed files are accepted (the controls for the tests below): a verdict, not bad input', async () => {
    const result = await cli(...base, ...args());
    expect([0, 1]).toContain(result.code);
  });

  it('a truncated file', async () => {
    const path = tmp.path('truncated.npy');
    const bytes = npyBytes({ descr: '<f8', fortranOrder: false, shape: [8, 4], values: X.data });
    writeFileSync(path, bytes.subarray(0, bytes.length - 3));
    expectBadInput(
      await cli(...base, ...args({ X: path })),
      literal(`attnproof: ${path}: X: `),
      /needs 256 bytes of data but only 253 follow the header \(truncated file\?\)/,
    );
  });

  it('not a .npy file at all', async () => {
    const path = tmp.path('text.npy');
    writeFileSync(path, '{"X": [[1]]}');
    expectBadInput(
      await cli(...base, ...args({ WK: path })),
      literal(`attnproof: ${path}: WK: `),
      /not a NumPy \.npy file/,
    );
  });

  it('an integer array whose values a double cannot hold names the entry', async () => {
    const path = tmp.path('int.npy');
    const bytes = npyBytes({ descr: '<f8', fortranOrder: false, shape: [4, 2], values: WQ.data });
    bytes[Buffer.from(bytes).indexOf("'<f8'") + 2] = 'i'.charCodeAt(0); // float bits read as <i8: 1.0 is 0x3ff0000000000000
    writeFileSync(path, bytes);
    expectBadInput(
      await cli(...base, ...args({ WQ: path })),
      literal(`attnproof: ${path}`),
      /WQ/,
      /is an integer beyond 2\^53/,
    );
  });

  it('a NaN entry names the file, the matrix, its row and column', async () => {
    const data = X.data.slice();
    data[5 * 4 + 3] = NaN;
    const path = writeNpy(tmp.path('nan.npy'), { ...X, data }, '>f4', true);
    expectBadInput(await cli(...base, ...args({ X: path })), literal(`attnproof: ${path}: X, row 5, column 3: is NaN`));
  });

  it('a 1-D array names its shape', async () => {
    const path = tmp.path('flat.npy');
    writeFileSync(path, npyBytes({ descr: '<f8', fortranOrder: false, shape: [8], values: WQ.data }));
    expectBadInput(
      await cli(...base, ...args({ WQ: path })),
      literal(`attnproof: ${path}: WQ: array has shape (8,) (1-D)`),
    );
  });

  it('shapes that do not fit name the file and the matrix at fault', async () => {
    const wqRows = good('wq-5x2.npy', { rows: 5, cols: 2, data: new Float64Array(10) });
    expectBadInput(
      await cli(...base, ...args({ WQ: wqRows })),
      literal(`attnproof: ${wqRows}: WQ: WQ has 5 rows but X has m = 4 columns`),
    );
    const wkCols = good('wk-4x3.npy', { rows: 4, cols: 3, data: new Float64Array(12) });
    expectBadInput(
      await cli(...base, ...args({ WK: wkCols })),
      literal(`attnproof: ${wkCols}: WK: WQ has 2 columns but WK has 3`),
    );
    const xRows = good('x-7x4.npy', { rows: 7, cols: 4, data: new Float64Array(28) });
    expectBadInput(
      await cli(...base, ...args({ X: xRows })),
      literal(`attnproof: ${xRows}: X: X has 7 rows but the target has L = 8`),
    );
    const empty = good('wq-4x0.npy', { rows: 4, cols: 0, data: new Float64Array(0) });
    expectBadInput(
      await cli(...base, ...args({ WQ: empty, WK: empty })),
      literal(`attnproof: ${empty}: d: d must be at least 1`),
    );
  });

  it('a missing file', async () => {
    const path = tmp.path('missing.npy');
    expectBadInput(
      await cli(...base, ...args({ WK: path })),
      literal(`attnproof: ${path}: cannot read the file (no such file)`),
    );
  });

  it('a bad .npy target names the target file', async () => {
    const path = tmp.path('W-2x3.npy');
    writeFileSync(path, npyBytes({ descr: '<f8', fortranOrder: false, shape: [2, 3], values: [1, 0, 0, 0, 1, 0] }));
    expectBadInput(
      await cli('verify', '--target', path, '--epsilon', 0.5, ...args()),
      literal(`attnproof: ${path}: array is 2×3; a target must be square (L×L)`),
    );
    const negative = tmp.path('W-negative.npy');
    writeFileSync(negative, npyBytes({ descr: '<f4', fortranOrder: true, shape: [2, 2], values: [1, -2, 0, 1] }));
    expectBadInput(
      await cli('verify', '--target', negative, '--epsilon', 0.5, ...args()),
      literal(`attnproof: ${negative}: row 0, column 1: value -2 is negative`),
    );
  });

  it('exactly one way of giving the certificate', async () => {
    expectBadInput(await cli(...base), /--certificate: is required: give --certificate <file>, or --x, --wq, --wk/);
    expectBadInput(
      await cli(...base, '--certificate', 'c.json', '--x', files.X),
      /--certificate: give either --certificate <file> or --x, --wq, --wk \(\.npy files\), not both \(got --x too\)/,
    );
    expectBadInput(
      await cli(...base, '--x', files.X, '--wq', files.WQ),
      /--wk: is required with --x, --wq: the certificate as \.npy files needs all of --x, --wq, --wk/,
    );
    expectBadInput(await cli(...base, '--wk', files.WK), /--x: is required with --wk/);
    expectBadInput(
      await cli(...base, '--certificate', files.X),
      literal(
        `attnproof: ${files.X}: --certificate: expects a certificate JSON file; a certificate saved with NumPy is three files: give --x X.npy --wq WQ.npy --wk WK.npy`,
      ),
    );
  });
});
