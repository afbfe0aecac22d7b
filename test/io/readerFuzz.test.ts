import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { parseJsonTarget } from '../../src/targets/parseJsonTarget.js';
import { parseMatrixMarket } from '../../src/targets/parseMatrixMarket.js';
import { SparseTarget, type TargetEntry } from '../../src/targets/sparseTarget.js';
import { FUZZ_RUNS, fuzzRuns } from '../helpers/fuzzRuns.js';

// Fuzzing of the two text target readers (SPEC §1: bad input gives a clear error naming the place,
// never a silent result, never a stack trace). Whatever text they are given, parseJsonTarget and
// parseMatrixMarket must either return a valid SparseTarget or throw InputTypeError / InputRangeError
// whose message starts with the file name; any other exception, or a slow answer, is a defect.
//
// Budget: ATTNPROOF_FUZZ_RUNS scales every property (default 100 runs: the file runs in a few
// seconds). `ATTNPROOF_FUZZ_RUNS=20000 npx vitest run test/io/readerFuzz.test.ts` for a long session.
// Each property has a fixed seed so a failure replays; fast-check prints the shrunk input.

const RUNS = FUZZ_RUNS;

// A reader is linear (plus a sort) in the input size; inputs here are at most a few kilobytes, which
// take well under a millisecond. 2 s per input is a hang detector, generous enough not to trip on a
// loaded 2-core machine (or under Stryker's instrumentation), tight enough to catch a quadratic blow-up
// or a runaway allocation loop on the largest declared sizes (L up to 2^24).
const HANG_MS = 2000;

type Reader = (text: string, source?: string) => SparseTarget;

/** Checks the target invariants of SPEC §1 on a returned target. */
function expectValidTarget(W: SparseTarget): void {
  expect(W).toBeInstanceOf(SparseTarget);
  expect(Number.isInteger(W.L) && W.L >= 2).toBe(true);
  expect(W.rowPtr.length).toBe(W.L + 1);
  for (let i = 0; i < W.L; i++) {
    // every row has at least one positive entry, columns strictly increasing and in range
    expect(W.rowPtr[i + 1]! - W.rowPtr[i]!).toBeGreaterThan(0);
    for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) {
      const j = W.colIdx[p]!;
      expect(j >= 0 && j < W.L).toBe(true);
      if (p > W.rowPtr[i]!) expect(j).toBeGreaterThan(W.colIdx[p - 1]!);
      const v = W.values[p]!;
      expect(Number.isFinite(v) && v > 0).toBe(true);
    }
  }
}

/** Runs `read` on `text`: a valid target, or an input error naming `file`; nothing else, and quickly. */
function parsesOrRefuses(read: Reader, file: string, text: string): SparseTarget | undefined {
  const start = performance.now();
  let W: SparseTarget;
  try {
    W = read(text, file);
  } catch (error) {
    if (!(error instanceof InputRangeError || error instanceof InputTypeError)) throw error;
    expect(error.location.file).toBe(file);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
    // one line, short: quoted tokens are clipped (src/errors/quoteValue.ts) and any line break ends a line
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(400);
    expect(performance.now() - start).toBeLessThan(HANG_MS);
    return undefined;
  }
  expect(performance.now() - start).toBeLessThan(HANG_MS);
  expectValidTarget(W);
  return W;
}

/** A random valid target: L in 2..6, each row a non-empty set of columns, positive weights over 600 decades. */
const validEntries = fc.integer({ min: 2, max: 6 }).chain((L) =>
  fc
    .array(fc.uniqueArray(fc.integer({ min: 0, max: L - 1 }), { minLength: 1, maxLength: L }), {
      minLength: L,
      maxLength: L,
    })
    .chain((rows) => {
      const cells = rows.flatMap((cols, i) => cols.map((j) => [i, j] as const));
      const weight = fc.oneof(
        fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom(Number.MIN_VALUE, Number.MAX_VALUE, 0.5, 1),
      );
      return fc.array(weight, { minLength: cells.length, maxLength: cells.length }).map((ws) => ({
        L,
        entries: cells.map(([i, j], k): TargetEntry => [i, j, ws[k]!]),
      }));
    }),
);

function jsonText(t: { L: number; entries: TargetEntry[] }): string {
  return JSON.stringify({ L: t.L, entries: t.entries });
}

