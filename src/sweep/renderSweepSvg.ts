import { sweepDStar } from './sweepParams.js';
import type { SweepResult } from './sweepResult.js';
import type { SweepRow } from './sweepRows.js';

const WIDTH = 820;
const HEIGHT = 600;
const PLOT = { left: 78, right: WIDTH - 28, top: 84, bottom: HEIGHT - 84 };
/** A white outline behind text, so labels stay legible where they cross a line. */
const HALO = 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';
const COLORS = {
  measured: '#1f5fbf',
  fit: '#1f5fbf',
  dStar: '#c0392b',
  identity: '#7f7f7f',
  grid: '#e4e4e4',
  axis: '#333333',
  text: '#222222',
};

/**
 * The picture of a complete sweep, as a standalone SVG document (hand-written,
 * no dependency): the needed query dimension `d` against the sequence length
 * `L` on a logarithmic axis, where `d = O(log L)` is a straight line. It shows
 * the measured points with bars from the `d` at which half of the trials
 * succeed to the `d` at which all do, the least-squares line `a + b·ln L`, the
 * closed-form bound `d*` with the ratio `d* ÷ d` at each length, the line `d = L`
 * (the trivial exact construction), and where `d*` crosses below it; with a
 * title, the parameters, axis labels and a legend. Every series is a `<g>`
 * with an `id` (`measured`, `fit`, `dstar`, `identity`, `legend`).
 * `O(lengths)`.
 *
 * @example
 * renderSweepSvg(result).startsWith('<?xml'); // true
 * @throws {RangeError} when the result is partial (a shard's): merge the shards first.
 */
export function renderSweepSvg(result: SweepResult): string {
  if (!result.complete || result.rows.length === 0)
    throw new RangeError('a partial sweep (one shard) has no rows to draw; merge the shards first');
  const { params, rows, fit, crossover } = result;
  const lengths = rows.map((r) => r.L);
  const lx0 = Math.log2(lengths[0]!) - (lengths.length > 1 ? 0.5 : 1);
  const lx1 = Math.log2(lengths[lengths.length - 1]!) + (lengths.length > 1 ? 0.5 : 1);
  const highest = Math.max(...rows.flatMap((r) => [r.dStar, r.d ?? r.maxD, r.dAll ?? r.maxD]));
  // Head room above the highest point keeps the legend (top left) clear of the data.
  const yStep = niceStep((highest * 1.35) / 8);
  const yTop = Math.ceil((highest * 1.35) / yStep) * yStep;
  const x = (L: number): number => PLOT.left + ((Math.log2(L) - lx0) / (lx1 - lx0)) * (PLOT.right - PLOT.left);
  const y = (d: number): number => PLOT.bottom - (d / yTop) * (PLOT.bottom - PLOT.top);
  const out: string[] = [];

  out.push(
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12" fill="${COLORS.text}">`,
    `<title>${esc(`Query dimension needed by ${params.construction} against sequence length`)}</title>`,
    `<desc>${esc(describe(result))}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<defs><clipPath id="plot-area"><rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}"/></clipPath></defs>`,
    `<text x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="17" font-weight="600">${esc(`Query dimension needed: measured d against the bound d* and against L`)}</text>`,
    `<text x="${WIDTH / 2}" y="50" text-anchor="middle" font-size="12.5">${esc(
      `construction ${params.construction}; targets: ${params.pattern}, S = ${params.S}, κ = ${params.kappa}; ε = ${params.epsilon}, γ = ${params.gamma}; ` +
        `${params.trials} trials per L, ${fmtPercent(params.resolution)} grid of d, seed ${params.seed}`,
    )}</text>`,
  );

  // Axes and grid lines.
  out.push('<g id="axes">');
  for (let d = 0; d <= yTop + 1e-9; d += yStep) {
    out.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${f(y(d))}" y2="${f(y(d))}" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${PLOT.left - 8}" y="${f(y(d) + 4)}" text-anchor="end">${d}</text>`);
  }
  for (const L of lengths) {
    out.push(`<line x1="${f(x(L))}" x2="${f(x(L))}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${f(x(L))}" y="${PLOT.bottom + 18}" text-anchor="middle">${L}</text>`);
  }
  out.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="${COLORS.axis}"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 40}" text-anchor="middle" font-size="13">sequence length L (logarithmic scale)</text>`,
    `<text transform="translate(22 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="13">query dimension d</text>`,
    '</g>',
  );

  // d = L, the trivial exact construction (clipped at the top of the plot).
  const curve = (fn: (L: number) => number): string =>
    Array.from({ length: 121 }, (_, i) => 2 ** (lx0 + ((lx1 - lx0) * i) / 120))
      .map((L) => `${f(x(L))},${f(y(Math.min(fn(L), yTop * 1.5)))}`)
      .join(' ');
  out.push(
    '<g id="identity" clip-path="url(#plot-area)">',
    `<polyline points="${curve((L) => L)}" fill="none" stroke="${COLORS.identity}" stroke-width="1.6" stroke-dasharray="3 4"/>`,
    '</g>',
  );

  // d*: the closed form, drawn through every integer length it is defined at.
  out.push(
    '<g id="dstar" clip-path="url(#plot-area)">',
    `<polyline points="${curve((L) => sweepDStar(params, Math.max(2, Math.round(L))))}" fill="none" stroke="${COLORS.dStar}" stroke-width="2"/>`,
  );
  for (const r of rows) {
    out.push(
      `<rect class="dstar-point" x="${f(x(r.L) - 4)}" y="${f(y(r.dStar) - 4)}" width="8" height="8" fill="${COLORS.dStar}"><title>${esc(`L = ${r.L}: d* = ${r.dStar}`)}</title></rect>`,
    );
    if (r.dStarOverD !== null)
      out.push(
        `<text x="${f(x(r.L))}" y="${f(y(r.dStar) - 10)}" text-anchor="middle" font-size="11.5" fill="${COLORS.dStar}" ${HALO}>${esc(`d*/d = ${fmtRatio(r.dStarOverD)}`)}</text>`,
      );
  }
  out.push('</g>');

  // The fitted line a + b ln L.
  if (fit !== null) {
    const line = (L: number): number => fit.intercept + fit.slope * Math.log(L);
    out.push(
      '<g id="fit" clip-path="url(#plot-area)">',
      `<polyline points="${curve(line)}" fill="none" stroke="${COLORS.fit}" stroke-width="1.6" stroke-dasharray="8 5"/>`,
      '</g>',
    );
  }

  // Measured points with their spread across trials.
  out.push('<g id="measured">');
  for (const r of rows) out.push(measuredPoint(r, x, y));
  out.push('</g>');

  // Where d* falls below L.
  if (
    crossover !== null &&
    crossover.dStar !== null &&
    Math.log2(crossover.dStar) > lx0 &&
    Math.log2(crossover.dStar) < lx1
  ) {
    const cx = f(x(crossover.dStar));
    out.push(
      '<g id="crossover">',
      `<line x1="${cx}" x2="${cx}" y1="${f(y(crossover.dStar))}" y2="${PLOT.bottom}" stroke="${COLORS.dStar}" stroke-width="1" stroke-dasharray="2 3"/>`,
      `<circle cx="${cx}" cy="${f(y(crossover.dStar))}" r="4" fill="none" stroke="${COLORS.dStar}" stroke-width="1.5"/>`,
      `<text x="${f(x(crossover.dStar) + 6)}" y="${f(Math.min(PLOT.bottom - 8, y(crossover.dStar) + 16))}" font-size="11.5" fill="${COLORS.dStar}" ${HALO}>${esc(`d* < L from L = ${crossover.dStar}`)}</text>`,
      '</g>',
    );
  }

  out.push(legend(result));
  out.push(`<text x="${PLOT.left}" y="${HEIGHT - 14}" font-size="11.5">${esc(footer(result))}</text>`);
  out.push('</svg>', '');
  return out.join('\n');
}

