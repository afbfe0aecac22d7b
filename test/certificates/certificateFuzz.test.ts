import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateJsonChunks,
  certificateToJson,
  checkCertificateShapes,
  parseCertificate,
  type Certificate,
} from '../../src/certificates/certificate.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { parseJsonText } from '../../src/io/parseJsonText.js';
import { fuzzRuns } from '../helpers/fuzzRuns.js';

// Fuzzing of the certificate reader (`attnproof verify --cert FILE`): the text of a certificate file goes
// through parseJsonText and parseCertificate, exactly as loadCertificate reads it. Whatever the text, the
// result is a certificate whose shapes fit and whose entries are finite, or an InputTypeError /
// InputRangeError naming the file, in one short line — never another exception, never a slow answer.
//
// Budget: ATTNPROOF_FUZZ_RUNS (test/helpers/fuzzRuns.ts). Each property has a fixed seed.

const FILE = 'cert.json';
// Reading is linear in the text; texts here are a few kilobytes (well under a millisecond each).
const HANG_MS = 2000;

/** Reads `text` as loadCertificate does; asserts a valid certificate or a one-line input error naming the file. */
function readsOrRefuses(text: string): Certificate | undefined {
  const start = performance.now();
  let cert: Certificate;
  try {
    cert = parseCertificate(parseJsonText(text, FILE), FILE);
  } catch (error) {
    if (!(error instanceof InputRangeError || error instanceof InputTypeError)) throw error;
    expect(error.location.file).toBe(FILE);
    expect(error.message.startsWith(`${FILE}: `)).toBe(true);
    expect(error.message).not.toMatch(/\n/);
    // The message quotes the offending value, elided: a whole matrix in an error line helps nobody.
    expect(error.message.length).toBeLessThan(300);
    expect(performance.now() - start).toBeLessThan(HANG_MS);
    return undefined;
  }
  expect(performance.now() - start).toBeLessThan(HANG_MS);
  expect(() => checkCertificateShapes(cert, undefined, FILE)).not.toThrow();
  expect(Number.isInteger(cert.d) && cert.d >= 1).toBe(true);
  for (const M of [cert.X, cert.WQ, cert.WK]) {
    expect(M.data.length).toBe(M.rows * M.cols);
    for (const v of M.data) expect(Number.isFinite(v)).toBe(true);
  }
  return cert;
}

/** A random valid certificate: L, m, d small, entries over the whole finite double range. */
const validCertificate: fc.Arbitrary<Certificate> = fc
  .record({ L: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 1, max: 4 }), d: fc.integer({ min: 1, max: 3 }) })
  .chain(({ L, m, d }) => {
    const entry = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE),
    );
    const matrix = (rows: number, cols: number) =>
      fc
        .array(entry, { minLength: rows * cols, maxLength: rows * cols })
        .map((data) => ({ rows, cols, data: Float64Array.from(data) }));
    return fc.record({
      X: matrix(L, m),
      WQ: matrix(m, d),
      WK: matrix(m, d),
      d: fc.constant(d),
      seed: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), { nil: undefined }),
      layout: fc.option(fc.constantFrom('projected' as const, 'fixed' as const), { nil: undefined }),
      projection: fc.option(fc.constantFrom('gaussian' as const, 'rademacher' as const), { nil: undefined }),
    });
  })
  .map((c) => JSON.parse(JSON.stringify(certificateToJson(withoutUndefined(c)))) as Certificate)
  .map((json) => parseCertificate(json));

function withoutUndefined(c: Record<string, unknown>): Certificate {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as Certificate;
}

const text = (c: Certificate): string => JSON.stringify(certificateToJson(c));

const PIECES = [
  '0',
  '1',
  '-',
  '.',
  'e',
  '1e999',
  '-1e999',
  '1e-400',
  ' ',
  '\n',
  ',',
  '"',
  '[',
  ']',
  '{',
  '}',
  ':',
  '[]',
  '[[]]',
  '[[1]]',
  'null',
  'true',
  'NaN',
  'Infinity',
  '"X"',
  '"WQ"',
  '"WK"',
  '"d"',
  '"seed"',
  '"layout"',
  '"fixed"',
  '"__proto__"',
  '\u0000',
];

