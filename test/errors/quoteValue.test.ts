import { describe, expect, it } from 'vitest';
import { clipText, describeThrown, QUOTE_LIMIT, quoteValue } from '../../src/errors/quoteValue.js';

describe('quoteValue and clipText: short, one-line, total quotations for error messages', () => {
  it('quotes JSON values as JSON text, other values with String()', () => {
    expect(quoteValue('fixed')).toBe('"fixed"');
    expect(quoteValue([1, 2])).toBe('[1,2]');
    expect(quoteValue(null)).toBe('null');
    expect(quoteValue(undefined)).toBe('undefined');
    expect(quoteValue(10n)).toBe('10'); // JSON.stringify throws on BigInt; String() does not
    expect(quoteValue(Symbol('s'))).toBe('Symbol(s)');
  });

  it('clips long values to the limit, ending in "...", and keeps short ones whole', () => {
    const long = quoteValue(new Array(100).fill(0));
    expect(long.length).toBe(QUOTE_LIMIT);
    expect(long.endsWith('...')).toBe(true);
    expect(long.startsWith('[0,0,0')).toBe(true);
    expect(clipText('x'.repeat(QUOTE_LIMIT))).toBe('x'.repeat(QUOTE_LIMIT)); // exactly at the limit: whole
    expect(clipText('x'.repeat(QUOTE_LIMIT + 1))).toBe(`${'x'.repeat(QUOTE_LIMIT - 3)}...`);
    expect(clipText('abcdef', 5)).toBe('ab...');
  });

  it('turns line breaks into spaces', () => {
    expect(clipText('a\nb\r\nc\u2028d')).toBe('a b c d');
    expect(quoteValue({ toJSON: () => undefined, toString: () => 'x\ny' })).toBe('x y');
  });

  it('never throws: cycles, objects without prototype, throwing toJSON and toString', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(quoteValue(cycle)).toBe(''); // String([cycle]) joins recursively to the empty string
    expect(quoteValue(Object.assign(Object.create(null) as object, { a: 1n }))).toBe('(object that cannot be printed)');
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
      toString() {
        throw new Error('no');
      },
    };
    expect(quoteValue(hostile)).toBe('(object that cannot be printed)');
  });

  it('describeThrown: "Name: message" for errors, a quoted value otherwise, clipped, never throwing', () => {
    expect(describeThrown(new RangeError('bad d'))).toBe('RangeError: bad d');
    expect(describeThrown('oops')).toBe('"oops"');
    expect(describeThrown(new Error('x'.repeat(500)), 100)).toHaveLength(100);
    const hostile = new Error('m');
    Object.defineProperty(hostile, 'message', {
      get: () => {
        throw new Error('no');
      },
    });
    expect(describeThrown(hostile)).toBe('(Error that cannot be printed)');
  });
});
