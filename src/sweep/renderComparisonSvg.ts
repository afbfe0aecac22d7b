import { coordinate as f, esc } from './svgText.js';
import type { SweepComparison } from './sweepComparison.js';

const WIDTH = 820;
const HEIGHT = 560;
const PLOT = { left: 78, right: WIDTH - 200, top: 80, bottom: HEIGHT - 70 };
const PALETTE = ['#1f5fbf', '#2e8b57', '#8e44ad', '#d35400', '#16a085', '#b8860b'];

/**
 * Several constructions' sweeps in one standalone SVG: the measured `d` of each
 * (a curve per construction, `<g id="construction-NAME">`) against `L`, next to
 * the bound `d*` (`<g id="dstar">`) and the trivial `d = L` (`<g id="identity">`),
 * both axes logarithmic (the dimensions span from a few to thousands).
 * Lengths where a construction has no measured `d` are left out of its curve.
 * `O(constructions × lengths)`.
 *
 * @example
 * renderComparisonSvg(comparison).includes('<g id="construction-exact-support">'); // true
 * @throws {RangeError} when a sweep is partial (one shard).
 */
export function renderComparisonSvg(comparison: SweepComparison): string {
  if (comparison.sweeps.some((s) => !s.complete))
    throw new RangeError('a partial sweep (one shard) has no rows to draw');
  const first = comparison.sweeps[0]!;
  const p = first.params;
  const lengths = first.rows.map((r) => r.L);
  const values = [
    ...first.rows.map((r) => r.dStar),
    ...lengths,
    ...comparison.sweeps.flatMap((s) => s.rows.flatMap((r) => (r.d === null ? [] : [r.d]))),
  ];
  const ly0 = Math.floor(Math.log10(Math.max(1, Math.min(...values))));
  const ly1 = Math.ceil(Math.log10(Math.max(...values)));
  const lx0 = Math.log2(lengths[0]!) - 0.5;
  const lx1 = Math.log2(lengths[lengths.length - 1]!) + 0.5;
  const x = (L: number): number => PLOT.left + ((Math.log2(L) - lx0) / (lx1 - lx0)) * (PLOT.right - PLOT.left);
  const y = (d: number): number =>
    PLOT.bottom - ((Math.log10(d) - ly0) / Math.max(1, ly1 - ly0)) * (PLOT.bottom - PLOT.top);
  const line = (
    id: string,
    color: string,
    points: ReadonlyArray<readonly [number, number]>,
    dash: string,
    label: string,
    k: number,
  ): string[] => [
    `<g id="${esc(id)}">`,
    `<polyline fill="none" stroke="${color}" stroke-width="2"${dash === '' ? '' : ` stroke-dasharray="${dash}"`} points="${points.map(([L, d]) => `${f(x(L))},${f(y(d))}`).join(' ')}"/>`,
    ...points.map(
      ([L, d]) =>
        `<circle cx="${f(x(L))}" cy="${f(y(d))}" r="3.5" fill="${color}"><title>${esc(`${label}: d = ${d} at L = ${L}`)}</title></circle>`,
    ),
    `<text x="${PLOT.right + 10}" y="${f(PLOT.top + 14 + 18 * k)}" fill="${color}">${esc(label)}</text>`,
    '</g>',
  ];
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, Helvetica, Arial, sans-serif" font-size="12" fill="#222222">`,
    `<title>${esc(`Query dimension needed by ${comparison.sweeps.map((s) => s.params.construction).join(', ')} against sequence length`)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="16" font-weight="600">Query dimension needed, construction by construction, against d* and d = L</text>`,
    `<text x="${WIDTH / 2}" y="50" text-anchor="middle">${esc(`${p.pattern} targets, S = ${p.S}, κ = ${p.kappa}; ε = ${p.epsilon}, γ = ${p.gamma}; ${p.trials} trials per L (${Math.round(p.success * 100)} % succeed), seed ${p.seed}`)}</text>`,
    '<g id="axes">',
  ];
  for (let e = ly0; e <= ly1; e++)
    out.push(
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${f(y(10 ** e))}" y2="${f(y(10 ** e))}" stroke="#e4e4e4"/>`,
      `<text x="${PLOT.left - 8}" y="${f(y(10 ** e) + 4)}" text-anchor="end">${10 ** e}</text>`,
    );
  for (const L of lengths) out.push(`<text x="${f(x(L))}" y="${PLOT.bottom + 18}" text-anchor="middle">${L}</text>`);
  out.push(
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 24}" text-anchor="middle">sequence length L (log scale)</text>`,
    `<text transform="translate(22 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">query dimension d (log scale)</text>`,
    '</g>',
  );
  comparison.sweeps.forEach((s, k) => {
    const points = s.rows.flatMap((r) => (r.d === null ? [] : [[r.L, r.d] as const]));
    out.push(
      ...line(
        `construction-${s.params.construction}`,
        PALETTE[k % PALETTE.length]!,
        points,
        '',
        `${s.params.construction} (measured)`,
        k,
      ),
    );
  });
  const n = comparison.sweeps.length;
  out.push(
    ...line(
      'dstar',
      '#c0392b',
      first.rows.map((r) => [r.L, r.dStar] as const),
      '7 4',
      `d* (bound, delta = ${p.delta})`,
      n,
    ),
  );
  out.push(
    ...line(
      'identity',
      '#7f7f7f',
      lengths.map((L) => [L, L] as const),
      '3 3',
      'd = L (trivial)',
      n + 1,
    ),
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
