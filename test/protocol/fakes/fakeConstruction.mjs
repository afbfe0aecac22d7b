// The paper's construction (SPEC §3, both layouts, Gaussian or Rademacher projection) written
// from scratch in plain JavaScript, for the protocol tests: it imports nothing from src, so the
// tests exercise the protocol (and `attnproof validate`) against an independent implementation.
// Options break one step at a time, to play the outside implementations with a bug that
// `validate` must catch (see variantImpl.mjs).

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

/** L×d matrix, row-major: N(0, variance) entries (Box–Muller), or ±sqrt(variance) signs. */
export function projection(L, d, seed, { kind = 'gaussian', variance = 1 / d } = {}) {
  const next = generator(seed);
  const G = new Float64Array(L * d);
  const sd = Math.sqrt(variance);
  if (kind === 'rademacher') {
    for (let p = 0; p < G.length; p++) G[p] = next() < 0.5 ? -sd : sd;
    return G;
  }
  for (let p = 0; p < G.length; p += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    G[p] = sd * r * Math.cos(angle);
    if (p + 1 < G.length) G[p + 1] = sd * r * Math.sin(angle);
  }
  return G;
}

/**
 * The logit target as sparse triples [i, j, B_ij]: B_ij = Delta + logScale·ln(W_ij / ref_i) with
 * ref_i the row's min (the paper) or max (`normalise: 'max'`), Delta reduced by `marginCut`.
 */
export function logitTriples({ L, epsilon, gamma, entries }, { normalise = 'min', logScale = 1, marginCut = 0 } = {}) {
  const rho = Math.log1p(epsilon);
  const Delta = Math.log(1 / gamma) + rho - marginCut * rho;
  const ref = new Float64Array(L).fill(normalise === 'max' ? -Infinity : Infinity);
  for (const [i, , w] of entries)
    ref[i] = normalise === 'max' ? Math.max(ref[i], Math.log(w)) : Math.min(ref[i], Math.log(w));
  return entries.map(([i, j, w]) => [i, j, Delta + logScale * (Math.log(w) - ref[i])]);
}

/**
 * {X, WQ, WK} as nested arrays from sparse coefficients `B` (triples) and keys `K` (L×d, row-major),
 * so that the logits are B K Kᵀ. `layout`: 'projected' (m = 2d: X = [sqrt(d)·B K | K], WQ = [I; 0],
 * WK = [0; I]), 'fixed' (m = 2L: X = [B | I], WQ = [sqrt(d)·K; 0], WK = [0; K]), or 'auto'
 * (projected when d <= L, else fixed: whichever message is smaller).
 */
export function assemble(L, d, triples, K, layout = 'projected') {
  const chosen = layout === 'auto' ? (d <= L ? 'projected' : 'fixed') : layout;
  const s = Math.sqrt(d);
  if (chosen === 'fixed') {
    const X = [];
    for (let i = 0; i < L; i++) {
      const row = new Array(2 * L).fill(0);
      row[L + i] = 1;
      X.push(row);
    }
    for (const [i, j, b] of triples) X[i][j] += b;
    const WQ = [];
    const WK = [];
    for (let r = 0; r < 2 * L; r++) {
      const q = new Array(d).fill(0);
      const k = new Array(d).fill(0);
      for (let c = 0; c < d; c++) {
        if (r < L) q[c] = s * K[r * d + c];
        else k[c] = K[(r - L) * d + c];
      }
      WQ.push(q);
      WK.push(k);
    }
    return { X, WQ, WK };
  }
  const BK = new Float64Array(L * d);
  for (const [i, j, b] of triples) for (let c = 0; c < d; c++) BK[i * d + c] += b * K[j * d + c];
  const X = [];
  for (let i = 0; i < L; i++) {
    const row = new Array(2 * d);
    for (let c = 0; c < d; c++) {
      row[c] = s * BK[i * d + c];
      row[d + c] = K[i * d + c];
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

/**
 * {X, WQ, WK} as nested arrays for one protocol request: the paper's construction, or one step
 * of it broken by `options`: `normalise`, `logScale`, `marginCut` (see {@link logitTriples}),
 * `variance` of G's entries as a multiple of 1/d, `usedFraction` of G's columns (the rest zero,
 * the used ones rescaled so every row keeps expected squared norm 1), `projection`, `layout`.
 */
export function constructFromRequest(request, options = {}) {
  const { L, d, seed } = request;
  const G = projection(L, d, seed, { kind: options.projection ?? 'gaussian', variance: (options.variance ?? 1) / d });
  const used = Math.max(1, Math.ceil((options.usedFraction ?? 1) * d));
  if (used < d) for (let p = 0; p < G.length; p++) G[p] = p % d < used ? G[p] * Math.sqrt(d / used) : 0;
  return assemble(L, d, logitTriples(request, options), G, options.layout ?? 'projected');
}

/**
 * SPEC §7.3 "exact support", stronger than the paper's: unit-length Gaussian keys, and each query
 * the minimum-norm vector in the span of its support keys with q·k_s = Delta + ln(W_is / min W_i)
 * exactly (an m×m Gram solve), so (R1) holds up to rounding. Where the support keys are linearly
 * dependent (d below the row's support size) the row falls back to the paper's coefficients B.
 */
export function exactSupportFromRequest(request, layout = 'auto') {
  const { L, d, seed } = request;
  const K = projection(L, d, seed);
  for (let i = 0; i < L; i++) {
    let norm = 0;
    for (let c = 0; c < d; c++) norm += K[i * d + c] ** 2;
    norm = Math.sqrt(norm);
    for (let c = 0; c < d; c++) K[i * d + c] /= norm;
  }
  const rows = new Map();
  for (const [i, j, b] of logitTriples(request)) {
    if (!rows.has(i)) rows.set(i, []);
    rows.get(i).push([j, b]);
  }
  const triples = [];
  for (const [i, support] of rows) {
    const coefficients = gramSolve(K, d, support);
    support.forEach(([j, b], t) => triples.push([i, j, coefficients === null ? b : coefficients[t]]));
  }
  return assemble(L, d, triples, K, layout);
}

/** Solves (K_S K_Sᵀ) c = y for the support S = [[j, y_j], …] by Gaussian elimination with partial pivoting; null when singular. */
function gramSolve(K, d, support) {
  const m = support.length;
  const A = support.map(([j]) =>
    support.map(([k]) => {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += K[j * d + c] * K[k * d + c];
      return dot;
    }),
  );
  const y = support.map(([, b]) => b);
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    [y[col], y[pivot]] = [y[pivot], y[col]];
    if (Math.abs(A[col][col]) < 1e-9) return null;
    for (let r = col + 1; r < m; r++) {
      const f = A[r][col] / A[col][col];
      for (let c = col; c < m; c++) A[r][c] -= f * A[col][c];
      y[r] -= f * y[col];
    }
  }
  const coefficients = new Array(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let sum = y[r];
    for (let c = r + 1; c < m; c++) sum -= A[r][c] * coefficients[c];
    coefficients[r] = sum / A[r][r];
  }
  return coefficients;
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
