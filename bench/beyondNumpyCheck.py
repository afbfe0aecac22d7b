"""Independent NumPy check of a certificate (SPEC §2), for the constructions beyond the paper.

Usage: python3 bench/beyondNumpyCheck.py TARGET.json CERT.json EPSILON GAMMA

Reads the target ({"L", "entries": [[i, j, w], ...]}) and the certificate ({"X", "WQ", "WK", "d"})
as attnproof writes them, and decides (R1) and (R2) with NumPy alone, sharing no code with
attnproof: Q = X @ WQ, K = X @ WK, then row blocks of C = Q_b @ K.T / sqrt(d) (never L x L), the
(R1) spread of C - ln W on each row's support and the (R2) margin max_off C - min_on C. Every
logit gets the error allowance (d + 2) u sum_t |Q_it K_jt| / sqrt(d) (u = 2^-53; the products and
sums of a dot product of length d, and the scaling), bounded per row by sum_t |Q_it| max_j |K_jt|;
a row within its allowance of a threshold makes the answer "inconclusive". The support logits are
also recomputed in extended precision (np.longdouble) as a second opinion.
Prints one JSON object; exit 0 pass, 1 fail, 3 inconclusive. Needs only NumPy; attnproof's tests
never run it.
"""

import json
import math
import sys

import numpy as np

U = 2.0 ** -53


def main(target_path, cert_path, epsilon, gamma):
    with open(target_path) as f:
        target = json.load(f)
    with open(cert_path) as f:
        cert = json.load(f)
    L = int(target["L"])
    entries = np.array(target["entries"], dtype=np.float64).reshape(-1, 3)
    rows, cols, w = entries[:, 0].astype(np.int64), entries[:, 1].astype(np.int64), entries[:, 2]
    order = np.lexsort((cols, rows))
    rows, cols, log_w = rows[order], cols[order], np.log(w[order])
    X = np.array(cert["X"], dtype=np.float64)
    WQ = np.array(cert["WQ"], dtype=np.float64)
    WK = np.array(cert["WK"], dtype=np.float64)
    d = int(cert["d"])
    Q, K = X @ WQ, X @ WK
    scale = 1.0 / math.sqrt(d)
    rho, log_gamma = math.log1p(epsilon), math.log(gamma)
    k_abs_max = np.abs(K).max(axis=0)
    allowance = (d + 2) * U * (np.abs(Q) @ k_abs_max) * scale * 2  # x2: spread and margin are differences
    bits = float(np.log2((np.abs(Q) @ k_abs_max).max() * scale))
    worst_spread, worst_margin, undecided, failing = -np.inf, -np.inf, 0, 0
    row_start = np.searchsorted(rows, np.arange(L + 1))
    block = max(1, min(L, (1 << 22) // L))
    for s in range(0, L, block):
        e = min(L, s + block)
        C = (Q[s:e] @ K.T) * scale
        for i in range(s, e):
            a, b = row_start[i], row_start[i + 1]
            sup = cols[a:b]
            z = C[i - s, sup] - log_w[a:b]
            spread = float(z.max() - z.min())
            on_min = float(C[i - s, sup].min())
            off = C[i - s].copy()
            off[sup] = -np.inf
            margin = float(off.max() - on_min) if b - a < L else -np.inf
            worst_spread, worst_margin = max(worst_spread, spread), max(worst_margin, margin)
            tol = float(allowance[i])
            if spread - tol > rho or margin - tol > log_gamma:
                failing += 1
            elif spread + tol > rho or margin + tol > log_gamma:
                undecided += 1
    # Second opinion on the support logits in extended precision.
    Ql, Kl = Q.astype(np.longdouble), K.astype(np.longdouble)
    support_logits = np.einsum("ij,ij->i", Ql[rows], Kl[cols]) * np.longdouble(scale)
    z = support_logits - log_w.astype(np.longdouble)
    ext_spread = 0.0
    for i in range(L):
        a, b = row_start[i], row_start[i + 1]
        ext_spread = max(ext_spread, float(z[a:b].max() - z[a:b].min()))
    verdict = "fail" if failing else ("inconclusive" if undecided else "pass")
    print(json.dumps({"verdict": verdict, "L": L, "d": d, "bits": round(bits, 2), "worstSpread": worst_spread,
                      "worstSpreadLongdouble": ext_spread, "worstMargin": worst_margin, "rho": rho,
                      "logGamma": log_gamma, "failingRows": failing, "undecidedRows": undecided}))
    return {"pass": 0, "fail": 1, "inconclusive": 3}[verdict]


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])))
