#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/fuzz/run.sh [SECONDS]
#
# Builds the libFuzzer targets (tests/fuzz/<name>_fuzz.cpp) with clang in their own
# build directory and runs each for SECONDS (default 60), one after another, starting
# from the committed seeds (tests/fuzz/corpus/<name>/) and regression inputs
# (tests/fuzz/regressions/<name>/). New inputs go to a scratch corpus, never into the
# repository. Prints executions, executions per second, coverage (cov: edges, ft:
# features) and corpus size per target, and exits non-zero if any target found
# anything; the input that did it is kept as build-fuzz/fuzz-runs/<name>/crash-*
# (or timeout-*, oom-*, leak-*). Replay it with build-fuzz/tests/fuzz/<name>_fuzz FILE;
# once fixed, copy it to tests/fuzz/regressions/<name>/ so that ctest (fuzz_<name>)
# replays it in every build.
#
# Environment: CHOKEPOINT_FUZZ_CXX (default clang++-14, else clang++),
# CHOKEPOINT_FUZZ_BUILD (default <repo>/build-fuzz), CHOKEPOINT_FUZZ_TARGETS (a subset,
# space-separated), CHOKEPOINT_FUZZ_JOBS (build jobs, default 2).
set -euo pipefail

seconds=${1:-60}
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${CHOKEPOINT_FUZZ_BUILD:-$root/build-fuzz}
jobs=${CHOKEPOINT_FUZZ_JOBS:-2}
cxx=${CHOKEPOINT_FUZZ_CXX:-}
if [[ -z "$cxx" ]]; then
  for c in clang++-14 clang++; do
    if command -v "$c" >/dev/null; then cxx=$c; break; fi
  done
fi
[[ -n "$cxx" ]] || { echo "run.sh: clang++ not found (libFuzzer comes with clang)" >&2; exit 2; }

all_targets=(bom_csv supply_csv demand_csv stock_csv alternates_csv values_csv bom_builder supply_base cut_spec)
read -r -a targets <<< "${CHOKEPOINT_FUZZ_TARGETS:-${all_targets[*]}}"

# -O1 -g without NDEBUG: assertions (ours and fast-cpp-csv-parser's) stay on.
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCHOKEPOINT_BUILD_FUZZERS=ON \
  -DCHOKEPOINT_BUILD_BENCHMARKS=OFF -DCHOKEPOINT_BUILD_EXAMPLES=OFF -DCHOKEPOINT_INSTALL=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target "${targets[@]/%/_fuzz}"

summary=()
failed=()
for t in "${targets[@]}"; do
  work="$build/fuzz-runs/$t"
  rm -rf "$work"
  mkdir -p "$work/corpus"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$work/")
  case "$t" in
    *_csv) options+=(-max_len=8192 -dict="$root/tests/fuzz/dict/csv.dict") ;;
    cut_spec) options+=(-max_len=1024 -dict="$root/tests/fuzz/dict/cut_spec.dict") ;;
    *) options+=(-max_len=2048) ;;
  esac
  inputs=("$work/corpus" "$root/tests/fuzz/corpus/$t")
  [[ -d "$root/tests/fuzz/regressions/$t" ]] && inputs+=("$root/tests/fuzz/regressions/$t")
  echo "== $t: ${seconds}s"
  status=0
  "$build/tests/fuzz/${t}_fuzz" "${options[@]}" "${inputs[@]}" >"$work/log" 2>&1 || status=$?

  stat() { grep -m1 "^stat::$1:" "$work/log" | awk '{print $2}' || true; }
  last=$(grep -E '^#[0-9]+[[:space:]].*cov: ' "$work/log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<< "$last")
  result=ok
  if ((status != 0)); then
    result=FOUND
    failed+=("$t")
  fi
  summary+=("$(printf '%-15s %-6s %10s %8s %7s %7s %12s' "$t" "$result" "$(stat number_of_executed_units)" \
               "$(stat average_exec_per_sec)" "${cov:-?}" "${ft:-?}" "${corp:-?}")")
done

echo
printf '%-15s %-6s %10s %8s %7s %7s %12s\n' target result execs exec/s cov ft corpus
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  for t in "${failed[@]}"; do
    echo
    echo "== $t found something; the input is in $build/fuzz-runs/$t/. Its log ends:"
    tail -40 "$build/fuzz-runs/$t/log"
  done
  exit 1
fi
