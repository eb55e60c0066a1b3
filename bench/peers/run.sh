#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# chokepoint against what its users run today, on the same generated data, in one run:
# SciPy (sparse solves and series), pandas and numpy (HHI, a scenario sweep) and the
# sqlite3 shell (recursive CTE), from Debian's packages. Prints one markdown table.
#
#   bench/peers/run.sh [BUILD_DIR]
#
# BUILD_DIR (default build-peers in the source tree) is configured as a Release build
# if it is not configured yet; chokepoint_bench and chokepoint_export_data are built
# in it. The data (about 450 MB) goes to $CHOKEPOINT_PEERS_DATA (default
# /tmp/chokepoint-peers), the results to $CHOKEPOINT_PEERS_OUT (default the data
# directory): chokepoint.json, peers.jsonl and table.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build-peers}"
data="${CHOKEPOINT_PEERS_DATA:-/tmp/chokepoint-peers}"
out="${CHOKEPOINT_PEERS_OUT:-$data}"
# Debian's interpreter, which sees Debian's python3-* packages (a pyenv or venv python
# first on PATH would not).
python=/usr/bin/python3

packages=(python3 python3-numpy python3-scipy python3-pandas sqlite3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target chokepoint_bench chokepoint_export_data -j2

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== load average before: $load_before (the comparison is only as quiet as the machine)"
mkdir -p "$data" "$out"
rm -f "$out/peers.jsonl"

echo "== exporting the generated data to $data"
"$build/bench/chokepoint_export_data" "$data" --bom 1000 --bom 100000 --bom 1000000 --supply-rows 10000000

echo "== chokepoint_bench"
"$build/bench/chokepoint_bench" \
  --benchmark_filter='^(stream_triad|explode_all_demand|requirement_matrix|hhi_supplier_and_country|exposure_all_products|load_bom_csv|read_bom_csv|where_used|where_used_reusing_workspace|sweep)/' \
  --benchmark_repetitions=3 --benchmark_format=json --benchmark_out="$out/chokepoint.json" \
  --benchmark_out_format=json >"$out/chokepoint.stdout"
grep -o '"run_name": "[^"]*"' "$out/chokepoint.json" | sort -u | sed 's/"run_name": /  /'

cd "$here"
echo "== SciPy"
"$python" scipy_explode.py "$data" 100000 1000000 "$out/peers.jsonl"
echo "== SQLite"
"$python" sqlite_explode.py "$data" 1000 100000 "$out/peers.jsonl" --cte-limit 120
echo "== pandas and numpy: HHI"
"$python" hhi.py "$data/supply_10000000.csv" 10000000 "$out/peers.jsonl"
echo "== numpy: scenario sweep"
"$python" sweep.py "$data/bom_100000" 100000 10000 "$out/peers.jsonl"

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$python" table.py "$out/chokepoint.json" "$out/peers.jsonl" "$load_before" "$load_after" | tee "$out/table.md"
