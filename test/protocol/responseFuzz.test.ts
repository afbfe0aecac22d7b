import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCertificateResponse, type ResponseCheck } from '../../src/protocol/checkCertificateResponse.js';
import { loadModuleConstruction } from '../../src/protocol/moduleConstruction.js';
import { ProtocolViolation } from '../../src/protocol/protocolViolation.js';
import type { Construction } from '../../src/construction/construction.js';
import { fuzzRuns } from '../helpers/fuzzRuns.js';
import { shiftTarget } from './helpers.js';

// Fuzzing of the one check every answer of an implementation under test goes through (SPEC §5):
// checkCertificateResponse, fed parsed response lines (stdio) and the raw values a JS module's construct
// returns, and the module wrapper around it. Whatever the implementation answers, the harness must
// either accept a certificate of exactly the requested shape with finite entries, or name the defect
// in one short line — never throw, never hang, never accept a malformed answer.
//
// Budget: ATTNPROOF_FUZZ_RUNS (test/helpers/fuzzRuns.ts). Each property has a fixed seed.

const L = 3;
const D = 2;
const EXPECTED = { id: 7, L, d: D, seed: 5 } as const;
const KINDS = ['malformed-json', 'wrong-id', 'wrong-shape', 'non-finite', 'error-response'];
// The check is linear in the answer's size, and answers here are a few kilobytes at most.
const HANG_MS = 2000;

/** Runs the check; asserts it returned (not threw) quickly and that its answer is coherent. */
function checked(
  response: unknown,
  expected: Parameters<typeof checkCertificateResponse>[1] = EXPECTED,
): ResponseCheck {
  const start = performance.now();
  const result = checkCertificateResponse(response, expected);
  expect(performance.now() - start).toBeLessThan(HANG_MS);
  if (result.ok) {
    const { X, WQ, WK, d } = result.certificate;
    expect(d).toBe(expected.d);
    expect(X.rows).toBe(expected.L);
    expect(X.cols).toBeGreaterThanOrEqual(1);
    for (const M of [WQ, WK]) expect([M.rows, M.cols]).toEqual([X.cols, expected.d]);
    for (const M of [X, WQ, WK]) {
      expect(M.data).toBeInstanceOf(Float64Array);
      expect(M.data.length).toBe(M.rows * M.cols);
      for (const v of M.data) expect(Number.isFinite(v)).toBe(true);
    }
  } else {
    expect(KINDS).toContain(result.kind);
    expect(result.problem.length).toBeGreaterThan(0);
    // one line, and short: values are quoted through an elision to about 60 characters
    expect(result.problem).not.toMatch(/\n/);
    expect(result.problem.length).toBeLessThan(400);
  }
  return result;
}

/** A well-formed answer (nested arrays, the stdio form) for L×m inputs and m×D parameters. */
const goodAnswer = fc.integer({ min: 1, max: 4 }).chain((m) => {
  const matrix = (rows: number, cols: number) =>
    fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    });
  return fc.record({ id: fc.constant(EXPECTED.id), X: matrix(L, m), WQ: matrix(m, D), WK: matrix(m, D) });
});

/** Values chosen to hit the check's branches: wrong types, non-finite numbers, holes, odd shapes. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
  }),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    2 ** 53,
    1e308,
    null,
    undefined,
    '',
    'NaN',
    [],
    [[]],
    [[1]],
    {},
    { rows: 1, cols: 1, data: [1] },
  ),
);

/** Replaces the value at a random path of a good answer by an odd value (or deletes it). */
const editedAnswer = fc
  .tuple(
    goodAnswer,
    fc.constantFrom('id', 'X', 'WQ', 'WK', 'd', 'error', 'layout', 'projection'),
    fc.nat(),
    fc.nat(),
    oddValue,
    fc.boolean(),
  )
  .map(([answer, field, row, column, value, remove]) => {
    const copy: Record<string, unknown> = structuredClone(answer);
    const target = copy[field];
    if (Array.isArray(target) && target.length > 0) {
      const r = row % target.length;
      const line = target[r] as unknown[];
      if (remove) line.splice(column % (line.length + 1), 1);
      else line[column % (line.length + 1)] = value;
    } else if (remove) delete copy[field];
    else copy[field] = value;
    return copy;
  });

