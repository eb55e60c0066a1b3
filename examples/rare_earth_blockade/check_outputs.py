#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks what rare_earth_blockade wrote (a ctest test; see examples/CMakeLists.txt).

usage: check_outputs.py OUT_DIR DATA_DIR [CHOKEPOINT_COMMAND]

- lines.svg is well-formed SVG with one group per line, and a stopped line shows a red
  bar naming what stopped it;
- report.txt names the binding material of each line that stops, on that line's row;
- the time to survive is of the order seen in 2025 (lines stopped about nine weeks
  after the controls): between 6 and 12 weeks, as README.md claims;
- dependencies.dot is a digraph whose binding materials are marked as chokepoints;
- the mining stage agrees with the USGS table in DATA_DIR/public/, computed here anew
  (the rows of vintage MCS2025, year 2024, without the world total; "Other" as an
  unknown remainder: the HHI's point value and its Schmalensee upper bound);
- given the chokepoint command, `chokepoint survive` on the same data and cuts gives the
  same stops, restarts and losses as the demo.
"""
import csv
import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def check_mining(summary, table):
    with open(table, newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r["source_vintage"], r["year"]) == ("MCS2025", "2024")
                and not r["country"].lower().startswith("world total")]
    total = sum(float(r["production_t_REO"]) for r in rows)
    shares = {r["country"]: float(r["production_t_REO"]) / total for r in rows
              if r["country"] != "Other" and float(r["production_t_REO"]) > 0}
    remainder = sum(float(r["production_t_REO"]) for r in rows if r["country"] == "Other") / total
    lower = sum(s * s for s in shares.values())
    smallest = min(shares.values())
    whole = math.floor(remainder / smallest)
    upper = lower + whole * smallest ** 2 + (remainder - whole * smallest) ** 2
    largest = max(shares, key=shares.get)
    mining = [s for s in summary["stages"] if s["stage"] == "mining"]
    check(len(mining) == 1, f"summary.json: {len(mining)} mining stages")
    if len(mining) == 1:
        m = mining[0]
        check(close(m["hhi_countries"], 10000 * lower), f"mining HHI {m['hhi_countries']} != {10000 * lower} ({table})")
        check(close(m["hhi_upper"], 10000 * upper), f"mining HHI upper {m['hhi_upper']} != {10000 * upper}")
        check(m["largest"] == largest and close(m["largest_share"], shares[largest]),
              f"mining: largest {m['largest']} {m['largest_share']} != {largest} {shares[largest]}")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    out, data = Path(sys.argv[1]), Path(sys.argv[2])
    command = sys.argv[3] if len(sys.argv) > 3 else None
    summary = json.loads((out / "summary.json").read_text())
    lines = summary["lines"]
    check(len(lines) == 3, f"expected the BEV, HEV and ICE lines, got {[l['line'] for l in lines]}")

    # The chart.
    root = ET.parse(out / "lines.svg").getroot()
    check(root.tag == SVG + "svg", f"lines.svg: root element is {root.tag}, not svg")
    for attribute in ("width", "height", "viewBox"):
        check(root.get(attribute), f"lines.svg: no {attribute}")
    groups = {g.findtext(SVG + "title"): g for g in root.iter(SVG + "g") if g.get("class") == "line"}
    for line in lines:
        g = groups.get(line["line"])
        check(g is not None, f"lines.svg: no group for line {line['line']}")
        if g is None or line["stopped_by"] is None:
            continue
        red = [r for r in g.iter(SVG + "rect") if r.get("fill") == "#c62828"]
        check(len(red) == 1, f"lines.svg: line {line['line']} stops but has {len(red)} red bars")
        texts = " ".join(t.text or "" for t in g.iter(SVG + "text"))
        check("stopped by " + line["stopped_by"] in texts,
              f"lines.svg: line {line['line']} does not say it is stopped by {line['stopped_by']}")

    # The report.
    report = (out / "report.txt").read_text().splitlines()
    check(summary["tts"] is not None and summary["binding"], "no material runs short")
    for line in lines:
        if line["stopped_by"] is None:
            continue
        rows = [r for r in report if r.startswith(line["line"] + " ") and line["stopped_by"] in r]
        check(rows, f"report.txt: no row of line {line['line']} naming {line['stopped_by']}")
    tts_rows = [r for r in report if r.startswith("Time to survive:")]
    check(len(tts_rows) == 1 and all(m in tts_rows[0] for m in summary["binding"]),
          f"report.txt: the time-to-survive row does not name {summary['binding']}: {tts_rows}")
    if summary["tts"] is not None:
        weeks = summary["tts"] / 7
        check(6 <= weeks <= 12, f"time to survive {weeks:.1f} weeks, not about nine weeks as reported in 2025")

    # The dependency graph.
    dot = (out / "dependencies.dot").read_text()
    body = "\n".join(l for l in dot.splitlines() if not l.lstrip().startswith("//"))
    check(body.lstrip().startswith("digraph"), "dependencies.dot: not a digraph")
    check(body.count("{") == body.count("}") and body.rstrip().endswith("}"), "dependencies.dot: unbalanced braces")
    stopped_by = {l["stopped_by"] for l in lines if l["stopped_by"]} | set(summary["binding"])
    for material in stopped_by:
        node = [l for l in dot.splitlines() if l.strip().startswith(f'"item:{material}" [')]
        check(len(node) == 1 and "CHOKEPOINT: binding" in node[0] and "penwidth=3" in node[0],
              f"dependencies.dot: {material} is not marked as a binding chokepoint")

    # The mining stage, from the public table shipped with the data.
    check_mining(summary, data / "public" / "usgs_rare_earth_mine_production.csv")

    # The command agrees with the demo.
    if command:
        args = [command, "survive", "--json", "--policy", summary["policy"], "--horizon", str(summary["horizon"])]
        for name in ("bom", "supply", "demand", "stock", "alternates"):
            args += ["--" + name, str(data / (name + ".csv"))]
        for cut in summary["cuts"]:
            args += ["--cut", cut]
        run = subprocess.run(args, capture_output=True, text=True)
        check(run.returncode == 0, f"chokepoint survive failed: {run.stderr.strip()}")
        if run.returncode == 0:
            result = json.loads(run.stdout)
            check(close(result["tts"], summary["tts"]), f"survive: tts {result['tts']} != {summary['tts']}")
            check(result["binding"] == summary["binding"], f"survive: binding {result['binding']}")
            theirs = {p["product"]: p for p in result["products"]}
            for line in lines:
                p = theirs.get(line["line"], {})
                for key in ("ttf", "ttr", "lost_units", "lost_value"):
                    check(close(p.get(key), line[key]), f"survive: {line['line']} {key} {p.get(key)} != {line[key]}")
                check(p.get("stopped_by") == line["stopped_by"], f"survive: {line['line']} stopped_by differs")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {out} (tts {summary['tts']:.1f} days, binding {', '.join(summary['binding'])})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
