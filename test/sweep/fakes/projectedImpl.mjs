// An independent implementation of SPEC §3 (projected layout) in plain JavaScript
// with its own generator (mulberry32 and Box–Muller), so that a sweep can measure a
// construction other than the built-in one. Run as a command it speaks the stdio
// protocol of SPEC §5; imported, it is a module construction (`construct`, `name`).
//   node projectedImpl.mjs crash-after N    exits with status 7 on request N + 1
//   node projectedImpl.mjs refuse-below D   answers {"error": ...} when d < D
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [mode, limit] = process.argv.slice(2);

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function constructFromRequest({ L, epsilon, gamma, d, seed, entries }) {
  const rho = Math.log1p(epsilon);
  const margin = Math.log(1 / gamma) + rho;
  // G: L×d with N(0, 1/d) entries, from the seed alone (fixed parameters).
  const next = mulberry32(seed);
  const G = Array.from({ length: L }, () => new Float64Array(d));
  for (const row of G)
    for (let c = 0; c < d; c++) {
      const u = 1 - next();
      row[c] = (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())) / Math.sqrt(d);
    }
  // B_ij = Delta + ln(W_ij / min_k W_ik) on the support; X = [sqrt(d)·B G | G].
  const rows = Array.from({ length: L }, () => []);
  for (const [i, j, w] of entries) rows[i].push([j, Math.log(w)]);
  const X = rows.map((support, i) => {
    const low = Math.min(...support.map(([, lw]) => lw));
    const bg = new Float64Array(d);
    for (const [j, lw] of support) for (let c = 0; c < d; c++) bg[c] += (margin + lw - low) * G[j][c];
    return [...Array.from(bg, (v) => v * Math.sqrt(d)), ...G[i]];
  });
  const WQ = Array.from({ length: 2 * d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? 1 : 0)));
  const WK = Array.from({ length: 2 * d }, (_, r) => Array.from({ length: d }, (_, c) => (r === d + c ? 1 : 0)));
  return { X, WQ, WK };
}

export const name = 'projectedImpl (test fake)';

/** The module form: the same construction from a SparseTarget. */
export function construct(target, params) {
  return constructFromRequest({ L: target.L, ...params, entries: target.entries() });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let answered = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const request = JSON.parse(line);
    if (mode === 'crash-after' && answered >= Number(limit)) process.exit(7);
    const answer =
      mode === 'refuse-below' && request.d < Number(limit)
        ? { error: `d = ${request.d} is below ${limit}` }
        : constructFromRequest(request);
    process.stdout.write(`${JSON.stringify({ id: request.id, ...answer })}\n`);
    answered++;
  }
}
