// The paper's construction (SPEC §3, "projected inputs" layout) written from scratch
// in plain JavaScript, for the protocol tests: it imports nothing from src, so the
// tests exercise the protocol against an independent implementation.

/** mulberry32: a small seeded 32-bit generator; returns floats in [0, 1). */
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

/** L×d Gaussian matrix with N(0, 1/d) entries (Box–Muller), row-major. */
function gaussian(L, d, seed) {
  const next = generator(seed);
  const G = new Float64Array(L * d);
  const sd = 1 / Math.sqrt(d);
  for (let p = 0; p < G.length; p += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    G[p] = sd * r * Math.cos(angle);
    if (p + 1 < G.length) G[p + 1] = sd * r * Math.sin(angle);
  }
  return G;
}

/** {X, WQ, WK} as nested arrays for one protocol request. */
export function constructFromRequest(request, options = {}) {
  const { L, d, epsilon, gamma, seed, entries } = request;
  const rho = Math.log1p(epsilon);
  const Delta = Math.log(1 / gamma) + rho;
  const rowMin = new Float64Array(L).fill(Infinity);
  for (const [i, , w] of entries) rowMin[i] = Math.min(rowMin[i], Math.log(w));
  const G = gaussian(L, d, seed);
  // options.usedFraction < 1 makes a weak construction: only the first columns carry randomness,
  // scaled so every row keeps expected squared norm 1 (unbiased, but of smaller effective dimension).
  const used = Math.max(1, Math.ceil((options.usedFraction ?? 1) * d));
  if (used < d) for (let p = 0; p < G.length; p++) G[p] = p % d < used ? G[p] * Math.sqrt(d / used) : 0;
  // BG = B G with B_ij = Delta + ln(W_ij / min_k W_ik) on the support.
  const BG = new Float64Array(L * d);
  for (const [i, j, w] of entries) {
    const b = Delta + Math.log(w) - rowMin[i];
    for (let k = 0; k < d; k++) BG[i * d + k] += b * G[j * d + k];
  }
  const s = Math.sqrt(d);
  const X = [];
  for (let i = 0; i < L; i++) {
    const row = new Array(2 * d);
    for (let k = 0; k < d; k++) {
      row[k] = s * BG[i * d + k];
      row[d + k] = G[i * d + k];
    }
    X.push(row);
  }
  const WQ = [];
  const WK = [];
  for (let r = 0; r < 2 * d; r++) {
    const q = new Array(d).fill(0);
    const k = new Array(d).fill(0);
    if (r < d) q[r] = 1;
    else k[r - d] = 1;
    WQ.push(q);
    WK.push(k);
  }
  return { X, WQ, WK };
}

/** Calls `handle(request, index)` for each request line on stdin, in order (index is 1-based). */
export async function serve(handle) {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let index = 0;
  for await (const line of lines) {
    index++;
    await handle(JSON.parse(line), index);
  }
}

/** Writes one line to stdout and resolves once it is handed to the OS. */
export function writeLine(text) {
  return new Promise((resolve) => process.stdout.write(`${text}\n`, resolve));
}
