# SPDX-License-Identifier: MIT
"""The comparison table: chokepoint_bench's JSON output and the peers' result lines,
as markdown.

For each workload and size: chokepoint's time per iteration, the fastest peer
formulation and its time, the ratio (peer / chokepoint: above 1, chokepoint is
faster), and for workloads whose benchmark reports bytes per second, that rate as a
fraction of the machine's memory bandwidth measured by stream_triad in the same run
(one thread, as those workloads run on one; above 100% the data sat in cache). Below
the table, every peer formulation that was timed.

Times are what a quiet machine would show as nearly as a shared one allows: a peer's
time is the fastest of its repeats (wall clock); chokepoint's is the fastest of the
benchmark's repetitions, each the mean over many iterations, taken as CPU time for the
benchmarks that run on one thread (on a loaded machine their wall time also counts
the time other processes held the core, which a fastest-of-repeats escapes) and as
wall time for those that run threads of their own (requirement_matrix, load_bom_csv,
read_bom_csv, sweep).

usage: table.py CHOKEPOINT.json PEERS.jsonl [LOAD_BEFORE LOAD_AFTER]"""

import json
import sys

# Workloads compared, in table order: (chokepoint benchmark, peer workload, label).
ROWS = [
    ("explode_all_demand", "explode_all_demand", "explode all demand"),
    ("requirement_matrix", "requirement_matrix", "requirement matrix"),
    ("hhi_supplier_and_country", "hhi_supplier_and_country", "HHI by supplier and by country"),
    ("sweep", "sweep", "scenario sweep over the 1e5 BOM (chokepoint: exact TTS and cascade; numpy: days of cover)"),
]
UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


# Benchmarks that run more than one thread: timed by the wall clock.
THREADED = ("explode_all_demand", "requirement_matrix", "load_bom_csv", "read_bom_csv", "stream_triad", "sweep")


def seconds(run):
    threaded = run["name"].split("/")[0] in THREADED
    return (run["real_time"] if threaded else run["cpu_time"]) * UNITS[run["time_unit"]]


def shown(s):
    if s is None:
        return "-"
    return f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.3g} s"


def main():
    bench_path, peers_path = sys.argv[1], sys.argv[2]
    with open(bench_path) as f:
        bench = json.load(f)
    # With --benchmark_repetitions each repetition is a run of its own: keep the
    # fastest, as the peers keep their fastest repeat (on a shared machine the others
    # are the same work slowed by other processes).
    runs = {}
    for run in bench["benchmarks"]:
        if run.get("run_type", "iteration") != "iteration":
            continue
        name = run["name"].split("/real_time")[0]
        if name not in runs or seconds(run) < seconds(runs[name]):
            runs[name] = run
    triad = runs.get("stream_triad/1")
    bandwidth = triad["bytes_per_second"] if triad else None
    # Threaded benchmarks are measured against the bandwidth of both cores.
    triad_two = runs.get("stream_triad/2")
    bandwidth_two = triad_two["bytes_per_second"] if triad_two else bandwidth
    peers = []
    with open(peers_path) as f:
        for line in f:
            if line.strip():
                peers.append(json.loads(line))

    lines = ["| workload | size | chokepoint | best peer | peer time | ratio | fraction of memory bandwidth |",
             "|---|---|---|---|---|---|---|"]
    for bench_name, workload, label in ROWS:
        sizes = sorted({p["size"] for p in peers if p["workload"] == workload} |
                       {int(n.split("/")[1]) for n in runs if n.split("/")[0] == bench_name and "/" in n})
        for size in sizes:
            run = runs.get(f"{bench_name}/{size}")
            timed = [p for p in peers if p["workload"] == workload and p["size"] == size and p["seconds"]]
            best = min(timed, key=lambda p: p["seconds"]) if timed else None
            ours = seconds(run) if run else None
            ratio = f"{best['seconds'] / ours:.1f}x" if best and ours else "-"
            fraction = "-"
            bound = bandwidth_two if bench_name in THREADED else bandwidth
            if run and bound and "bytes_per_second" in run:
                fraction = f"{run['bytes_per_second'] / bound:.0%}"
            lines.append(f"| {label} | {size:,} | {shown(ours)} | {best['peer'] if best else '-'} | "
                         f"{shown(best['seconds']) if best else '-'} | {ratio} | {fraction} |")
    # chokepoint alone (no peer runs these): loading, exposure, where-used.
    for name in ("load_bom_csv/1000000", "read_bom_csv/1000000", "exposure_all_products/100000",
                 "where_used/1000000", "where_used_reusing_workspace/1000000"):
        run = runs.get(name)
        if not run:
            continue
        workload, size = name.split("/")
        ours = shown(seconds(run))
        if "bytes_per_second" in run:  # file bytes: not a memory-bound rate
            ours += f" ({run['bytes_per_second'] / 1e6:.0f} MB/s)"
        fraction = "-"
        lines.append(f"| {workload.replace('_', ' ')} | {int(size):,} | {ours} | - | - | - | {fraction} |")
    print("\n".join(lines))
    if bandwidth:
        two = runs.get("stream_triad/2")
        print(f"\nMemory bandwidth (stream_triad): {bandwidth / 1e9:.1f} GB/s on one thread"
              + (f", {two['bytes_per_second'] / 1e9:.1f} GB/s on two" if two else "") + ".")
    context = bench.get("context", {})
    print(f"Machine: {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz; "
          f"load average {context.get('load_avg', ['?'])}" +
          (f"; before the run {sys.argv[3]}, after it {sys.argv[4]}" if len(sys.argv) > 4 else "") + ".")
    print("\nEvery peer formulation timed:\n")
    print("| workload | size | peer | time |\n|---|---|---|---|")
    for p in peers:
        note = f"not finished in {p['unfinished_after']:.0f} s" if p["seconds"] is None else shown(p["seconds"])
        print(f"| {p['workload']} | {p['size']:,} | {p['peer']} | {note} |")


if __name__ == "__main__":
    main()