describe('fuzzing checkCertificateResponse: an answer is accepted with the exact shape, or refused in one line', () => {
  it('well-formed answers are accepted and copied exactly (the control)', () => {
    fc.assert(
      fc.property(goodAnswer, (answer) => {
        const result = checked(answer);
        expect(result.ok).toBe(true);
        if (result.ok) expect(Array.from(result.certificate.X.data)).toEqual(answer.X.flat());
      }),
      { seed: 31, numRuns: fuzzRuns(1) },
    );
  });

  it('any JavaScript value at all', () => {
    fc.assert(
      fc.property(oddValue, (value) => void checked(value)),
      { seed: 32, numRuns: fuzzRuns(5) },
    );
  });

  it('good answers with one field, row or entry replaced by an odd value or removed', () => {
    fc.assert(
      fc.property(editedAnswer, (answer) => {
        const result = checked(answer);
        // Any edit of X, WQ or WK changes a shape or an entry's type, unless it wrote a finite number over an entry.
        if (result.ok) expect(answer.error).toBeUndefined();
      }),
      { seed: 33, numRuns: fuzzRuns(10) },
    );
  });

  it('parsed response lines: random edits of a good line that still parse as JSON', () => {
    const pieces = [
      '0',
      '1',
      '-',
      'e9',
      '1e999',
      '[',
      ']',
      '{',
      '}',
      ',',
      '"',
      'null',
      'true',
      '"X"',
      '"error"',
      '[[1]]',
      ' ',
    ];
    const line = fc
      .tuple(
        goodAnswer.map((a) => JSON.stringify(a)),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pieces), fc.boolean()), { minLength: 1, maxLength: 4 }),
      )
      .map(([text, edits]) =>
        edits.reduce(
          (s, [at, piece, insert]) => s.slice(0, at % s.length) + piece + s.slice((at % s.length) + (insert ? 0 : 1)),
          text,
        ),
      );
    fc.assert(
      fc.property(line, (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return; // a line JSON.parse rejects never reaches the check (stdioConstruction reports it as malformed JSON)
        }
        checked(parsed);
      }),
      { seed: 34, numRuns: fuzzRuns(10) },
    );
  });

  it('DenseMatrix-like answers {rows, cols, data} with random sizes and data', () => {
    const dims = fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(0.5, NaN, 2 ** 53, 2 ** 31, '2', null));
    const data = fc.oneof(
      fc.array(fc.oneof(fc.double(), fc.constantFrom<unknown>(null, '1', undefined)), { maxLength: 20 }),
      fc.float64Array({ maxLength: 20 }),
      oddValue,
    );
    const dense = fc.record({ rows: dims, cols: dims, data });
    const answer = fc.record({ id: fc.constant(EXPECTED.id), X: dense, WQ: dense, WK: dense });
    fc.assert(
      fc.property(answer, (a) => void checked(a)),
      { seed: 35, numRuns: fuzzRuns(5) },
    );
  });
});

// A module whose construct returns whatever the test put in a global: the module path of SPEC §5 driven
// with arbitrary values, through the same wrapper `attnproof validate --module` uses.
const FUZZ_GLOBAL = '__attnproofResponseFuzz';
const globals = globalThis as unknown as Record<string, unknown>;
let impl: Construction;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-response-fuzz-'));
  const file = join(dir, 'echo.mjs');
  writeFileSync(
    file,
    `export function construct() { const v = globalThis.${FUZZ_GLOBAL}; if (v?.throws) throw v.value; return v?.value; }\n`,
  );
  impl = await loadModuleConstruction(file);
});
afterAll(() => {
  delete globals[FUZZ_GLOBAL];
});

