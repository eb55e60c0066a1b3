#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks what rare_earth_blockade wrote (a ctest test; see examples/CMakeLists.txt).

usage: check_outputs.py OUT_DIR DATA_DIR CHOKEPOINT

Recomputed here from the data files, without the library:
- the daily use of each material (the bill of materials exploded at the demand plan),
  and that stock.csv holds one week of it;
- the copied customs figures agree with public/china_magnet_exports_2025_monthly.csv
  (2025 exports, and 2024 from the year-on-year change);
- every limit of both scenarios: the licence review's end counted in working days, the
  approval ramp (25% approved is a 75% cut), the monthly customs cuts;
- the first stop of every draw of both sweeps: stock times the drawn factors plus the
  arrivals (China's flow after the cuts, delayed by the transit time, plus the new
  sources) against the requirement at plan, solved piece by piece; then the
  percentiles (nearest rank), the share of draws stopped at each reported event, and
  that the weeks of cover given for each event stop the plant on its day;
- the mining stage from the USGS table in DATA_DIR/public/;
and that lines.svg, report.txt and dependencies.dot say what summary.json says.

Then the chokepoint command (CHOKEPOINT, the path of `chokepoint`) replays the April
scenario at the middle of the range of cover: this script writes the limits it
recomputed above as a schedule file (one scoped cut a step), the stock of stock.csv
times the weeks of cover, and runs `chokepoint survive` on the example's other files
with `--delay country:CN=transit_days`; its first stop, binding materials and each
line's stop, restart and losses must be summary.json's (to 1e-9 relative). The files
and the command line are left in OUT_DIR/survive/ to run again by hand.
"""
import csv
import datetime as dt
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


def close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(1.0, abs(b))


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(l for l in f if l.strip() and not l.startswith("#")))


def check_mining(summary, table):
    rs = [r for r in rows(table) if (r["source_vintage"], r["year"]) == ("MCS2025", "2024")
          and not r["country"].lower().startswith("world total")]
    total = sum(float(r["production_t_REO"]) for r in rs)
    shares = {r["country"]: float(r["production_t_REO"]) / total for r in rs
              if r["country"] != "Other" and float(r["production_t_REO"]) > 0}
    remainder = sum(float(r["production_t_REO"]) for r in rs if r["country"] == "Other") / total
    lower = sum(s * s for s in shares.values())
    smallest = min(shares.values())
    whole = math.floor(remainder / smallest)
    upper = lower + whole * smallest ** 2 + (remainder - whole * smallest) ** 2
    largest = max(shares, key=shares.get)
    mining = [s for s in summary["stages"] if s["stage"] == "mining"]
    check(len(mining) == 1, f"summary.json: {len(mining)} mining stages")
    if len(mining) == 1:
        m = mining[0]
        check(close(m["hhi_countries"], 10000 * lower), f"mining HHI {m['hhi_countries']} != {10000 * lower}")
        check(close(m["hhi_upper"], 10000 * upper), f"mining HHI upper {m['hhi_upper']} != {10000 * upper}")
        check(m["largest"] == largest and close(m["largest_share"], shares[largest]), "mining: largest country")


def daily_use(data):
    """The gross requirement of each material per day at the demand plan."""
    children = {}
    for r in rows(data / "bom.csv"):
        children.setdefault(r["parent"], []).append((r["child"], float(r["quantity"])))
    use = {}

    def explode(item, qty):
        if item not in children:
            use[item] = use.get(item, 0.0) + qty
            return
        for child, q in children[item]:
            explode(child, qty * q)

    for r in rows(data / "demand.csv"):
        explode(r["product"], float(r["rate"]))
    return use


def review_end(zero, n):
    """The day after the n-th working day (Monday to Friday) after day 0, in days."""
    d, done = zero, 0
    while done < n:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            done += 1
    return (d - zero).days + 1


def expected_limits(data, params, scenario, zero):
    april = dt.date.fromisoformat(params["day_zero"])
    n = int(params["review_working_days"])
    review, review_2025 = review_end(zero, n), review_end(april, n)
    june = (dt.date.fromisoformat(params["late_june"]) - april).days - review_2025
    end = (dt.date.fromisoformat(params["licence_cut_end"]) - april).days - review_2025
    a1, a2 = float(params["approved_after_review"]), float(params["approved_late_june"])
    out = []
    for c in rows(data / "controls.csv"):
        if c["scenario"] != scenario:
            continue
        materials = c["materials"].split(";")
        if c["schedule"] == "licences":
            for level, f, t in ((1.0, 0, review), (1 - a1, review, review + june), (1 - a2, review + june, review + end)):
                out.append((c["country"], materials, level, f, t))
        else:
            for m in rows(data / "magnet_exports.csv"):
                y, mo = map(int, m["month"].split("-"))
                first, nxt = dt.date(y, mo, 1), dt.date(y + mo // 12, mo % 12 + 1, 1)
                f, t = max(0, (first - zero).days), (nxt - zero).days
                if t > f:
                    out.append((c["country"], materials,
                                max(0.0, 1 - float(m["exports_2025_t"]) / float(m["exports_2024_t"])), f, t))
    return out


def check_customs(data):
    public = {r["month"]: r for r in rows(data / "public" / "china_magnet_exports_2025_monthly.csv")}
    for m in rows(data / "magnet_exports.csv"):
        p = public.get(m["month"])
        check(p is not None, f"magnet_exports.csv: {m['month']} not in the public file")
        if p is None:
            continue
        e25 = float(m["exports_2025_t"])
        check(p["exports_t"].replace(",", "").lstrip("~").split()[0] == m["exports_2025_t"],
              f"magnet_exports.csv: {m['month']} 2025 exports {e25} != public {p['exports_t']}")
        if p["yoy_pct"]:
            # y/y is rounded to 0.1%: the 2024 figure it implies is known to within that.
            g = 1 + float(p["yoy_pct"]) / 100
            e24 = e25 / g
            check(abs(e24 - float(m["exports_2024_t"])) <= e25 * 0.0005 / g ** 2 + 0.5,
                  f"magnet_exports.csv: {m['month']} 2024 exports {m['exports_2024_t']} != {e24:.0f} from y/y")


def first_shortage(use, stock, shares, limits, transit, alternates, horizon):
    """The first time any material's requirement at plan overtakes its stock plus
    arrivals: on each piece between breakpoints arrivals change linearly (a ramp), so
    stock + arrivals - requirement is a convex quadratic there, solved exactly."""
    best = None
    for m, g in use.items():
        if g <= 0:
            continue
        countries = shares.get(m, {})
        alts = [a for a in alternates if a["material"] == m]
        cuts = [l for l in limits if m in l[1]]
        points = {0.0, horizon}
        for c in cuts:
            points |= {c[3] + transit, c[4] + transit}
        for a in alts:
            points |= {a["lead_time"], a["lead_time"] + a["ramp"]}
        points = sorted(p for p in points if 0 <= p <= horizon)

        def rate(t):  # arrivals per day just after t
            flow = 0.0
            for country, share in countries.items():
                cut = max([c[2] for c in cuts if c[0] == country and c[3] <= t - transit < c[4]], default=0.0)
                flow += g * share * (1 - cut)
            for a in alts:
                if t >= a["lead_time"]:
                    flow += a["capacity"] * (min(1.0, (t - a["lead_time"]) / a["ramp"]) if a["ramp"] > 0 else 1.0)
            return flow

        net = stock.get(m, 0.0)
        for a, b in zip(points, points[1:]):
            s0 = rate(a)
            s1 = (rate((a + b) / 2) - s0) / ((b - a) / 2)  # the ramp's slope on this piece
            # net(a + u) = net + (s0 - g) u + s1 u^2 / 2
            qa, qb, qc = s1 / 2, s0 - g, net
            roots = []
            if abs(qa) < 1e-15:
                if qb < 0:
                    roots = [-qc / qb]
            else:
                disc = qb * qb - 4 * qa * qc
                if disc >= 0:
                    roots = sorted(((-qb - math.sqrt(disc)) / (2 * qa), (-qb + math.sqrt(disc)) / (2 * qa)))[:1]
            hit = [u for u in roots if 0 <= u <= b - a and (qb + 2 * qa * u) < 0]
            if hit:
                t = a + hit[0]
                best = t if best is None else min(best, t)
                break
            net = qc + qb * (b - a) + qa * (b - a) ** 2
    return best


def check_network(summary, data, command):
    """The magnet-plant fire of section 5 worked out from the network's files: with the
    site's nodes out, each of its magnets' stock covers the gap between the magnet's daily
    use and the other makers' capacity for stock / gap days, and the fire's
    time-to-survive is the least of these when it comes before the plant is back. The
    command, given the same files and cut, gives the same time and losses."""
    net = data / "network"
    children = {}
    for r in rows(net / "bom.csv"):
        children.setdefault(r["parent"], []).append((r["child"], float(r["quantity"])))
    gross = {}

    def explode(item, qty):
        gross[item] = gross.get(item, 0.0) + qty
        for child, q in children.get(item, []):
            explode(child, qty * q)

    for r in rows(net / "demand.csv"):
        explode(r["product"], float(r["rate"]))
    site = rows(net / "sites.csv")[0]
    out_items = site["items"].split(";")
    capacity = {}
    for r in rows(net / "sources.csv"):
        if not (r["source"] == site["source"] and r["item"] in out_items):
            capacity[r["item"]] = capacity.get(r["item"], 0.0) + float(r["capacity"])
    stock = {r["item"]: float(r["on_hand"]) for r in rows(net / "stock.csv")}
    days = {m: stock.get(m, 0.0) / (gross[m] - capacity.get(m, 0.0)) for m in out_items
            if gross[m] > capacity.get(m, 0.0)}
    fire = [s for s in summary["network"] if s["scenario"] == "magnet-plant fire"]
    check(len(fire) == 1 and bool(days), "network: no magnet-plant fire, or no magnet the fire leaves short")
    if len(fire) != 1 or not days:
        return
    first = min(days.values())
    check(close(fire[0]["tts"], first), f"network: the fire's time-to-survive {fire[0]['tts']} != {first} by hand")
    short = sorted(m for m in days if close(days[m], first))
    check(fire[0]["binding"] == short, f"network: the fire leaves {fire[0]['binding']} short, by hand {short}")
    spec = [r["spec"] for r in rows(net / "scenarios.csv") if r["scenario"] == "magnet-plant fire"]
    args = [command, "survive", "--bom", str(net / "bom.csv"), "--demand", str(net / "demand.csv"), "--stock",
            str(net / "stock.csv"), "--sources", str(net / "sources.csv"), "--sites", str(net / "sites.csv"),
            "--ration", f"{fire[0]['window']:g}", "--json"]
    for cut in spec:
        args += ["--cut", cut]
    run = subprocess.run(args, capture_output=True, text=True)
    check(run.returncode == 0 and run.stderr == "", f"network: {' '.join(args)} failed: {run.stderr}")
    if run.returncode == 0:
        result = json.loads(run.stdout)
        check(close(result["tts"], fire[0]["tts"]), f"network: survive --sources tts {result['tts']}")
        check(close(result["rationing"]["lost_units"], fire[0]["lost_units"]),
              f"network: survive --ration lost {result['rationing']['lost_units']} != {fire[0]['lost_units']}")


def nearest_rank(values, p):
    inf = float("inf")
    ordered = sorted(inf if v is None else v for v in values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    v = ordered[k - 1]
    return None if v == inf else v


def check_scenario(name, s, data, params, use, unit_stock, shares, zero, extra_items):
    limits = [(l["country"], l["materials"], l["level"], l["from"], l["to"]) for l in s["limits"]]
    expected = expected_limits(data, params, name, zero)
    check(len(limits) == len(expected), f"{name}: {len(limits)} limits, expected {len(expected)}")
    for got, want in zip(limits, expected):
        check(got[0] == want[0] and got[1] == want[1] and close(got[2], want[2]) and got[3:] == tuple(want[3:]),
              f"{name}: limit {got} != {want}")
    check(close(s["transit_days"], float(params["transit_days"])), f"{name}: transit")
    horizon = float(params["horizon"])
    lo, hi = float(params["cover_weeks_low"]), float(params["cover_weeks_high"])
    tts = []
    for k, d in enumerate(s["draws"]):
        f = d["stock_factors"]
        check(lo <= f[0] <= hi, f"{name}: draw {k} weeks {f[0]} outside {lo}..{hi}")
        stock = {m: q * f[0] * (f[1] if m in extra_items and len(f) > 1 else 1.0) for m, q in unit_stock.items()}
        mine = first_shortage(use, stock, shares, limits, s["transit_days"], s["alternates"], horizon)
        check(close(mine, d["tts"], 1e-6), f"{name}: draw {k} (factors {f}): first stop {d['tts']}, recomputed {mine}")
        tts.append(d["tts"])
    for p in s["percentiles"]:
        want = nearest_rank(tts, p["p"])
        check(close(p["day"], want), f"{name}: P{p['p']} {p['day']} != {want}")
        if want is not None:
            date = zero + dt.timedelta(days=math.floor(round(want * 86400) / 86400))
            check(p["date"] == f"{date.day} {date.strftime('%b %Y')}", f"{name}: P{p['p']} date {p['date']} != {date}")
    return tts


def csv_field(text):
    """A CSV field, quoted when it must be."""
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def scope_spec(country, materials):
    """country:CN[Dy oxide,Tb oxide], a material quoted as a CSV field when it holds , [ ] or "."""
    names = ",".join('"' + m.replace('"', '""') + '"' if any(c in m for c in ',[]"') else m for m in materials)
    return f"country:{country}[{names}]"


