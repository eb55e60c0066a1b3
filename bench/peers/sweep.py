# SPDX-License-Identifier: MIT
"""A scenario sweep with numpy: days of cover under many country cuts, on the CSV
files of export_data.

For a scenario s cutting a fraction a[s, c] of every country c's flow from day 0 on,
material m loses the share cut[s, m] = sum_c share[m, c] a[s, c] of its planned rate
g_m (g = the products' demand exploded, without stock), so its stock I_m lasts
cover[s, m] = I_m / (g_m cut[s, m]) days (infinite if nothing is cut). A product
lasts as long as the first of its materials to run out: the minimum of cover[s, m]
over the materials in its requirement row. The sweep gives that minimum for every
(scenario, product), and the system's minimum per scenario.

Scenarios are drawn with a fixed seed: each cuts 1 to 3 countries, each by a fraction
in (0, 1]. Untimed: reading, the requirement rows, planned rates, country shares.
Timed formulations (the best is the peer), in blocks of scenarios to bound memory:

  gather + minimum.reduceat   cover of a block (one matrix product for the cut
                              shares), transposed so that a material's covers are
                              contiguous, the materials of every product's row gathered
                              one after another, one np.minimum.reduceat over them
  masked minimum per product  for each product, cover[:, row].min(axis=1)

usage: sweep.py DATA_DIR SIZE SCENARIOS OUT.jsonl [per-product|reduceat]
(results are keyed by the number of scenarios, as chokepoint_bench's sweep/N)
(both formulations, checked against each other, unless one is named)"""

import sys

import numpy as np
import pandas as pd
import scipy.sparse as sp

from common import Bom, best_time, emit


def inputs(directory):
    bom = Bom(directory)
    n = bom.n
    N = sp.csr_matrix((bom.quantity, (bom.child, bom.parent)), shape=(n, n))
    # Requirement rows: R = sum_k N^k restricted to (materials, products).
    X = N[:, bom.products].tocsc()
    total = X.copy()
    while X.nnz:
        X = (N @ X).tocsc()
        total = total + X
    rows = total[bom.materials, :].T.tocsr()  # products x materials
    rows.sort_indices()
    planned = rows.T @ bom.demand[bom.products]  # g_m
    code_of = pd.Series(np.arange(n), index=bom.names)
    stock = np.zeros(n)
    table = pd.read_csv(f"{directory}/stock.csv", dtype={"item": str, "on_hand": np.float64})
    stock[code_of[table["item"]].to_numpy()] = table["on_hand"].to_numpy()
    stock = stock[bom.materials]
    supply = pd.read_csv(f"{directory}/supply.csv", dtype={"material": str, "supplier": str, "country": str,
                                                          "volume": np.float64})
    column_of = pd.Series(np.arange(len(bom.materials)), index=bom.names[bom.materials])
    material = column_of[supply["material"]].to_numpy()
    country, countries = pd.factorize(supply["country"])
    volume = supply["volume"].to_numpy()
    share = np.zeros((len(bom.materials), len(countries)))
    np.add.at(share, (material, country), volume)
    share /= share.sum(axis=1, keepdims=True)
    return rows, planned, stock, share


def scenarios(count, countries, seed=20260101):
    rng = np.random.default_rng(seed)
    cuts = np.zeros((count, countries))
    for s in range(count):
        hit = rng.choice(countries, size=rng.integers(1, 4), replace=False)
        cuts[s, hit] = 1.0 - rng.random(hit.size)  # in (0, 1]
    return cuts


def main():
    directory, size, count, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    only = sys.argv[5] if len(sys.argv) > 5 else None
    rows, planned, stock, share = inputs(directory)
    cuts = scenarios(count, share.shape[1])
    products, materials = rows.shape
    print(f"sweep: {count} scenarios x {materials} materials x {products} products "
          f"({rows.nnz} requirement entries)", flush=True)
    # Scenarios per block: about 160 MB of gathered covers for the reduceat; for the loop
    # over products, blocks whose per-product gather stays in cache (a few MB) but long
    # enough that the loop's overhead per product and block is small.
    small = max(1, min(count, int(2e7 // max(rows.nnz, 1))))
    large = max(1, min(count, 200))
    share_t = share.T.copy()

    def cover_of(first, block):
        with np.errstate(divide="ignore"):
            return stock / ((cuts[first:first + block] @ share_t) * planned)

    def by_reduceat():
        out = np.empty((count, products))
        for first in range(0, count, small):
            cover = np.ascontiguousarray(cover_of(first, small).T)  # materials x scenarios
            out[first:first + small] = np.minimum.reduceat(cover[rows.indices], rows.indptr[:-1], axis=0).T
        return out

    def per_product():
        out = np.empty((count, products))
        for first in range(0, count, large):
            cover = cover_of(first, large)
            for p in range(products):
                out[first:first + large, p] = cover[:, rows.indices[rows.indptr[p]:rows.indptr[p + 1]]].min(axis=1)
        return out

    a = b = None
    with open(out_path, "a") as out:
        if only in (None, "per-product"):
            seconds, b = best_time(per_product, repeat=1)
            emit(out, "sweep", count, "numpy minimum per product", seconds, bom_items=size, materials=materials,
                 products=products)
        if only in (None, "reduceat"):
            seconds, a = best_time(by_reduceat, repeat=1)
            emit(out, "sweep", count, "numpy gather + minimum.reduceat", seconds, bom_items=size,
                 materials=materials, products=products)
    if a is not None and b is not None and not np.array_equal(a, b):
        raise SystemExit("sweep.py: the formulations disagree")


if __name__ == "__main__":
    main()