/** Hostile values a JS module can return but JSON cannot hold: getters and proxies that throw, cycles, thenables. */
// (Generated as factories and built inside the property: fast-check itself inspects generated values.)
const HOSTILE: ReadonlyArray<() => unknown> = [
  () => ({
    get X() {
      throw new Error('getter X');
    },
    WQ: [[1]],
    WK: [[1]],
  }),
  () =>
    new Proxy(
      {},
      {
        has: () => {
          throw new Error('has trap');
        },
        get: () => {
          throw new Error('get trap');
        },
      },
    ),
  () => ({
    X: new Proxy([[1]], {
      get: () => {
        throw new Error('row trap');
      },
    }),
    WQ: [[1]],
    WK: [[1]],
  }),
  () => {
    const a: unknown[] = [];
    a.push(a);
    return { X: a, WQ: a, WK: a };
  },
  () => ({
    error: {
      toJSON() {
        throw new Error('toJSON');
      },
      toString() {
        throw new Error('toString');
      },
    },
  }),
  () => ({ X: [[1n]], WQ: [[1]], WK: [[1]] }),
  () => ({ X: [[Symbol('x')]], WQ: [[1]], WK: [[1]] }),
  () => ({
    X: {
      rows: 1,
      cols: 1,
      data: new Proxy([1], {
        get: () => {
          throw new Error('data trap');
        },
      }),
    },
    WQ: [[1]],
    WK: [[1]],
  }),
  () => Object.create(null),
];

describe('hostile values a JS module can return', () => {
  it.each(HOSTILE.map((make, k) => [k, make] as const))('value %i is refused in one line, not thrown', (_k, make) => {
    const result = checked(make());
    expect(result.ok).toBe(false);
  });
});

describe('fuzzing a JS module construction: whatever construct returns, a certificate or a ProtocolViolation', () => {
  const target = shiftTarget(L, 1);
  const params = { epsilon: 0.5, gamma: 0.5, d: D, seed: 5 };

  function throughModule(value: unknown, throws = false): void {
    globals[FUZZ_GLOBAL] = { value, throws };
    let outcome: unknown;
    try {
      outcome = impl.construct(target, params);
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolViolation);
      const violation = error as ProtocolViolation;
      expect(violation.message.length).toBeGreaterThan(0);
      if (throws) expect(violation.kind).toBe('crash');
      return;
    }
    // construct returned synchronously, which it must not when the module threw; else a certificate of the
    // requested shape (a thenable is not in these values)
    expect(throws, 'a throwing construct must become a ProtocolViolation').toBe(false);
    expect(outcome).not.toBeInstanceOf(Promise);
    const cert = outcome as { X: { rows: number }; d: number };
    expect(cert.X.rows).toBe(L);
    expect(cert.d).toBe(D);
  }

  it('odd values and edited answers', () => {
    const value = fc.oneof(
      oddValue.filter((v) => !isThenable(v)),
      editedAnswer,
    );
    fc.assert(
      fc.property(value, (v) => throughModule(v)),
      { seed: 36, numRuns: fuzzRuns(5) },
    );
  });

  it('hostile values: throwing getters and proxies, cycles, BigInt and Symbol entries', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE), (make) => throughModule(make())),
      { seed: 37, numRuns: fuzzRuns(0.5) },
    );
  });

  it('whatever construct throws (any value, hostile ones included) is a crash violation', () => {
    const thrown = fc.oneof(
      oddValue,
      fc.constantFrom(...HOSTILE).map((make) => () => make()),
    );
    fc.assert(
      fc.property(thrown, (value) =>
        throughModule(typeof value === 'function' ? (value as () => unknown)() : value, true),
      ),
      { seed: 38, numRuns: fuzzRuns(2) },
    );
  });
});

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && 'then' in value;
}
