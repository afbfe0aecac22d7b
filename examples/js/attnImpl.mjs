// attnImpl.mjs: a small, self-contained implementation of the paper's construction
// (SPEC §3, Gaussian projection; the "projected inputs" layout when d <= L, the "fixed
// module" one when d > L, whichever makes the smaller matrices), usable two ways:
//
//   as a module:   loadModuleConstruction('examples/js/attnImpl.mjs')
//                  (exports `name` and `construct(target, params)`)
//   over stdio:    node examples/js/attnImpl.mjs      (SPEC §5, JSON Lines)
//
// It imports nothing from attnproof and draws its projection from its own seeded
// generator, so its bits differ from the builtin construction's; it is judged only
// by what SPEC §2 and §5 require.
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const name = 'attnImpl (JS example)';

/** A seeded generator of floats in [0, 1) (mulberry32 on a 32-bit hash of the seed). */
function generator(seed) {
  const hi = Math.floor(seed / 4294967296);
  let state = (seed - hi * 4294967296) ^ Math.imul(hi | 0, 0x9e3779b1);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The construction on plain data: `L`, the positive entries `[row, col, value]`
 * (0-based), `epsilon`, `gamma`, `d`, `seed`. Returns `X` (L×m), `WQ`, `WK` (m×d)
 * as row-major Float64Arrays: m = 2d (projected layout) when d <= L, else m = 2L
 * (fixed layout, where the dynamic-range parameter sets of `attnproof validate`
 * ask for d in the thousands at small L).
 */
export function constructProjected({ L, entries, epsilon, gamma, d, seed }) {
  // Step 1-2: margin Delta and the logit target B_ij = Delta + ln(W_ij / min_k W_ik).
  const Delta = Math.log(1 / gamma) + Math.log1p(epsilon);
  const rowLogMin = new Float64Array(L).fill(Infinity);
  for (const [i, , w] of entries) rowLogMin[i] = Math.min(rowLogMin[i], Math.log(w));
  // Step 3: G is L×d with N(0, 1/d) entries (Box–Muller).
  const next = generator(seed);
  const G = new Float64Array(L * d);
  for (let p = 0; p < G.length; p += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - next())) / Math.sqrt(d);
    const angle = 2 * Math.PI * next();
    G[p] = radius * Math.cos(angle);
    if (p + 1 < G.length) G[p + 1] = radius * Math.sin(angle);
  }
  if (d > L) return fixedLayout(L, entries, Delta, rowLogMin, G, d);
  // Step 4: X = [sqrt(d)·B G | G], WQ = [I; 0], WK = [0; I], so Q K^T / sqrt(d) = B G G^T.
  const m = 2 * d;
  const X = new Float64Array(L * m);
  const scale = Math.sqrt(d);
  for (const [i, j, w] of entries) {
    const b = scale * (Delta + Math.log(w) - rowLogMin[i]);
    for (let k = 0; k < d; k++) X[i * m + k] += b * G[j * d + k];
  }
  for (let i = 0; i < L; i++) X.set(G.subarray(i * d, (i + 1) * d), i * m + d);
  const WQ = new Float64Array(m * d);
  const WK = new Float64Array(m * d);
  for (let k = 0; k < d; k++) {
    WQ[k * d + k] = 1;
    WK[(d + k) * d + k] = 1;
  }
  return { X: { rows: L, cols: m, data: X }, WQ: { rows: m, cols: d, data: WQ }, WK: { rows: m, cols: d, data: WK } };
}

/** Step 4, fixed layout: X = [B | I_L], WQ = [sqrt(d)·G; 0], WK = [0; G], so again Q K^T / sqrt(d) = B G G^T. */
function fixedLayout(L, entries, Delta, rowLogMin, G, d) {
  const m = 2 * L;
  const X = new Float64Array(L * m);
  for (const [i, j, w] of entries) X[i * m + j] += Delta + Math.log(w) - rowLogMin[i];
  for (let i = 0; i < L; i++) X[i * m + L + i] = 1;
  const WQ = new Float64Array(m * d);
  const WK = new Float64Array(m * d);
  const scale = Math.sqrt(d);
  for (let p = 0; p < L * d; p++) {
    WQ[p] = scale * G[p];
    WK[L * d + p] = G[p];
  }
  return { X: { rows: L, cols: m, data: X }, WQ: { rows: m, cols: d, data: WQ }, WK: { rows: m, cols: d, data: WK } };
}

/** Module entry point: `target` is an attnproof SparseTarget (`L`, `entries()`), `params` its ConstructionParams. */
export function construct(target, params) {
  if (params.seed === undefined) throw new Error('attnImpl needs params.seed (it draws its own projection)');
  return constructProjected({ L: target.L, entries: target.entries(), ...params });
}

function nested({ rows, cols, data }) {
  const out = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  return out;
}

/** Stdio entry point: one JSON request per line in, one JSON response per line out. */
async function serve() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const request = JSON.parse(line);
    let response;
    try {
      const { X, WQ, WK } = constructProjected(request);
      response = { id: request.id, X: nested(X), WQ: nested(WQ), WK: nested(WK) };
    } catch (error) {
      response = { id: request.id, error: String(error) };
    }
    // One write per response; wait until it is handed to the OS before reading on.
    await new Promise((resolve) => process.stdout.write(`${JSON.stringify(response)}\n`, resolve));
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await serve();