function mtxText(t: { L: number; entries: TargetEntry[] }): string {
  // String(v) is the shortest round-trip decimal, so the file holds exactly the doubles generated.
  const body = t.entries.map(([i, j, v]) => `${i + 1} ${j + 1} ${String(v)}`).join('\n');
  return `%%MatrixMarket matrix coordinate real general\n% fuzz\n${t.L} ${t.L} ${t.entries.length}\n${body}\n`;
}

/** Sorted copy of entries, for comparing a read-back target with what was written. */
function sorted(entries: readonly TargetEntry[]): TargetEntry[] {
  return [...entries].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Applies random edits (replace, insert, delete) with pieces chosen to hit the readers' branches. */
function mutated(text: fc.Arbitrary<string>, pieces: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.constantFrom('replace', 'insert', 'delete'), fc.nat(), fc.constantFrom(...pieces));
  return fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 5 })).map(([t, edits]) => {
    let s = t;
    for (const [kind, position, piece] of edits) {
      const at = s.length === 0 ? 0 : position % s.length;
      if (kind === 'replace') s = s.slice(0, at) + piece + s.slice(at + 1);
      else if (kind === 'insert') s = s.slice(0, at) + piece + s.slice(at);
      else s = s.slice(0, at) + s.slice(at + 1);
    }
    return s;
  });
}

const COMMON_PIECES = [
  '0',
  '1',
  '2',
  '9',
  '-',
  '-1',
  '.',
  'e',
  'e999',
  '1e999',
  '-1e999',
  '1e-400',
  '4294967297',
  '16777217',
  '1e308',
  ' ',
  '\n',
  '\r\n',
  '\t',
  ',',
  '"',
  'NaN',
  'Infinity',
  'null',
  'true',
  '\u0000',
  '\u00e9',
  '\ud800',
  'constructor',
  '__proto__',
];
const JSON_PIECES = [
  ...COMMON_PIECES,
  '[',
  ']',
  '{',
  '}',
  ':',
  '[]',
  '{}',
  '"L"',
  '"entries"',
  '[0,0,1]',
  '[1,1,-1]',
  '[[',
  ']]',
];
const MTX_PIECES = [
  ...COMMON_PIECES,
  '%',
  '%%MatrixMarket',
  'pattern',
  'symmetric',
  'integer',
  'complex',
  'nan',
  'inf',
  '-inf',
  '+infinity',
  '0x10',
  '1 1 1\n',
  '2 2 2\n',
];

/** Random bytes decoded as UTF-8 (invalid sequences become U+FFFD, as readFileSync would give). */
const randomText = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('utf8'));

const readers: ReadonlyArray<{
  name: string;
  read: Reader;
  file: string;
  write: (t: { L: number; entries: TargetEntry[] }) => string;
  pieces: readonly string[];
  prefix: string;
}> = [
  {
    name: 'parseJsonTarget',
    read: parseJsonTarget,
    file: 'fuzz.json',
    write: jsonText,
    pieces: JSON_PIECES,
    prefix: '{"L": ',
  },
  {
    name: 'parseMatrixMarket',
    read: parseMatrixMarket,
    file: 'fuzz.mtx',
    write: mtxText,
    pieces: MTX_PIECES,
    prefix: '%%MatrixMarket matrix coordinate real general\n',
  },
];

