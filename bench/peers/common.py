# SPDX-License-Identifier: MIT
"""Shared by the peer scripts: loading the exported CSV files into integer codes, the
topological order of a BOM, and timing.

Loading and interning (names to integer codes) are never timed, as chokepoint_bench
times its workloads on a built bill_of_materials / supply_base too."""

import json
import time

import numpy as np
import pandas as pd


def best_time(fn, repeat=5, budget=60.0):
    """Smallest wall time of `fn()` over `repeat` runs (fewer if they exceed `budget`
    seconds in all), and its last result."""
    best, spent, result = float("inf"), 0.0, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        spent += elapsed
        if spent > budget:
            break
    return best, result


def emit(out, workload, size, peer, seconds, **extra):
    """One result line (JSON) for table.py."""
    record = {"workload": workload, "size": size, "peer": peer, "seconds": seconds}
    record.update(extra)
    out.write(json.dumps(record) + "\n")
    out.flush()
    shown = "not finished" if seconds is None else f"{seconds * 1e3:.3f} ms"
    print(f"  {workload}/{size}: {peer}: {shown}", flush=True)


class Bom:
    """A BOM in topological order: item k of the order has code k, and every edge goes
    from a smaller code (parent) to a larger one (child)."""

    def __init__(self, directory):
        edges = pd.read_csv(f"{directory}/bom.csv", dtype={"parent": str, "child": str, "quantity": np.float64})
        codes, names = pd.factorize(pd.concat([edges["parent"], edges["child"]], ignore_index=True))
        m = len(edges)
        parent, child = codes[:m].astype(np.int64), codes[m:].astype(np.int64)
        n = len(names)
        level = levels(n, parent, child)
        # Stable by level: parents before children.
        order = np.argsort(level, kind="stable")
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
        self.n = n
        self.names = np.asarray(names)[order]
        self.level = level[order]
        self.parent = position[parent]
        self.child = position[child]
        self.quantity = edges["quantity"].to_numpy()
        has_child = np.bincount(self.parent, minlength=n) > 0
        has_parent = np.bincount(self.child, minlength=n) > 0
        self.products = np.flatnonzero(has_child & ~has_parent)
        self.materials = np.flatnonzero(~has_child)
        demand = pd.read_csv(f"{directory}/demand.csv", dtype={"product": str, "rate": np.float64})
        code_of = pd.Series(np.arange(n), index=self.names)
        self.demand = np.zeros(n)
        self.demand[code_of[demand["product"]].to_numpy()] = demand["rate"].to_numpy()


def levels(n, parent, child):
    """Low-level codes (longest path from a root) by Kahn's algorithm, one numpy pass
    per level."""
    order = np.argsort(parent, kind="stable")
    sorted_child = child[order]
    starts = np.searchsorted(parent[order], np.arange(n + 1))
    indegree = np.bincount(child, minlength=n)
    level = np.zeros(n, dtype=np.int64)
    frontier = np.flatnonzero(indegree == 0)
    depth = 0
    while frontier.size:
        level[frontier] = depth
        counts = starts[frontier + 1] - starts[frontier]
        # The out-edges of the whole frontier: ranges starts[f] .. starts[f + 1].
        first = np.repeat(starts[frontier], counts)
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        reached = sorted_child[first + offset]
        indegree -= np.bincount(reached, minlength=n)
        touched = np.unique(reached)
        frontier = touched[indegree[touched] == 0]
        depth += 1
    if (indegree != 0).any():
        raise ValueError("the BOM has a cycle")
    return level