def check_command(command, out, data, params, summary):
    """`chokepoint survive` on the April scenario at the middle weeks of cover agrees
    with the example's own run (summary.json)."""
    zero = dt.date.fromisoformat(params["day_zero"])
    weeks = (float(params["cover_weeks_low"]) + float(params["cover_weeks_high"])) / 2
    check(close(summary["middle_weeks"], weeks), f"middle weeks {summary['middle_weeks']} != {weeks}")
    work = out / "survive"
    work.mkdir(exist_ok=True)
    limits = expected_limits(data, params, "april_2025", zero)
    with open(work / "schedule.csv", "w", newline="") as f:
        f.write("scope,kind,from,to,value\n")
        for country, materials, level, start, end in limits:
            f.write(f"{csv_field(scope_spec(country, materials))},cut,{start!r},{end!r},{level!r}\n")
    with open(work / "stock.csv", "w", newline="") as f:
        f.write("item,on_hand\n")
        for r in rows(data / "stock.csv"):
            f.write(f"{csv_field(r['item'])},{float(r['on_hand']) * weeks!r}\n")
    args = [command, "survive", "--bom", data / "bom.csv", "--supply", data / "supply.csv",
            "--demand", data / "demand.csv", "--alternates", data / "alternates.csv",
            "--stock", work / "stock.csv", "--schedule", work / "schedule.csv"]
    for country in sorted({l[0] for l in limits}):
        args += ["--delay", f"country:{country}={float(params['transit_days'])!r}"]
    args += ["--policy", "stop-lowest-priority", "--horizon", params["horizon"], "--json"]
    args = [str(a) for a in args]
    (work / "command.txt").write_text(" ".join(f"'{a}'" for a in args) + "\n")
    run = subprocess.run(args, capture_output=True, text=True)
    check(run.returncode == 0 and run.stderr == "",
          f"chokepoint survive: exit {run.returncode}, stderr {run.stderr.strip()!r} ({work / 'command.txt'})")
    if run.returncode != 0:
        return
    result = json.loads(run.stdout)
    check(len(result["scenario"]["cuts"]) == len(limits),
          f"survive: {len(result['scenario']['cuts'])} cuts, the schedule has {len(limits)} steps")
    check(close(result["tts"], summary["tts"]), f"survive: tts {result['tts']} != summary.json {summary['tts']}")
    check(result["binding"] == summary["binding"], f"survive: binding {result['binding']} != {summary['binding']}")
    theirs = {p["product"]: p for p in result["products"]}
    check(sorted(theirs) == sorted(l["line"] for l in summary["lines"]), f"survive: lines {sorted(theirs)}")
    for line in summary["lines"]:
        p = theirs.get(line["line"], {})
        for key in ("ttf", "ttr", "lost_units", "lost_value"):
            check(close(p.get(key), line[key]), f"survive: {line['line']} {key} {p.get(key)} != summary.json {line[key]}")
        check(p.get("stopped_by") == line["stopped_by"],
              f"survive: {line['line']} stopped by {p.get('stopped_by')}, summary.json {line['stopped_by']}")
    return result


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    out, data, command = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    summary = json.loads((out / "summary.json").read_text())
    params = {r["parameter"]: r["value"] for r in rows(data / "parameters.csv")}
    lines = summary["lines"]
    check(len(lines) == 3, f"expected the BEV, HEV and ICE lines, got {[l['line'] for l in lines]}")

    # Inputs: daily use, one week of stock, the customs figures against the public file.
    use = daily_use(data)
    unit_stock = {r["item"]: float(r["on_hand"]) for r in rows(data / "stock.csv")}
    for m, q in unit_stock.items():
        check(close(q, 7 * use.get(m, 0.0), 1e-9), f"stock.csv: {m} {q} is not one week of use ({7 * use.get(m, 0.0)})")
    check_customs(data)
    shares = {}
    for r in rows(data / "supply.csv"):
        shares.setdefault(r["material"], {}).setdefault(r["country"], 0.0)
        shares[r["material"]][r["country"]] += float(r["volume"])
    shares = {m: {c: v / sum(cs.values()) for c, v in cs.items()} for m, cs in shares.items()}

    # Both sweeps, draw by draw.
    april_zero = dt.date.fromisoformat(params["day_zero"])
    tts = check_scenario("april_2025", summary["april"], data, params, use, unit_stock, shares, april_zero, set())
    check_scenario("rule61", summary["rule61"], data, params, use, unit_stock, shares,
                   dt.date.fromisoformat(params["rule61_effective"]), {"Dy oxide", "Tb oxide"})
    late = dt.date.fromisoformat(params["rule61_suspension_ends"])
    check(summary["rule61"]["late_day_zero"] == f"{late.day} {late.strftime('%b %Y')}", "rule61: the suspension's end")

    # The calibration table: shares of draws, and the weeks that stop the plant then.
    april = summary["april"]
    limits = [(l["country"], l["materials"], l["level"], l["from"], l["to"]) for l in april["limits"]]
    stop_at = lambda weeks: first_shortage(use, {m: q * weeks for m, q in unit_stock.items()}, shares, limits,
                                           april["transit_days"], april["alternates"], float(params["horizon"]))
    events = rows(data / "reported_stops.csv")
    check(len(summary["calibration"]) == len(events), "calibration: one row per reported stop")
    for e, c in zip(events, summary["calibration"]):
        first = (dt.date.fromisoformat(e["first"]) - april_zero).days
        last = (dt.date.fromisoformat(e["last"]) - april_zero).days
        if e["kind"] == "by":
            first = 0
        check((c["first_day"], c["last_day"]) == (first, last), f"calibration: {e['event']} days")
        share = sum(1 for t in tts if t is not None and first <= t <= last + 1) / len(tts)
        check(close(c["share_of_draws"], share), f"calibration: {e['event']} share {c['share_of_draws']} != {share}")
        for key, day in (("weeks_from", first), ("weeks_to", last + 1)):
            if c[key] is not None and c[key] < 52:
                check(abs(stop_at(c[key]) - day) < 1e-3, f"calibration: {e['event']}: {c[key]} weeks stop on day "
                      f"{stop_at(c[key])}, not {day}")
    middle = stop_at(summary["middle_weeks"])
    check(close(summary["tts"], middle, 1e-6), f"the middle run's first stop {summary['tts']} != {middle}")

    # The chart.
    root = ET.parse(out / "lines.svg").getroot()
    check(root.tag == SVG + "svg", f"lines.svg: root element is {root.tag}, not svg")
    for attribute in ("width", "height", "viewBox"):
        check(root.get(attribute), f"lines.svg: no {attribute}")
    classes = [g.get("class") for g in root.iter(SVG + "g")]
    for c in ("cumulative", "distribution"):
        check(c in classes, f"lines.svg: no {c} panel")
    cum = [g for g in root.iter(SVG + "g") if g.get("class") == "cumulative"]
    if cum:
        check(len(list(cum[0].iter(SVG + "polyline"))) == 2, "lines.svg: the cumulative panel needs two curves")
        check(any(b in (cum[0].findtext(SVG + "title") or "") for b in summary["binding"]),
              "lines.svg: the cumulative panel is not of the binding material")
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
        check(line["stopped_by"] in summary["binding"] or line["stopped_by"] in use,
              f"{line['line']} stopped by {line['stopped_by']}, not a material")
        rs = [r for r in report if r.startswith(line["line"] + " ") and line["stopped_by"] in r]
        check(rs, f"report.txt: no row of line {line['line']} naming {line['stopped_by']}")
    tts_rows = [r for r in report if r.startswith("Time to survive:")]
    check(len(tts_rows) == 1 and all(m in tts_rows[0] for m in summary["binding"]),
          f"report.txt: the time-to-survive row does not name {summary['binding']}: {tts_rows}")
    for p in april["percentiles"]:
        check(any(r.startswith(f"P{p['p']:g} ") and p["date"] in r for r in report),
              f"report.txt: no row P{p['p']:g} with {p['date']}")

    # The dependency graph.
    dot = (out / "dependencies.dot").read_text()
    body = "\n".join(l for l in dot.splitlines() if not l.lstrip().startswith("//"))
    check(body.lstrip().startswith("digraph"), "dependencies.dot: not a digraph")
    check(body.count("{") == body.count("}") and body.rstrip().endswith("}"), "dependencies.dot: unbalanced braces")
    for material in {l["stopped_by"] for l in lines if l["stopped_by"]} | set(summary["binding"]):
        node = [l for l in dot.splitlines() if l.strip().startswith(f'"item:{material}" [')]
        check(len(node) == 1 and "CHOKEPOINT: binding" in node[0] and "penwidth=3" in node[0],
              f"dependencies.dot: {material} is not marked as a binding chokepoint")

    check_mining(summary, data / "public" / "usgs_rare_earth_mine_production.csv")
    check_network(summary, data, command)

    # The command, on the April scenario at the middle of the range.
    survive = check_command(command, out, data, params, summary)

    for f in failures[:40]:
        print("FAIL:", f)
    if len(failures) > 40:
        print(f"... and {len(failures) - 40} more")
    if not failures:
        pct = ", ".join(f"P{p['p']:g} {p['date']}" for p in april["percentiles"])
        print(f"ok: {out} ({len(april['draws'])} + {len(summary['rule61']['draws'])} draws recomputed; first stop {pct}; "
              f"chokepoint survive at {summary['middle_weeks']:g} weeks: first stop {survive['tts']}, "
              + ", ".join(f"{p['product']} {p['ttf']}" for p in survive["products"]) + ")")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
