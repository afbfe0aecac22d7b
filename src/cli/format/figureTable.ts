import { formatNumber, renderTable } from './table.js';

/**
 * A property's figures laid out for reading: keys named `<row> <column>` whose column part also appears
 * under another row (`S1-eps0.9 L=32 d=245 p(d)`, `gaussian-d32 KS p`) become a table, one line per row
 * and one column per measure (blank where a row lacks it); every other figure gets a line of its own,
 * `key  value`, aligned. Each line starts with `indent`. `O(k² · key length)` for `k` figures.
 *
 * @example
 * figureTable({ 'a x': 1, 'a y': 2, 'b x': 3, 'b y': 4, total: 10 }, '  ');
 * // "  total  10\n     x  y\n  a  1  2\n  b  3  4\n"
 * @throws never.
 */
export function figureTable(figures: Readonly<Record<string, unknown>>, indent: string): string {
  const keys = Object.keys(figures);
  const cell = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : String(v));
  // The split of each key into (row, column): the longest column part, cut at a space, that a key of
  // another row also ends with; then a key left over joins a row found so (`d*/d at L=64` beside
  // `d*/d at L=16`, whose column other rows share).
  const first = keys.map((key) => {
    for (let at = key.indexOf(' '); at > 0; at = key.indexOf(' ', at + 1)) {
      const column = key.slice(at + 1);
      const row = key.slice(0, at);
      if (
        keys.some(
          (other) => other !== key && other.endsWith(` ${column}`) && other.slice(0, -column.length - 1) !== row,
        )
      )
        return { key, row, column };
    }
    return { key, row: undefined, column: undefined };
  });
  const knownRows = [...new Set(first.map((s) => s.row).filter((r): r is string => r !== undefined))].sort(
    (a, b) => b.length - a.length,
  );
  const splits = first.map((s) => {
    if (s.row !== undefined) return s;
    const row = knownRows.find((r) => s.key.startsWith(`${r} `));
    return row === undefined ? s : { key: s.key, row, column: s.key.slice(row.length + 1) };
  });
  const single = splits.filter((s) => s.row === undefined);
  const grouped = splits.filter((s): s is { key: string; row: string; column: string } => s.row !== undefined);
  let text = '';
  if (single.length > 0)
    text += renderTable(
      ['', ''],
      single.map((s) => [s.key, cell(figures[s.key])]),
    )
      .split('\n')
      .slice(1, -1)
      .map((line) => `${indent}${line}\n`)
      .join('');
  if (grouped.length > 0) {
    const rows = [...new Set(grouped.map((s) => s.row))];
    const columns = [...new Set(grouped.map((s) => s.column))];
    const value = new Map(grouped.map((s) => [`${s.row}\u0000${s.column}`, cell(figures[s.key])]));
    const table = renderTable(
      ['', ...columns],
      rows.map((row) => [row, ...columns.map((c) => value.get(`${row}\u0000${c}`) ?? '')]),
    );
    text += table
      .split('\n')
      .slice(0, -1)
      .map((line) => `${indent}${line}\n`)
      .join('');
  }
  return text;
}
