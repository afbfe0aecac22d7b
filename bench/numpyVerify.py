"""NumPy twin of attnproof's verifier, for side-by-side timing (see bench/verifyBench.ts).

Usage: python3 numpyVerify.py <dir> <repeats>

<dir> holds meta.json ({"L", "d", "epsilon", "gamma"}) and .npy files written by the
benchmark: X, WQ, WK (the certificate), Q, K (the verifier's projections of it, so both
sides check the same logits), rowPtr, colIdx (int32 CSR of the target) and logW (ln W).

Two timings, each the best of <repeats> runs, arrays already in memory:
  - "check": from Q and K, row block by row block, C = (Q_b @ K.T) * (1/sqrt(d))
    (dense BLAS product), then vectorised per-row (R1) spread and (R2) margin with
    their argmax/argmin columns, a rigorous-style error bound from the row norms
    (gamma_{d+3} ||q|| max||k||, as the TypeScript verifier's first pass) and the
    three-way classification; no L x L array is held.
  - "certificate": the same preceded by the dense projections Q = X @ WQ, K = X @ WK.
Prints one JSON object on stdout.
"""

import ctypes
import json
import os
import sys
import time

import numpy as np

U = 2.0 ** -53


def blas_info():
    """OpenBLAS configuration and thread count, read from the loaded library (best effort)."""
    info = {"numpy": np.__version__}
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and line.rstrip().endswith(".so")})
        for path in paths:
            lib = ctypes.CDLL(path)
            for prefix in ("scipy_openblas_", "openblas_"):
                for suffix in ("64_", ""):
                    threads = getattr(lib, prefix + "get_num_threads" + suffix, None)
                    config = getattr(lib, prefix + "get_config" + suffix, None)
                    if threads is not None:
                        info["blasThreads"] = int(threads())
                    if config is not None:
                        config.restype = ctypes.c_char_p
                        info["blasConfig"] = config().decode()
                    if threads is not None:
                        info["blasLibrary"] = os.path.basename(path)
                        return info
    except OSError as error:  # no /proc, or the library cannot be opened
        info["blasError"] = str(error)
    return info


def check(Q, K, row_ptr, col_idx, log_w, rho, log_gamma):
    """The streaming check; returns the per-matrix summary."""
    L, d = Q.shape
    scale = 1.0 / np.sqrt(d)
    counts = np.diff(row_ptr)
    # First-pass error bound per row, as in the TypeScript verifier (exact factors: no radii).
    nq = np.linalg.norm(Q, axis=1)
    k_max = np.linalg.norm(K, axis=1).max()
    g = (d + 3) * U / (1 - (d + 3) * U)
    bound = 2 * g * nq * k_max * scale
    spread = np.empty(L)
    spread_j = np.empty(L, dtype=np.int64)
    spread_k = np.empty(L, dtype=np.int64)
    margin = np.empty(L)
    margin_j = np.empty(L, dtype=np.int64)
    margin_k = np.empty(L, dtype=np.int64)
    max_abs_log = np.empty(L)
    block = int(min(L, max(64, (1 << 22) // L)))
    KT = K.T
    for s in range(0, L, block):
        e = min(L, s + block)
        C = Q[s:e] @ KT
        C *= scale
        p0, p1 = row_ptr[s], row_ptr[e]
        starts = row_ptr[s:e] - p0
        rows = np.repeat(np.arange(e - s), counts[s:e])
        cols = col_idx[p0:p1]
        on = C[rows, cols]
        D = on - log_w[p0:p1]
        max_d = np.maximum.reduceat(D, starts)
        min_d = np.minimum.reduceat(D, starts)
        min_on = np.minimum.reduceat(on, starts)
        # Columns of the extremes: the first support position attaining each (support columns are sorted).
        seg = np.repeat(np.arange(e - s), counts[s:e])
        spread_j[s:e] = cols[first_hit(D == max_d[seg], seg, e - s)]
        spread_k[s:e] = cols[first_hit(D == min_d[seg], seg, e - s)]
        margin_k[s:e] = cols[first_hit(on == min_on[seg], seg, e - s)]
        max_abs_log[s:e] = np.maximum.reduceat(np.abs(log_w[p0:p1]), starts)
        C[rows, cols] = -np.inf
        arg_off = C.argmax(axis=1)
        max_off = C[np.arange(e - s), arg_off]
        spread[s:e] = max_d - min_d
        margin[s:e] = max_off - min_on
        margin_j[s:e] = np.where(counts[s:e] < L, arg_off, -1)
    full = counts == L
    margin[full] = -np.inf
    spread_bound = 2 * (bound + 4 * U * max_abs_log) + 2 * U * np.abs(spread)
    margin_bound = 2 * bound + 2 * U * np.abs(margin)
    r1_fail = spread - spread_bound > rho
    r1_close = ~r1_fail & (spread + spread_bound > rho)
    r2_fail = ~full & (margin - margin_bound > log_gamma)
    r2_close = ~full & ~r2_fail & (margin + margin_bound > log_gamma)
    fails = int(r1_fail.sum() + r2_fail.sum())
    close = int((r1_close | r2_close).sum())
    w1 = int(np.argmax(spread))
    w2 = int(np.argmax(np.where(full, -np.inf, margin))) if not full.all() else None
    return {
        "status": "fail" if fails > 0 else "inconclusive" if close > 0 else "pass",
        "worstSpread": float(spread[w1]),
        "worstRatioRow": {"row": w1, "j": int(spread_j[w1]), "k": int(spread_k[w1])},
        "worstMargin": float(margin[w2]) if w2 is not None else None,
        "worstZeroRow": {"row": w2, "j": int(margin_j[w2]), "k": int(margin_k[w2])} if w2 is not None else None,
        "rows": {"r1": {"failing": int(r1_fail.sum()), "inconclusive": int(r1_close.sum())},
                 "r2": {"failing": int(r2_fail.sum()), "inconclusive": int(r2_close.sum())}},
        "blockRows": block,
    }


def first_hit(mask, seg, n):
    """Index (into the support arrays) of the first True of each segment."""
    hits = np.flatnonzero(mask)
    first = np.full(n, -1, dtype=np.int64)
    # Reversed assignment leaves the smallest index per segment.
    first[seg[hits[::-1]]] = hits[::-1]
    return first


def best_of(repeats, run):
    best = float("inf")
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main():
    folder, repeats = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    load = lambda name: np.load(os.path.join(folder, name + ".npy"))
    X, WQ, WK, Q, K = load("X"), load("WQ"), load("WK"), load("Q"), load("K")
    row_ptr, col_idx, log_w = load("rowPtr").astype(np.int64), load("colIdx").astype(np.int64), load("logW")
    rho = float(np.log1p(meta["epsilon"]))
    log_gamma = float(np.log(meta["gamma"]))
    check_seconds, summary = best_of(repeats, lambda: check(Q, K, row_ptr, col_idx, log_w, rho, log_gamma))

    def certificate():
        return check(X @ WQ, X @ WK, row_ptr, col_idx, log_w, rho, log_gamma)

    certificate_seconds, _ = best_of(repeats, certificate)
    print(json.dumps({"checkSeconds": check_seconds, "certificateSeconds": certificate_seconds, "summary": summary, **blas_info()}))


if __name__ == "__main__":
    main()
