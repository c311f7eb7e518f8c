#!/usr/bin/env bash
# Bounded-memory check for `gatehouse scan`: scans generated JSONL chat transcripts of growing sizes once each
# (Release build, --workers 2) and prints seconds, CPU seconds, MB/s and peak RSS (from /usr/bin/time -v) per size,
# then whether peak RSS grew with the file. The generated files are deleted afterwards (KEEP=1 keeps them).
# Check the free space first: the largest file needs LARGE_MB of disk.
#   usage: bench/dataset-scan/memory.sh      env: SIZES="250 1000" WORKERS=2 WORK=/tmp/gatehouse-bench KEEP=0
#   the issue's target: SIZES="500 5000" (peak RSS < 300 MB on 5 GB)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
SIZES="${SIZES:-250 1000}"; WORKERS="${WORKERS:-2}"; WORK="${WORK:-/tmp/gatehouse-bench}"; KEEP="${KEEP:-0}"
mkdir -p "$WORK"

largest=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
free_mb=$(df -Pm "$WORK" | awk 'NR==2 {print $4}')
if [ "$free_mb" -lt $((largest + 1024)) ]; then
  echo "not enough disk in $WORK: $free_mb MB free, $largest MB needed (plus 1 GB headroom)" >&2
  exit 2
fi

echo "# building gatehouse (Release) into $WORK/gatehouse"
dotnet build -c Release "$repo/src/Gatehouse" -o "$WORK/gatehouse" -v q -nologo >/dev/null

generated=()
cleanup() { [ "$KEEP" = "1" ] || rm -f "${generated[@]}"; }
trap cleanup EXIT

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), --workers $WORKERS"
printf "%10s %12s %10s %10s %10s %14s\n" "MB" "bytes" "seconds" "cpu s" "MB/s" "peak RSS MB"
first_rss=""; last_rss=""
for mb in $SIZES; do
  file="$WORK/chats-${mb}mb.jsonl"
  if [ ! -f "$file" ]; then
    python3 "$here/generate.py" "$file" "$mb"
    generated+=("$file")
  fi
  bytes=$(stat -c %s "$file")
  log="$WORK/memory-time.log"
  /usr/bin/time -v dotnet "$WORK/gatehouse/gatehouse.dll" scan "$file" --workers "$WORKERS" --list 0 >"$WORK/memory-${mb}.out" 2>"$log" || true
  wall=$(grep "Elapsed (wall clock)" "$log" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  printf "%10s %12s %10.1f %10.1f %10.1f %14.0f\n" "$mb" "$bytes" "$wall" "$cpu" "$(echo "$bytes / 1000000 / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  grep -m1 "^Scanned" "$WORK/memory-${mb}.out" || true
  [ -n "$first_rss" ] || first_rss=$rss
  last_rss=$rss
done
printf "peak RSS, largest vs smallest file: %.2fx\n" "$(echo "$last_rss / $first_rss" | bc -l)"
