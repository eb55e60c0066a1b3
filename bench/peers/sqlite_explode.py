# SPDX-License-Identifier: MIT
"""Explosion of all demand in SQLite, through the sqlite3 command-line shell, on the
CSV files of export_data. The tables use integer item ids, indexed; building them is
not timed. Two formulations:

  recursive CTE      the textbook query: every path from a product down the BOM is a
                     row, summed per item at the end. It enumerates paths, not items
                     (about 1.3e5 paths at 1e3 items, 5.5e8 at 1e5), so it is run
                     with a time limit and reported as not finished past it.
  level by level     one INSERT ... SELECT ... GROUP BY per BOM level, parents before
                     children (the levels computed untimed, as for SciPy's
                     topological order): what SQLite can do at its best.

The shell's own timer (.timer on) gives the times.

usage: sqlite_explode.py DATA_DIR SIZE... OUT.jsonl [--cte-limit SECONDS]"""

import os
import re
import subprocess
import sys
import tempfile

import numpy as np

from common import Bom, emit

RUN_TIME = re.compile(r"Run Time: real ([0-9.]+)")


def shell(database, script, timeout=None):
    """Runs `script` in the sqlite3 shell; returns its output (raises on failure,
    subprocess.TimeoutExpired past `timeout`)."""
    done = subprocess.run(["sqlite3", "-batch", "-bail", database], input=script, text=True, capture_output=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise SystemExit(f"sqlite3 failed: {done.stderr.strip()}")
    return done.stdout


def load(bom, directory):
    """A database with items(id, level), bom(parent, child, quantity) and
    demand(item, rate), all by integer id in topological order."""
    database = os.path.join(directory, "explode.sqlite")
    if os.path.exists(database):
        os.remove(database)
    items = os.path.join(directory, "items.csv")
    edges = os.path.join(directory, "edges.csv")
    demand = os.path.join(directory, "demand_ids.csv")
    np.savetxt(items, np.column_stack([np.arange(bom.n), bom.level]), fmt="%d", delimiter=",")
    np.savetxt(edges, np.column_stack([bom.parent, bom.child, bom.quantity]), fmt=["%d", "%d", "%.17g"],
               delimiter=",")
    wanted = np.flatnonzero(bom.demand)
    np.savetxt(demand, np.column_stack([wanted, bom.demand[wanted]]), fmt=["%d", "%.17g"], delimiter=",")
    shell(database, f"""
CREATE TABLE items(id INTEGER PRIMARY KEY, level INTEGER NOT NULL);
CREATE TABLE bom(parent INTEGER NOT NULL, child INTEGER NOT NULL, quantity REAL NOT NULL);
CREATE TABLE demand(item INTEGER PRIMARY KEY, rate REAL NOT NULL);
.mode csv
.import {items} items
.import {edges} bom
.import {demand} demand
CREATE INDEX bom_by_parent ON bom(parent, child, quantity);
CREATE INDEX bom_by_child ON bom(child, parent, quantity);
CREATE INDEX items_by_level ON items(level, id);
ANALYZE;
""")
    return database


def recursive_cte(database, limit):
    script = """.timer on
WITH RECURSIVE flow(item, qty) AS (
  SELECT item, rate FROM demand
  UNION ALL
  SELECT bom.child, flow.qty * bom.quantity FROM flow JOIN bom ON bom.parent = flow.item)
SELECT count(*), sum(total) FROM (SELECT item, sum(qty) AS total FROM flow GROUP BY item);
"""
    try:
        output = shell(database, script, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, None
    seconds = sum(float(t) for t in RUN_TIME.findall(output))
    count, total = output.strip().splitlines()[0].split("|")
    return seconds, float(total)


def level_by_level(database, levels):
    statements = ["DROP TABLE IF EXISTS gross;", "CREATE TABLE gross(item INTEGER PRIMARY KEY, qty REAL NOT NULL);",
                  ".timer on",
                  "INSERT INTO gross SELECT items.id, coalesce(demand.rate, 0) FROM items "
                  "LEFT JOIN demand ON demand.item = items.id WHERE items.level = 0;"]
    for level in range(1, levels):
        statements.append(
            "INSERT INTO gross SELECT items.id, coalesce(demand.rate, 0) + coalesce(sum(gross.qty * bom.quantity), 0) "
            "FROM items JOIN bom ON bom.child = items.id JOIN gross ON gross.item = bom.parent "
            f"LEFT JOIN demand ON demand.item = items.id WHERE items.level = {level} GROUP BY items.id;")
    statements.append(".timer off")
    statements.append("SELECT count(*), sum(qty) FROM gross;")
    output = shell(database, "\n".join(statements) + "\n")
    seconds = sum(float(t) for t in RUN_TIME.findall(output))
    count, total = output.strip().splitlines()[-1].split("|")
    return seconds, int(count), float(total)


def main():
    args = sys.argv[1:]
    limit = 120.0
    if "--cte-limit" in args:
        at = args.index("--cte-limit")
        limit = float(args[at + 1])
        del args[at:at + 2]
    data, sizes, out_path = args[0], args[1:-1], args[-1]
    version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True, check=True).stdout.split()[0]
    print(f"SQLite {version}", flush=True)
    with open(out_path, "a") as out, tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            bom = Bom(f"{data}/bom_{size}")
            # Reference: the sum of all gross requirements, by a numpy sweep level by level.
            gross = bom.demand.copy()
            parent_level = bom.level[bom.parent]
            for level in range(int(bom.level.max()) + 1):
                at = parent_level == level
                np.add.at(gross, bom.child[at], bom.quantity[at] * gross[bom.parent[at]])
            expected = gross.sum()
            database = load(bom, scratch)
            seconds, count, total = level_by_level(database, int(bom.level.max()) + 1)
            if count != bom.n or not np.isclose(total, expected, rtol=1e-9):
                raise SystemExit(f"sqlite_explode: level by level gives {total}, expected {expected}")
            emit(out, "explode_all_demand", int(size), "SQLite level-by-level INSERT ... GROUP BY", seconds)
            seconds, total = recursive_cte(database, limit)
            if seconds is None:
                emit(out, "explode_all_demand", int(size), "SQLite recursive CTE", None, unfinished_after=limit)
            else:
                if not np.isclose(total, expected, rtol=1e-9):
                    raise SystemExit(f"sqlite_explode: recursive CTE gives {total}, expected {expected}")
                emit(out, "explode_all_demand", int(size), "SQLite recursive CTE", seconds)


if __name__ == "__main__":
    main()