describe('fuzzing the certificate reader: any text gives a valid certificate or an input error naming the file', () => {
  it('valid certificates read back bit for bit (the control: the generator makes files the reader accepts)', () => {
    fc.assert(
      fc.property(validCertificate, (c) => {
        const back = readsOrRefuses(text(c));
        expect(back).toBeDefined();
        // exact: JSON numbers are written as the shortest round-trip decimal (-0 becomes 0)
        for (const key of ['X', 'WQ', 'WK'] as const)
          expect(Array.from(back![key].data)).toEqual(Array.from(c[key].data, (v) => v + 0));
        expect([back!.d, back!.seed, back!.layout, back!.projection]).toEqual([c.d, c.seed, c.layout, c.projection]);
      }),
      { seed: 41, numRuns: fuzzRuns(1) },
    );
  });

  it('random bytes', () => {
    const randomText = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8'));
    fc.assert(
      fc.property(randomText, (t) => void readsOrRefuses(t)),
      { seed: 42, numRuns: fuzzRuns(2) },
    );
  });

  it('every truncation of a valid certificate', () => {
    fc.assert(
      fc.property(validCertificate, (c) => {
        const t = text(c);
        for (let n = 0; n < t.length; n++) expect(readsOrRefuses(t.slice(0, n))).toBeUndefined();
      }),
      { seed: 43, numRuns: fuzzRuns(0.2) },
    );
  });

  it('valid certificates with random edits (replace, insert, delete) of JSON tokens', () => {
    const edits = fc.array(
      fc.tuple(fc.constantFrom('replace', 'insert', 'delete'), fc.nat(), fc.constantFrom(...PIECES)),
      { minLength: 1, maxLength: 5 },
    );
    const edited = fc.tuple(validCertificate.map(text), edits).map(([t, es]) =>
      es.reduce((s, [kind, position, piece]) => {
        const at = s.length === 0 ? 0 : position % s.length;
        if (kind === 'replace') return s.slice(0, at) + piece + s.slice(at + 1);
        if (kind === 'insert') return s.slice(0, at) + piece + s.slice(at);
        return s.slice(0, at) + s.slice(at + 1);
      }, t),
    );
    fc.assert(
      fc.property(edited, (t) => void readsOrRefuses(t)),
      { seed: 44, numRuns: fuzzRuns(10) },
    );
  });

  it('objects whose fields hold any JSON value (big nested ones included)', () => {
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const matrixLike = fc.oneof(
      anyJson,
      fc.array(fc.array(fc.oneof(fc.double(), anyJson), { maxLength: 4 }), { maxLength: 4 }),
    );
    const obj = fc.record(
      {
        X: matrixLike,
        WQ: matrixLike,
        WK: matrixLike,
        d: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), anyJson),
        seed: fc.oneof(fc.integer(), fc.constantFrom(2 ** 53, 0.5, -1), anyJson),
        layout: fc.oneof(fc.constantFrom('projected', 'fixed', 'other'), anyJson),
        projection: fc.oneof(fc.constantFrom('gaussian', 'rademacher', 'other'), anyJson),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(obj, (o) => void readsOrRefuses(JSON.stringify(o))),
      { seed: 45, numRuns: fuzzRuns(10) },
    );
  });
});

describe('certificateJsonChunks: the streamed JSON of a certificate', () => {
  it('is byte for byte JSON.stringify(certificateToJson(cert)), with or without seed, layout and projection', () => {
    fc.assert(
      fc.property(validCertificate, (c) => {
        const chunks = [...certificateJsonChunks(c)];
        expect(chunks.join('')).toBe(JSON.stringify(certificateToJson(c)));
        // one chunk per matrix row plus the field openings and closings: no chunk holds a whole matrix
        expect(chunks.length).toBe(c.X.rows + c.WQ.rows + c.WK.rows + 7);
      }),
      { seed: 46, numRuns: fuzzRuns(1) },
    );
  });
});
