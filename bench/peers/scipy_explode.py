# SPDX-License-Identifier: MIT
"""Explosion of all demand and the requirement matrix with SciPy, the way an analyst
would write them, on the CSV files of export_data.

With N[c, p] the units of child c per unit of parent p, gross requirements are
g = (I - N)^-1 d. In topological order N is strictly lower triangular, so I - N is
lower triangular with a unit diagonal. Routes timed (the best is the peer):

  splu natural      factor I - N once with SuperLU (natural column order, no pivoting:
                    the factors are I - N itself), then one triangular solve per demand
                    vector: only the solve is timed
  level by level    g[level L] = d[L] + N[L, :] g, one sparse product per level
  Neumann series    g = sum_k N^k d, one sparse product per level of the BOM
  requirement matrix, sparse series   R = sum_k N^k restricted to (materials, products)
  requirement matrix, splu            the factor above solved for the identity columns
                                      of the products, in blocks

usage: scipy_explode.py DATA_DIR SIZE... OUT.jsonl"""

import sys

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from common import Bom, best_time, emit


def explode_routes(bom, out, size):
    n = bom.n
    N = sp.csr_matrix((bom.quantity, (bom.child, bom.parent)), shape=(n, n))
    A = (sp.identity(n, format="csr") - N).tocsc()
    d = bom.demand
    results = {}

    lu = spla.splu(A, permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
    seconds, g = best_time(lambda: lu.solve(d), repeat=20)
    emit(out, "explode_all_demand", size, "SciPy splu (natural order), solve only", seconds)
    results["splu"] = g

    # Rows of each level, and N restricted to them.
    bounds = np.searchsorted(bom.level, np.arange(bom.level.max() + 2))
    blocks = [(bounds[k], bounds[k + 1], N[bounds[k]:bounds[k + 1], :]) for k in range(len(bounds) - 1)]

    def by_level():
        g = d.copy()
        for lo, hi, rows in blocks:
            g[lo:hi] += rows @ g
        return g

    seconds, g = best_time(by_level, repeat=20)
    emit(out, "explode_all_demand", size, "SciPy level-by-level sparse products", seconds)
    results["levels"] = g

    def neumann():
        g = d.copy()
        x = d
        while True:
            x = N @ x
            if not x.any():
                return g
            g += x

    seconds, g = best_time(neumann, repeat=10)
    emit(out, "explode_all_demand", size, "SciPy Neumann series", seconds, series=True)
    results["neumann"] = g

    reference = results["splu"]
    for name, g in results.items():
        if not np.allclose(g, reference, rtol=1e-12, atol=0):
            raise SystemExit(f"scipy_explode: {name} disagrees with splu")
    return N, lu


def requirement_matrix_routes(bom, N, lu, out, size):
    products, materials = bom.products, bom.materials

    def series():
        X = N[:, products].tocsc()
        total = X.copy()
        while X.nnz:
            X = (N @ X).tocsc()
            total = total + X
        return total[materials, :].T.tocsr()

    seconds, r_series = best_time(series, repeat=3, budget=120)
    emit(out, "requirement_matrix", size, "SciPy sparse series", seconds, series=True,
         nonzeros=int(r_series.nnz))

    def by_lu(block=256):
        parts = []
        for first in range(0, len(products), block):
            cols = products[first:first + block]
            rhs = np.zeros((bom.n, len(cols)))
            rhs[cols, np.arange(len(cols))] = 1.0
            x = lu.solve(rhs)
            parts.append(sp.csr_matrix(x[materials, :].T))
        return sp.vstack(parts).tocsr()

    seconds, r_lu = best_time(by_lu, repeat=3, budget=120)
    emit(out, "requirement_matrix", size, "SciPy splu on identity columns", seconds)
    if abs(r_lu - r_series).max() > 1e-9 * abs(r_series).max():
        raise SystemExit("scipy_explode: requirement matrix routes disagree")


def main():
    data, sizes, out_path = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
    print(f"SciPy {scipy.__version__}, numpy {np.__version__}", flush=True)
    with open(out_path, "a") as out:
        for size in sizes:
            bom = Bom(f"{data}/bom_{size}")
            N, lu = explode_routes(bom, out, int(size))
            if int(size) <= 100000:
                requirement_matrix_routes(bom, N, lu, out, int(size))


if __name__ == "__main__":
    main()
