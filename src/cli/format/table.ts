/**
 * Renders rows as an aligned plain-text table with a header line; numbers
 * right-aligned, text left-aligned. `O(cells)`.
 *
 * @example
 * renderTable(['L', 'd*'], [[256, 410]]);
 * // "L    d*\n256  410\n"
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [headers.map(String), ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const numeric = headers.map((_, k) => rows.length > 0 && rows.every((r) => typeof r[k] === 'number'));
  const widths = headers.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, k) => (numeric[k] ? c.padStart(widths[k]!) : c.padEnd(widths[k]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/**
 * A number for people: integers as they are, others with 4 significant
 * digits, exponent form for very large or small magnitudes. `O(1)`.
 *
 * @example
 * formatNumber(0.123456); // "0.1235"
 * formatNumber(1e-300);   // "1.000e-300"
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}
