import { describe, expect, it } from 'vitest';
import { figureTable } from '../../src/cli/format/figureTable.js';

describe('figureTable: the figures of a property, readable', () => {
  it('keys sharing measures become a table (rows × measures), the others a line each', () => {
    const text = figureTable({ 'a x': 1, 'a y': 2, 'b x': 3, 'b y': 4, total: 10 }, '  ');
    expect(text).toBe('  total  10\n     x  y\n  a  1  2\n  b  3  4\n');
  });

  it('multi-word rows and measures split at the longest shared measure', () => {
    const text = figureTable(
      {
        'S1 L=32 d=245 p(d)': 0.2964,
        'S1 L=32 d=245 CP upper': 0.6894,
        'S2 L=12 d=9122 p(d)': 0.3,
        'S2 L=12 d=9122 CP upper': 0.6894,
        'g4 KS p': 0.78,
      },
      '',
    );
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('g4 KS p  0.78'); // no other row has "KS p": a line of its own
    expect(lines[1]).toMatch(/^\s+p\(d\)\s+CP upper$/);
    expect(lines[2]).toMatch(/^S1 L=32 d=245\s+0\.2964\s+0\.6894$/);
    expect(lines[3]).toMatch(/^S2 L=12 d=9122\s+0\.3\s+0\.6894$/);
    // Every line is short (the old one-line form ran to about 1,000 characters).
    for (const line of lines) expect(line.length).toBeLessThan(80);
  });

  it('a key whose measure no other row shares joins its row when the row is known', () => {
    const text = figureTable({ 'r at L=16': 1, 'r at L=64': 2, 's at L=16': 3 }, '');
    expect(text.split('\n')[0]).toMatch(/^\s+at L=16\s+at L=64$/);
    expect(text).toMatch(/^r\s+1\s+2$/m);
  });

  it('nothing to show is no text', () => {
    expect(figureTable({}, '  ')).toBe('');
  });
});