function measuredPoint(r: SweepRow, x: (L: number) => number, y: (d: number) => number): string {
  const cx = f(x(r.L));
  const parts: string[] = [];
  const low = r.dHalf;
  const high = r.dAll ?? r.maxD;
  if (low !== null) {
    parts.push(
      `<line class="spread" x1="${cx}" x2="${cx}" y1="${f(y(low))}" y2="${f(y(high))}" stroke="${COLORS.measured}" stroke-width="1.4"${r.dAll === null ? ' stroke-dasharray="2 2"' : ''}/>`,
    );
    for (const d of r.dAll === null ? [low] : [low, high])
      parts.push(
        `<line x1="${f(x(r.L) - 5)}" x2="${f(x(r.L) + 5)}" y1="${f(y(d))}" y2="${f(y(d))}" stroke="${COLORS.measured}" stroke-width="1.4"/>`,
      );
  }
  if (r.d === null) {
    const ty = y(r.maxD);
    parts.push(
      `<path class="measured-point" data-L="${r.L}" d="M ${f(x(r.L) - 6)} ${f(ty + 5)} L ${f(x(r.L) + 6)} ${f(ty + 5)} L ${cx} ${f(ty - 6)} Z" fill="#ffffff" stroke="${COLORS.measured}" stroke-width="1.6">` +
        `<title>${esc(`L = ${r.L}: fewer than the required trials succeed even at d = ${r.maxD} (${r.successes} of ${r.trials})`)}</title></path>`,
    );
  } else {
    parts.push(
      `<circle class="measured-point" data-L="${r.L}" data-d="${r.d}" cx="${cx}" cy="${f(y(r.d))}" r="4.5" fill="${COLORS.measured}">` +
        `<title>${esc(`L = ${r.L}: d = ${r.d} (${r.successes} of ${r.trials} trials succeed; d* = ${r.dStar}, d*/d = ${fmtRatio(r.dStarOverD!)}, L/d = ${fmtRatio(r.lOverD!)})`)}</title></circle>`,
      `<text x="${f(x(r.L) + 9)}" y="${f(y(r.d) - 6)}" font-size="11.5" font-weight="600" fill="${COLORS.measured}" ${HALO}>${r.d}</text>`,
    );
  }
  return parts.join('\n');
}

