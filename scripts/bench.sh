#!/usr/bin/env bash
# Runs the benchmarks, each corpus size in its own process (so peak RSS is that
# size's), and prints two tables: ETL throughput, and every documented view
# filtered to one unit and scanned whole, each beside its baseline (the same
# rows computed from the definitions at query time, as before materialisation).
# Usage: scripts/bench.sh [N...] (default 1000 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
out=$(mktemp)
views=$(mktemp)
spot=$(mktemp)
trap 'rm -f "$out" "$out.api" "$views" "$spot"' EXIT

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
  JIXIAO_BENCH_N=$n go test -run '^$' -bench '^BenchmarkViews$' -benchtime 1x -count 1 ./etl 2>&1 | tee -a "$out.log" \
    | awk '$1 == "view-ms" { printf "%-20s %8s %12s %12s %12s %12s\n", $2, $3, $4, $5, $6, $7 }
           $1 == "spotcheck-ms" { printf "%-12s %10s %12s %14s %12s\n", $2, $3, $4, $5, $6 > "'"$spot"'" }
           /^--- FAIL|budget/ { print > "/dev/stderr" }' >> "$views" \
    || echo "BenchmarkViews N=$n failed (see $out.log)" >&2
done
# Per-format parse throughput; html's baseline is txt, xls's is xlsx (the
# same workbook without the LibreOffice conversion).
for f in txt html docx xlsx xls pdf; do
  if grep -q "BenchmarkParse_$f" etl/*_test.go 2>/dev/null; then
    run "parse $f" ./etl "BenchmarkParse_$f" 200
  fi
done
# OCR of a scanned PDF: seconds per page (pdftoppm at 300 dpi + tesseract chi_sim).
ocr=$(go test -run '^$' -bench '^BenchmarkOCR_pdf$' -benchtime 1x -count 1 ./etl 2>&1 | tee -a "$out.log" \
  | awk '/^Benchmark/ { for (i=1;i<=NF;i++) if ($(i+1)=="s/page") print $i }')

# API: each dashboard and the evaluations list under 50 connections for 10 s over
# the largest corpus, beside the same query run in-process (its own table).
api_n=${sizes[${#sizes[@]}-1]}
JIXIAO_BENCH_N=$api_n go test -run '^$' -bench '^BenchmarkAPI$' -benchtime 1x -count 1 -timeout 30m ./api 2>&1 \
  | tee -a "$out.log" | grep -E '^(api \(N=|dashboard |evaluations)' > "$out.api" || true
# Upload of the seed-sized report, answered (DESIGN ≤ 1 s).
go test -run '^$' -bench '^BenchmarkUpload$' -benchtime 1x -count 1 ./api 2>&1 \
  | tee -a "$out.log" | grep -E '^upload ' >> "$out.api" || true
# Exports: 100,000-row XLSX (DESIGN ≤ 10 s) and a 1,000,000-row CSV through
# `jixiao sql`, its peak RSS (DESIGN ≤ 300 MiB), each in a process of its own.
go test -run '^$' -bench '^BenchmarkXLSX100k$' -benchtime 1x -count 1 ./export 2>&1 | tee -a "$out.log" \
  | awk '/^BenchmarkXLSX100k/ { printf "%-30s %10.1f s   (DESIGN ≤ 10 s)\n", "export xlsx 100,000 rows", $3 / 1e9 }' >> "$out.api" || true
exp=$(mktemp -d)
go build -o "$exp/jixiao" ./cmd/jixiao
if "$exp/jixiao" demo --out "$exp/data/inbox" >/dev/null && "$exp/jixiao" etl --data "$exp/data" --once >/dev/null; then
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$exp/rss" "$exp/jixiao" sql --data "$exp/data" --format csv \
    "SELECT i AS id, '湘西州单位' || (i % 2000) AS unit, 2019 + i % 5 AS fiscal_year, (i * 1.25)::DECIMAL(18,4) AS amount FROM range(1000000) t(i)" >/dev/null
  end=$(date +%s.%N)
  awk -v kb="$(cat "$exp/rss")" -v s="$(echo "$end - $start" | bc)" \
    'BEGIN { printf "%-30s %10.1f s %8.0f MiB peak RSS (DESIGN ≤ 300 MiB)\n", "export csv 1,000,000 rows", s, kb / 1024 }' >> "$out.api"
fi
rm -rf "$exp"
# SQL console: a 100,000-row answer streamed over HTTP, peak heap and RSS.
go test -run '^$' -bench '^BenchmarkConsole100k$' -benchtime 1x -count 1 ./api 2>&1 \
  | tee -a "$out.log" | grep -E '^sql console' >> "$out.api" || true

printf "%-28s %8s %12s %10s %12s %14s\n" "benchmark" "N" "reports/s" "MB/s" "peakRSS MiB" "cpu ms/report"
printf '%.0s-' {1..90}; echo
cat "$out"
[ -n "$ocr" ] && printf "%-28s %8s %12s\n" "ocr pdf (s/page)" "4 pages" "$ocr"
echo
cat "$out.api"
echo
printf "%-20s %8s %12s %12s %12s %12s\n" "view (ms)" "N" "one unit" "baseline" "whole scan" "baseline"
printf '%.0s-' {1..82}; echo
cat "$views"
echo
echo "spot-check across reports, recomputed at every refresh (ms; baseline: one scan of the sentences)"
printf "%-12s %10s %12s %14s %12s\n" "reports" "sentences" "reuse" "cross findings" "baseline"
printf '%.0s-' {1..64}; echo
cat "$spot"
