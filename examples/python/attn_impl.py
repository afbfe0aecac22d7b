#!/usr/bin/env python3
"""attn_impl.py: a small implementation of the attnproof stdio protocol (SPEC §5).

It builds the paper's construction (SPEC §3) with B the logit target and G an
L x d Gaussian N(0, 1/d) matrix drawn from numpy.random.default_rng(seed), in
whichever of the two layouts makes the smaller message:
    d <= L, "projected inputs" (m = 2d):  X = [ sqrt(d) * B G | G ],  WQ = [ I_d ; 0 ],  WK = [ 0 ; I_d ]
    d >  L, "fixed module"     (m = 2L):  X = [ B | I_L ],  WQ = [ sqrt(d) * G ; 0 ],  WK = [ 0 ; G ]
Either way the logits are B G G^T and the parameters WQ, WK never depend on the target.

Protocol: read one JSON request per line on stdin, write one JSON response per
line on stdout (flushed), same "id"; diagnostics go to stderr only. The harness
starts it once, as the command line "python3 examples/python/attn_impl.py"
(src/protocol/stdioConstruction.ts). Try it by hand:
    echo '{"id": 1, "L": 2, "S": 1, "epsilon": 0.5, "gamma": 0.5, "kappa": 1, "delta": 0.1, "d": 2, "seed": 3, "entries": [[0, 1, 1], [1, 0, 1]]}' | python3 examples/python/attn_impl.py
Needs NumPy.
"""
import json
import math
import sys

import numpy as np


def construct(request):
    L, d = int(request["L"]), int(request["d"])
    epsilon, gamma = float(request["epsilon"]), float(request["gamma"])
    entries = request["entries"]
    rows = np.array([e[0] for e in entries], dtype=np.int64)
    cols = np.array([e[1] for e in entries], dtype=np.int64)
    values = np.array([e[2] for e in entries], dtype=np.float64)

    # Steps 1-2: margin Delta and B_ij = Delta + ln(W_ij / min_k W_ik), in logs (rows may be scaled by 1e300).
    delta_margin = math.log(1.0 / gamma) + math.log1p(epsilon)
    log_values = np.log(values)
    row_log_min = np.full(L, np.inf)
    np.minimum.at(row_log_min, rows, log_values)
    b = delta_margin + log_values - row_log_min[rows]

    # Step 3: G with independent N(0, 1/d) entries, seeded (any integer seed, negative ones too).
    rng = np.random.default_rng(int(request["seed"]) % (1 << 64))
    G = rng.standard_normal((L, d)) / math.sqrt(d)

    # Step 4: the inputs and fixed parameters. The dynamic-range parameter sets of `attnproof validate`
    # ask for d in the thousands at small L, where the projected layout's 2d x d matrices would be huge.
    if d > L:
        B = np.zeros((L, L))
        np.add.at(B, (rows, cols), b)
        X = np.hstack([B, np.eye(L)])
        WQ = np.vstack([math.sqrt(d) * G, np.zeros((L, d))])
        WK = np.vstack([np.zeros((L, d)), G])
        return X, WQ, WK
    # B G as a sparse x dense product (no L x L matrix).
    BG = np.zeros((L, d))
    np.add.at(BG, rows, b[:, None] * G[cols])
    X = np.hstack([math.sqrt(d) * BG, G])
    WQ = np.vstack([np.eye(d), np.zeros((d, d))])
    WK = np.vstack([np.zeros((d, d)), np.eye(d)])
    return X, WQ, WK


def main():
    for line in iter(sys.stdin.readline, ""):
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            X, WQ, WK = construct(request)
            if not (np.isfinite(X).all() and np.isfinite(WQ).all() and np.isfinite(WK).all()):
                raise ValueError("non-finite entry in the construction")
            response = {"id": request["id"], "X": X.tolist(), "WQ": WQ.tolist(), "WK": WK.tolist()}
        except Exception as error:  # decline the request, keep serving
            print(f"attn_impl.py: request {request.get('id')}: {error!r}", file=sys.stderr)
            response = {"id": request.get("id"), "error": str(error)}
        # allow_nan=False: never write NaN/Infinity, which are not JSON.
        sys.stdout.write(json.dumps(response, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