function legend(result: SweepResult): string {
  const { params, fit } = result;
  const entries: Array<[symbol: string, text: string]> = [
    [
      `<circle cx="14" cy="0" r="4.5" fill="${COLORS.measured}"/>`,
      `measured d: ≥ ${Math.round(params.success * 100)} % of ${params.trials} trials succeed`,
    ],
    [
      `<line x1="14" x2="14" y1="-7" y2="7" stroke="${COLORS.measured}" stroke-width="1.4"/><line x1="9" x2="19" y1="-7" y2="-7" stroke="${COLORS.measured}" stroke-width="1.4"/><line x1="9" x2="19" y1="7" y2="7" stroke="${COLORS.measured}" stroke-width="1.4"/>`,
      'bar: from half to all of the trials succeeding',
    ],
  ];
  if (fit !== null)
    entries.push([
      `<line x1="2" x2="26" y1="0" y2="0" stroke="${COLORS.fit}" stroke-width="1.6" stroke-dasharray="8 5"/>`,
      `fit d ≈ ${fmtFixed(fit.intercept, 1)} + ${fmtFixed(fit.slope, 2)}·ln L (R² = ${fmtFixed(fit.rSquared, 3)})`,
    ]);
  entries.push(
    [
      `<line x1="2" x2="26" y1="0" y2="0" stroke="${COLORS.dStar}" stroke-width="2"/><rect x="10" y="-4" width="8" height="8" fill="${COLORS.dStar}"/>`,
      `d*: the theorem's bound (failure ≤ ${params.delta})`,
    ],
    [
      `<line x1="2" x2="26" y1="0" y2="0" stroke="${COLORS.identity}" stroke-width="1.6" stroke-dasharray="3 4"/>`,
      'd = L: the trivial exact construction',
    ],
  );
  const lineHeight = 19;
  const width = 12 + 34 + Math.max(...entries.map(([, text]) => text.length)) * 6.6;
  const x0 = PLOT.left + 12;
  const y0 = PLOT.top + 12;
  const rows = entries.map(
    ([symbol, text], i) =>
      `<g transform="translate(${x0 + 8} ${y0 + 16 + i * lineHeight})">${symbol}<text x="34" y="4">${esc(text)}</text></g>`,
  );
  return [
    '<g id="legend">',
    `<rect x="${x0}" y="${y0}" width="${f(width)}" height="${entries.length * lineHeight + 12}" fill="#ffffff" fill-opacity="0.92" stroke="#bbbbbb" rx="4"/>`,
    ...rows,
    '</g>',
  ].join('\n');
}

function footer(result: SweepResult): string {
  const { fit, crossover, rows } = result;
  const parts: string[] = [];
  if (fit !== null) parts.push(`slope b = ${fmtFixed(fit.slope, 2)} per ln L (d*: ${fmtFixed(fit.dStarSlope, 1)})`);
  const ratios = rows.filter((r) => r.dStarOverD !== null).map((r) => r.dStarOverD!);
  if (ratios.length > 0) parts.push(`d*/d from ${fmtRatio(Math.min(...ratios))} to ${fmtRatio(Math.max(...ratios))}`);
  if (crossover !== null) {
    const fitted = crossover.fitted === null ? '' : ` (fit: ${crossover.fitted})`;
    parts.push(
      crossover.measured === null
        ? 'measured d < L: not within the swept lengths'
        : `measured d < L from L ${crossover.measuredAtShortest ? '≤' : '='} ${crossover.measured}${fitted}`,
    );
    if (crossover.dStar !== null) parts.push(`d* < L from L = ${crossover.dStar}`);
  }
  return parts.join(' · ');
}

function describe(result: SweepResult): string {
  return result.rows
    .map((r) => `L = ${r.L}: measured d = ${r.d ?? `none up to ${r.maxD}`}, d* = ${r.dStar}`)
    .join('; ');
}

/** A step of 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return Math.max(1, m * power);
  return Math.max(1, 10 * power);
}

function f(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function fmtFixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

function fmtRatio(v: number): string {
  return v >= 10 ? v.toFixed(0) : v.toFixed(1);
}

function fmtPercent(v: number): string {
  return `${Number((v * 100).toPrecision(3))} %`;
}

/** Text for XML character data and attribute values. */
function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
