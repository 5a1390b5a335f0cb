#!/usr/bin/env bash
# Runs the benchmarks, each corpus size in its own process (so peak RSS is that
# size's), and prints one table. Usage: scripts/bench.sh [N...] (default 1000 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
out=$(mktemp)
trap 'rm -f "$out" "$out.api"' EXIT

run() { # name pkg bench N
  JIXIAO_BENCH_N=$4 go test -run '^$' -bench "^$3\$" -benchtime 1x -count 1 "$2" 2>&1 | tee -a "$out.log" \
    | awk -v name="$1" -v n="$4" '/^Benchmark/ {
        rps=""; rss=""; mbs=""; cpu="";
        for (i=1;i<=NF;i++) { if ($(i+1)=="reports/s") rps=$i; if ($(i+1)=="peakRSS-MiB") rss=$i; if ($(i+1)=="MB/s") mbs=$i; if ($(i+1)=="cpu-ms/report") cpu=$i }
        printf "%-28s %8s %12s %10s %12s %14s\n", name, n, rps, mbs, rss, cpu }' >> "$out"
}

for n in "${sizes[@]}"; do
  run "etl (parse+load)" ./etl BenchmarkETL "$n"
  run "baseline (read+hash)" ./etl BenchmarkReadHash "$n"
done
for f in txt docx xlsx pdf; do
  if grep -q "BenchmarkParse_$f" etl/*_test.go 2>/dev/null; then
    run "parse $f" ./etl "BenchmarkParse_$f" 200
  fi
done

# API: each dashboard and the evaluations list under 50 connections for 10 s over
# the largest corpus, beside the same query run in-process (its own table).
api_n=${sizes[${#sizes[@]}-1]}
JIXIAO_BENCH_N=$api_n go test -run '^$' -bench '^BenchmarkAPI$' -benchtime 1x -count 1 -timeout 30m ./api 2>&1 \
  | tee -a "$out.log" | grep -E '^(api \(N=|dashboard |evaluations)' > "$out.api" || true

printf "%-28s %8s %12s %10s %12s %14s\n" "benchmark" "N" "reports/s" "MB/s" "peakRSS MiB" "cpu ms/report"
printf '%.0s-' {1..90}; echo
cat "$out"
echo
cat "$out.api"