describe.each(readers)(
  'fuzzing $name: any text gives a valid target or an input error naming the file',
  ({ read, file, write, pieces, prefix }) => {
    it('valid files read back exactly (the control: the generator makes files the reader accepts)', () => {
      fc.assert(
        fc.property(validEntries, (t) => {
          const W = parsesOrRefuses(read, file, write(t));
          expect(W).toBeDefined();
          expect(W!.L).toBe(t.L);
          // exact: every weight is written as its shortest round-trip decimal
          expect(W!.entries()).toEqual(sorted(t.entries));
        }),
        { seed: 11, numRuns: RUNS },
      );
    });

    it('random bytes', () => {
      fc.assert(
        fc.property(randomText, (text) => void parsesOrRefuses(read, file, text)),
        { seed: 12, numRuns: RUNS },
      );
    });

    it('random bytes after a valid beginning', () => {
      fc.assert(
        fc.property(randomText, (text) => void parsesOrRefuses(read, file, prefix + text)),
        { seed: 13, numRuns: RUNS },
      );
    });

    it('every truncation of a valid file', () => {
      fc.assert(
        fc.property(validEntries, (t) => {
          const text = write(t);
          for (let n = 0; n < text.length; n++) parsesOrRefuses(read, file, text.slice(0, n));
        }),
        { seed: 14, numRuns: fuzzRuns(1 / 5) },
      );
    });

    it('valid files with random edits (replace, insert, delete) of format tokens', () => {
      fc.assert(
        fc.property(mutated(validEntries.map(write), pieces), (text) => void parsesOrRefuses(read, file, text)),
        { seed: 15, numRuns: RUNS * 5 },
      );
    });

    it('token soup: random sequences of the format’s own tokens', () => {
      const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((tokens) => prefix + tokens.join(''));
      fc.assert(
        fc.property(soup, (text) => void parsesOrRefuses(read, file, text)),
        { seed: 16, numRuns: RUNS * 5 },
      );
    });
  },
);

describe('fuzzing: targeted shapes', () => {
  it('JSON: every proper prefix of a valid file is malformed JSON naming the file and a line', () => {
    fc.assert(
      fc.property(validEntries, (t) => {
        const text = jsonText(t);
        for (let n = 0; n < text.length; n++) {
          expect(() => parseJsonTarget(text.slice(0, n), 'fuzz.json')).toThrow(InputTypeError);
          expect(() => parseJsonTarget(text.slice(0, n), 'fuzz.json')).toThrow(
            /^fuzz\.json: (line \d+: )?malformed JSON/,
          );
        }
      }),
      { seed: 21, numRuns: fuzzRuns(1 / 5) },
    );
  });

  it('JSON: random objects with L and entries of any JSON type', () => {
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const entry = fc.oneof(
      fc.tuple(
        fc.integer({ min: -2, max: 8 }),
        fc.integer({ min: -2, max: 8 }),
        fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, 1e-320)),
      ),
      fc.array(anyJson, { maxLength: 4 }),
      anyJson,
    );
    const obj = fc.record(
      {
        L: fc.oneof(
          fc.integer({ min: -3, max: 8 }),
          fc.double(),
          fc.constantFrom(2 ** 24, 2 ** 24 + 1, 2 ** 53, 1e308),
          anyJson,
        ),
        entries: fc.oneof(fc.array(entry, { maxLength: 12 }), anyJson),
      },
      { requiredKeys: [] },
    );
    // JSON.stringify writes NaN and ±Infinity as null: the reader sees null, a type error.
    fc.assert(
      fc.property(obj, (o) => void parsesOrRefuses(parseJsonTarget, 'fuzz.json', JSON.stringify(o))),
      { seed: 22, numRuns: RUNS * 5 },
    );
  });

  it('Matrix Market: random size lines and entry lines, including huge declared sizes', () => {
    const size = fc.oneof(
      fc.integer({ min: 0, max: 6 }),
      fc.constantFrom(2 ** 24, 2 ** 24 + 1, 2 ** 31, 2 ** 53, 1e300),
      fc.constantFrom('-1', '2.5', 'x', '1e3', '0x4'),
    );
    const value = fc.oneof(
      fc.double().map(String),
      fc.constantFrom('nan', '-inf', 'Infinity', '1e999', '-0', 'abc', 'constructor', 'toString', '__proto__'),
    );
    const line = fc
      .tuple(fc.integer({ min: -1, max: 7 }), fc.integer({ min: -1, max: 7 }), value)
      .map(([r, c, v]) => `${r} ${c} ${v}`);
    const file = fc
      .tuple(
        fc.constantFrom('real general', 'integer general', 'pattern general', 'real symmetric', 'complex general'),
        size,
        size,
        size,
        fc.array(line, { maxLength: 12 }),
      )
      .map(
        ([kind, r, c, n, lines]) => `%%MatrixMarket matrix coordinate ${kind}\n${r} ${c} ${n}\n${lines.join('\n')}\n`,
      );
    fc.assert(
      fc.property(file, (text) => void parsesOrRefuses(parseMatrixMarket, 'fuzz.mtx', text)),
      { seed: 23, numRuns: RUNS * 5 },
    );
  });
});
