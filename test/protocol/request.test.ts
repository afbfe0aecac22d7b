import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { paramsOfRequest, parseRequest, targetOfRequest } from '../../src/protocol/parseRequest.js';
import { DEFAULT_PROTOCOL_DELTA, requestFor } from '../../src/protocol/requestFor.js';
import { loadRequest, saveRequest } from '../../src/protocol/saveRequest.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { bandTarget, sameBits } from './helpers.js';

describe('requestFor', () => {
  const W = SparseTarget.fromEntries(3, [
    [2, 0, 0.5],
    [0, 1, 2],
    [0, 2, 6],
    [1, 0, 1],
  ]);

  it('writes exactly the fields of SPEC §5, in order, with 0-based row-major entries', () => {
    const request = requestFor(W, { epsilon: 0.5, gamma: 0.25, d: 8, seed: 3 }, 7);
    // kappa is the target's exp(ln 6 − ln 2), which rounds to 3 only within an ulp, so it is spliced in.
    expect(Math.abs(W.kappa - 3)).toBeLessThan(1e-15);
    expect(JSON.stringify(request)).toBe(
      `{"id":7,"L":3,"S":2,"epsilon":0.5,"gamma":0.25,"kappa":${W.kappa},"delta":0.1,"d":8,"seed":3,"entries":[[0,1,2],[0,2,6],[1,0,1],[2,0,0.5]]}`,
    );
    expect(DEFAULT_PROTOCOL_DELTA).toBe(0.1);
  });

  it('takes S, kappa and delta from the parameters when given', () => {
    const request = requestFor(W, { epsilon: 0.5, gamma: 0.5, d: 8, seed: 3, S: 4, kappa: 10, delta: 0.01 }, 1);
    expect([request.S, request.kappa, request.delta]).toEqual([4, 10, 0.01]);
  });

  it('caps a dynamic range beyond the double range at the largest double (JSON has no Infinity)', () => {
    const wide = SparseTarget.fromEntries(2, [
      [0, 0, 1e-300],
      [0, 1, 1e300],
      [1, 1, 1],
    ]);
    expect(wide.kappa).toBe(Infinity);
    expect(requestFor(wide, { epsilon: 0.5, gamma: 0.5, d: 2, seed: 1 }, 1).kappa).toBe(Number.MAX_VALUE);
  });

  it('refuses what cannot be sent, naming the field', () => {
    const base = { epsilon: 0.5, gamma: 0.5, d: 8, seed: 3 };
    expect(() => requestFor(W, { epsilon: 0.5, gamma: 0.5, d: 8, random: createRandom(1) }, 1)).toThrow(
      /seed: is required/,
    );
    expect(() => requestFor(W, { ...base, S: 1 }, 1)).toThrow(InputRangeError);
    expect(() => requestFor(W, { ...base, kappa: 0.5 }, 1)).toThrow(/kappa/);
    expect(() => requestFor(W, { ...base, delta: 1 }, 1)).toThrow(/delta/);
    expect(() => requestFor(W, { ...base, gamma: 1 }, 1)).toThrow(/gamma/);
    expect(() => requestFor(W, { ...base, d: 2.5 }, 1)).toThrow(/d: must be an integer/);
    expect(() => requestFor(W, base, -1)).toThrow(InputTypeError);
    expect(() => requestFor({ L: 3 } as unknown as SparseTarget, base, 1)).toThrow(/target/);
  });
});

describe('saved requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-request-'));

  it('save → load → target and parameters give back the request, values bit for bit', () => {
    // Values with long decimal expansions and extreme magnitudes: JSON.stringify must round-trip them.
    const W = SparseTarget.fromEntries(4, [
      [0, 1, 0.1 + 0.2],
      [1, 2, 1e-310],
      [1, 3, Math.PI],
      [2, 0, 5e300],
      [3, 3, 1 / 3],
    ]);
    const request = requestFor(W, { epsilon: 0.3, gamma: 0.7, d: 16, seed: -12345678901, delta: 0.05 }, 42);
    const path = join(dir, 'request.json');
    saveRequest(path, request);
    // Exactly one protocol line, so `impl < request.json` replays it by hand.
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(request)}\n`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const loaded = loadRequest(path);
    expect(loaded).toEqual(request);
    const target = targetOfRequest(loaded);
    expect(sameBits(target.values, W.values)).toBe(true);
    expect(Array.from(target.colIdx)).toEqual(Array.from(W.colIdx));
    expect(requestFor(target, paramsOfRequest(loaded), loaded.id)).toEqual(request);
  });

  it('round-trips a larger target too', () => {
    const W = bandTarget(50);
    const request = requestFor(W, { epsilon: 0.5, gamma: 0.5, d: 4, seed: 1 }, 3);
    expect(
      requestFor(targetOfRequest(parseRequest(JSON.parse(JSON.stringify(request)))), paramsOfRequest(request), 3),
    ).toEqual(request);
  });

  it('reports corrupted requests as bad input naming the file and field', () => {
    const good = requestFor(bandTarget(4), { epsilon: 0.5, gamma: 0.5, d: 4, seed: 1 }, 1);
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"id": 1,');
    expect(() => loadRequest(path)).toThrow(/bad\.json.*malformed JSON/);
    writeFileSync(path, JSON.stringify({ ...good, d: 'eight' }));
    expect(() => loadRequest(path)).toThrow(/bad\.json: d: must be an integer/);
    writeFileSync(path, JSON.stringify({ ...good, seed: undefined }));
    expect(() => loadRequest(path)).toThrow(/seed: is missing/);
    expect(() => parseRequest([1, 2])).toThrow(InputTypeError);
    expect(() => parseRequest({ ...good, epsilon: -1 })).toThrow(/epsilon/);
    expect(() => parseRequest({ ...good, kappa: 0 })).toThrow(/kappa/);
    // Entries are validated when the target is rebuilt: an over-full row against the request's S.
    const overfull = parseRequest({ ...good, S: 1 });
    expect(() => targetOfRequest(overfull, 'r.json')).toThrow(
      /r\.json: row 0: row has 2 positive entries, more than S = 1/,
    );
    expect(() => targetOfRequest(parseRequest({ ...good, entries: [[0, 9, 1]] }))).toThrow(
      /column index 9 is out of range/,
    );
  });
});
