import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/io/locateJsonError.js';
import { parseJsonText } from '../../src/io/parseJsonText.js';

const accepts = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('locateJsonError', () => {
  it.each([
    ['{"a": }', 6],
    ['[1, 2', 5],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['"\\x"', 1],
    ['tru', 0],
    ['[1,]', 3],
    ['{} x', 3],
    ['', 0],
  ])('finds the error in %j at offset %i', (text, offset) => {
    expect(locateJsonError(text)).toBe(offset);
  });

  it('agrees with JSON.parse on valid documents and on every one-character corruption of them', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', ',', ']', '}', '"', ':', 'x', '0', ' '),
        (value, at, insert) => {
          const text = JSON.stringify(value);
          expect(locateJsonError(text)).toBe(-1);
          const k = at % (text.length + 1);
          const corrupted = text.slice(0, k) + insert + text.slice(k + (insert === '' ? 1 : 0));
          expect(locateJsonError(corrupted) === -1).toBe(accepts(corrupted));
        },
      ),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('copes with deep nesting without recursion', () => {
    expect(locateJsonError('['.repeat(200000))).toBe(200000);
  });

  it('gives parseJsonText a line and column on Node 20 too', () => {
    expect(() => parseJsonText('{\n "L": 2,\n "entries": [[0, 0, 1] [1, 1, 1]]\n}', 'W.json')).toThrow(
      /^W\.json: line 3: malformed JSON: unexpected "\[1, 1, 1\]\]\\n}" at column 24$/,
    );
  });
});
