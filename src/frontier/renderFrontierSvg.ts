import { coordinate as f, esc } from '../sweep/svgText.js';
import type { FrontierResult } from './runFrontier.js';

const WIDTH = 760;
const HEIGHT = 480;
const PLOT = { left: 70, right: WIDTH - 170, top: 70, bottom: HEIGHT - 60 };
const PALETTE = ['#1f5fbf', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#16a085'];

/**
 * The frontier as a standalone SVG: `bits` against `L` (logarithmic axis), one
 * line per `S`, each point filled when the certificate was verified, hollow when
 * it failed or was inconclusive, and the 53 bits of float64 as a dashed line.
 * Series are `<g id="S1">`, `<g id="S2">`, …. `O(rows)`.
 *
 * @example
 * renderFrontierSvg(result).startsWith('<?xml'); // true
 * @throws {RangeError} when the result has no rows.
 */
export function renderFrontierSvg(result: FrontierResult): string {
  if (result.rows.length === 0) throw new RangeError('a frontier without rows has nothing to draw');
  const lengths = [...new Set(result.rows.map((r) => r.L))].sort((a, b) => a - b);
  const lx0 = Math.log2(lengths[0]!) - 0.5;
  const lx1 = Math.log2(lengths[lengths.length - 1]!) + 0.5;
  const yTop = Math.max(60, Math.ceil(Math.max(...result.rows.map((r) => r.bits)) / 10) * 10);
  const x = (L: number): number => PLOT.left + ((Math.log2(L) - lx0) / (lx1 - lx0)) * (PLOT.right - PLOT.left);
  const y = (bits: number): number =>
    PLOT.bottom - (Math.min(Math.max(bits, 0), yTop) / yTop) * (PLOT.bottom - PLOT.top);
  const p = result.params;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, Helvetica, Arial, sans-serif" font-size="12" fill="#222222">`,
    `<title>${esc(`Precision frontier of ${result.construction}`)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="16" font-weight="600">${esc(`Precision frontier of ${result.construction}: bits of the certificate against L`)}</text>`,
    `<text x="${WIDTH / 2}" y="46" text-anchor="middle">${esc(`${p.pattern} targets, κ = ${p.kappa}, ε = ${p.epsilon}, γ = ${p.gamma}, seed ${p.seed}; filled: verified, hollow: failed or inconclusive`)}</text>`,
    '<g id="axes">',
  ];
  for (let b = 0; b <= yTop; b += 10)
    out.push(
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${f(y(b))}" y2="${f(y(b))}" stroke="#e4e4e4"/>`,
      `<text x="${PLOT.left - 8}" y="${f(y(b) + 4)}" text-anchor="end">${b}</text>`,
    );
  for (const L of lengths) out.push(`<text x="${f(x(L))}" y="${PLOT.bottom + 18}" text-anchor="middle">${L}</text>`);
  out.push(
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${f(y(53))}" y2="${f(y(53))}" stroke="#7f7f7f" stroke-dasharray="6 4"/>`,
    `<text x="${PLOT.right + 6}" y="${f(y(53) + 4)}">float64: 53 bits</text>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 20}" text-anchor="middle">sequence length L (log scale)</text>`,
    `<text transform="translate(20 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">bits = log2 max Σ|Q K|</text>`,
    '</g>',
  );
  [...new Set(result.rows.map((r) => r.S))].forEach((S, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const rows = result.rows.filter((r) => r.S === S);
    out.push(
      `<g id="S${S}">`,
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${rows.map((r) => `${f(x(r.L))},${f(y(r.bits))}`).join(' ')}"/>`,
    );
    for (const r of rows)
      out.push(
        `<circle cx="${f(x(r.L))}" cy="${f(y(r.bits))}" r="5" stroke="${color}" stroke-width="2" fill="${r.verdict === 'pass' ? color : '#ffffff'}"><title>${esc(`S = ${S}, L = ${r.L}, d = ${r.d}: ${r.bits.toFixed(1)} bits, ${r.verdict}`)}</title></circle>`,
      );
    out.push(
      `<text x="${PLOT.right + 6}" y="${f(PLOT.top + 16 + 18 * k)}" fill="${color}">S = ${S} (d = ${rows[0]!.d})</text>`,
      '</g>',
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
