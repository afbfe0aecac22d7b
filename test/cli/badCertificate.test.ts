import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  expectBadInput,
  FIXTURES,
  literal,
  readJson,
  temporaryDirectory,
  writeJson,
  type CertificateFile,
} from './helpers.js';

// A small valid certificate for the 8×8 permutation target (projected layout, d = 16: X is 8×32, WQ and WK
// are 32×16), corrupted one field at a time. Each corruption must give exit 2 and one line naming the
// certificate file and the field, row and column at fault.
describe('verify rejects a malformed certificate with exit 2 and one line', () => {
  const tmp = temporaryDirectory('badcert');
  let good: CertificateFile;
  const verify = (certificate: string, target: string = FIXTURES.permutation8) =>
    cli('verify', '--target', target, '--certificate', certificate, '--epsilon', 0.5);
  /** Writes `mutate(copy of the good certificate)` to `<name>.json` and returns the path. */
  const corrupt = (name: string, mutate: (c: CertificateFile) => unknown): string =>
    writeJson(tmp.path(`${name}.json`), mutate(structuredClone(good)));

  beforeAll(async () => {
    const path = tmp.path('good.json');
    const result = await cli(
      'construct',
      '--target',
      FIXTURES.permutation8,
      '--epsilon',
      0.5,
      '--delta',
      0.1,
      '--d',
      16,
      '--layout',
      'projected',
      '--out',
      path,
    );
    expect(result.code, result.stderr).toBe(0);
    good = readJson(path);
    // The uncorrupted certificate is accepted (pass or fail, but not bad input).
    expect([0, 1]).toContain((await verify(path)).code);
  });
  afterAll(() => tmp.remove());

  it('NaN written as the string "NaN" names X, row and column', async () => {
    const path = corrupt('nan-string', (c) => ((c.X[2]![3] = 'NaN' as unknown as number), c));
    expectBadInput(await verify(path), literal(path), /X, row 2, column 3/, /"NaN"/);
  });

  it('NaN written as null (what JSON.stringify makes of NaN) names WK, row and column', async () => {
    const path = corrupt('nan-null', (c) => ((c.WK[20]![5] = null as unknown as number), c));
    expectBadInput(await verify(path), literal(path), /WK, row 20, column 5/, /null/);
  });

  it('an overflowing literal (1e999 parses to Infinity) names WQ, row and column', async () => {
    const path = tmp.path('infinite.json');
    const text = JSON.stringify(good).replace(/"WQ":\[\[[^,\]]+/, '"WQ":[[1e999');
    writeFileSync(path, text);
    expectBadInput(await verify(path), literal(path), /WQ, row 0, column 0/, /Infinity/);
  });

  it('a ragged row of X names X and the row', async () => {
    const path = corrupt('ragged', (c) => (c.X[5]!.pop(), c));
    expectBadInput(await verify(path), literal(path), /X, row 5/, /columns/);
  });

  it('WQ with a row missing names WQ and both shapes', async () => {
    const path = corrupt('wq-rows', (c) => (c.WQ.pop(), c));
    expectBadInput(await verify(path), literal(path), /WQ/, /31 rows/, /m = 32/);
  });

  it('WK with the wrong number of columns names WK', async () => {
    const path = corrupt('wk-cols', (c) => ((c.WK = c.WK.map((r) => r.slice(0, 15))), c));
    expectBadInput(await verify(path), literal(path), /WK/, /15/);
  });

  it('a d that disagrees with WQ names d', async () => {
    const path = corrupt('d-mismatch', (c) => ((c.d = 17), c));
    expectBadInput(await verify(path), literal(path), /: d: /, /17/);
  });

  it('a d that is not an integer names d', async () => {
    const path = corrupt('d-string', (c) => ((c.d = '16' as unknown as number), c));
    expectBadInput(await verify(path), literal(path), /: d: /, /integer/);
  });

  it.each(['X', 'WQ', 'WK'] as const)('a missing %s is named', async (field) => {
    const path = corrupt(`missing-${field}`, (c) => {
      const { [field]: _dropped, ...rest } = c;
      return rest;
    });
    expectBadInput(await verify(path), literal(path), new RegExp(`: ${field}: is missing`));
  });

  it('an unknown layout names the field', async () => {
    const path = corrupt('layout', (c) => ((c.layout = 'diagonal'), c));
    expectBadInput(await verify(path), literal(path), /layout/, /diagonal/);
  });

  it('a certificate that is not an object is rejected', async () => {
    const path = writeJson(tmp.path('array.json'), [good.X, good.WQ, good.WK]);
    expectBadInput(await verify(path), literal(path), /JSON object/);
  });

  it('a target/certificate L mismatch names X and both lengths', async () => {
    // The 8-row certificate against the 64×64 banded target.
    const path = tmp.path('good.json');
    expectBadInput(await verify(path, FIXTURES.banded64), literal(path), /: X: /, /8 rows/, /L = 64/);
  });

  it('a truncated certificate file is malformed JSON naming the file', async () => {
    const path = tmp.path('truncated.json');
    writeFileSync(path, JSON.stringify(good).slice(0, 500));
    expectBadInput(await verify(path), literal(path), /malformed JSON/);
  });

  it('a missing certificate file names the file', async () => {
    const path = tmp.path('nope.json');
    expectBadInput(await verify(path), literal(path), /no such file/);
  });

  it('a certificate given where the target belongs is rejected as a target', async () => {
    const path = tmp.path('good.json');
    expectBadInput(
      await cli('verify', '--target', path, '--certificate', path, '--epsilon', 0.5),
      literal(path),
      /L: is missing/,
    );
  });
});
