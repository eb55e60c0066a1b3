# SPDX-License-Identifier: MIT
"""Supplier-level and country-level HHI of every material of a supply table, with
pandas and numpy, on the supply CSV of export_data (material, supplier, country,
volume). Reading the file and turning names into integer codes is not timed.

Formulations timed (the best is the peer):

  pandas groupby     volumes summed per (material, group), shares over the material's
                     total, squares summed per material: the textbook way
  numpy bincount     the same with np.bincount on integer keys (material * groups +
                     group for countries; suppliers are distinct within a material in
                     this data, which is checked, so their shares need no grouping)
  numpy reduceat     the like-for-like one: the layout chokepoint's supply_base keeps
                     (for each grouping, the shares of each material's groups side by
                     side, material after material) is built untimed, as supply_base
                     builds it once; timed is what supply_base::hhi then does, the sum
                     of squared shares per material

usage: hhi.py SUPPLY_CSV ROWS OUT.jsonl"""

import sys

import numpy as np
import pandas as pd

from common import best_time, emit


def grouped_layout(material, group, volume, materials):
    """Shares of each (material, group) pair, sorted by material then group, and the
    offset of each material's first pair: supply_base's CSR form."""
    groups = int(group.max()) + 1
    key = material * groups + group
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=volume)
    pair_material = unique // groups
    totals = np.bincount(material, weights=volume, minlength=materials)
    shares = summed / totals[pair_material]
    offsets = np.searchsorted(pair_material, np.arange(materials))
    return shares, offsets


def main():
    path, rows, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    table = pd.read_csv(path, dtype={"material": str, "supplier": str, "country": str, "volume": np.float64})
    material, material_names = pd.factorize(table["material"])
    supplier, _ = pd.factorize(table["supplier"])
    country, country_names = pd.factorize(table["country"])
    volume = table["volume"].to_numpy()
    materials, countries = len(material_names), len(country_names)
    frame = pd.DataFrame({"m": material, "s": supplier, "c": country, "v": volume})
    pairs = material.astype(np.int64) * (int(supplier.max()) + 1) + supplier
    if np.unique(pairs).size != pairs.size:
        raise SystemExit("hhi.py: a supplier appears twice for one material; the bincount formulation assumes not")
    print(f"pandas {pd.__version__}, numpy {np.__version__}: {len(table)} rows, {materials} materials", flush=True)

    def with_pandas():
        result = []
        for column in ("s", "c"):
            summed = frame.groupby(["m", column], sort=False)["v"].sum()
            shares = summed / summed.groupby(level=0).transform("sum")
            result.append((shares * shares).groupby(level=0).sum())
        return result

    def with_bincount():
        total = np.bincount(material, weights=volume, minlength=materials)
        share = volume / total[material]
        by_supplier = np.bincount(material, weights=share * share, minlength=materials)
        per_country = np.bincount(material.astype(np.int64) * countries + country, weights=volume,
                                  minlength=materials * countries).reshape(materials, countries)
        per_country /= total[:, None]
        by_country = np.einsum("ij,ij->i", per_country, per_country)
        return by_supplier, by_country

    layouts = [grouped_layout(material.astype(np.int64), g.astype(np.int64), volume, materials)
               for g in (supplier, country)]

    def with_reduceat():
        return [np.add.reduceat(shares * shares, offsets) for shares, offsets in layouts]

    with open(out_path, "a") as out:
        seconds, (s_bin, c_bin) = best_time(with_bincount, repeat=5)
        emit(out, "hhi_supplier_and_country", rows, "numpy bincount", seconds)
        seconds, (s_red, c_red) = best_time(with_reduceat, repeat=5)
        emit(out, "hhi_supplier_and_country", rows, "numpy reduceat over supply_base's layout", seconds)
        seconds, (s_pd, c_pd) = best_time(with_pandas, repeat=3, budget=120)
        emit(out, "hhi_supplier_and_country", rows, "pandas groupby", seconds)
    s_pd = s_pd.sort_index().to_numpy()
    c_pd = c_pd.sort_index().to_numpy()
    for a, b in ((s_bin, s_red), (s_bin, s_pd), (c_bin, c_red), (c_bin, c_pd)):
        if not np.allclose(a, b, rtol=1e-12, atol=0):
            raise SystemExit("hhi.py: the formulations disagree")


if __name__ == "__main__":
    main()
