#!/usr/bin/env bash
# Dataset scan benchmark, side by side with a peer on the same file in one run:
#   gatehouse scan (Release build, 1 and 2 workers) vs the redact-pii npm package (redact-pii-peer.js).
# Generates a deterministic JSONL of chat transcripts (not committed), runs each configuration RUNS times, and prints
# the median MB/s and peak RSS (from /usr/bin/time -v) of each, then the ratio. Optionally scans a large file once
# for memory (LARGE_MB, 0 to skip).
#   usage: bench/dataset-scan/run.sh            env: MB=200 RUNS=3 LARGE_MB=1000 WORK=/tmp/gatehouse-bench
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
MB="${MB:-200}"; RUNS="${RUNS:-3}"; LARGE_MB="${LARGE_MB:-1000}"; WORK="${WORK:-/tmp/gatehouse-bench}"
mkdir -p "$WORK"
file="$WORK/chats-${MB}mb.jsonl"
[ -f "$file" ] || python3 "$here/generate.py" "$file" "$MB"
bytes=$(stat -c %s "$file")

echo "# building gatehouse (Release) into $WORK/gatehouse"
dotnet build -c Release "$repo/src/Gatehouse" -o "$WORK/gatehouse" -v q -nologo >/dev/null
[ -d "$here/node_modules/redact-pii" ] || (cd "$here" && npm install --no-audit --no-fund >/dev/null)

# measure NAME CMD...: runs the command once under /usr/bin/time -v, prints "NAME seconds peak_rss_kb".
measure() {
  local name="$1"; shift
  local log="$WORK/time.log"
  /usr/bin/time -v "$@" >"$WORK/$name.out" 2>"$log" || true
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  echo "$name $wall $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

results="$WORK/results.txt"; : >"$results"
for run in $(seq 1 "$RUNS"); do
  measure gatehouse-1 dotnet "$WORK/gatehouse/gatehouse.dll" scan "$file" --workers 1 --list 0 >>"$results"
  measure gatehouse-2 dotnet "$WORK/gatehouse/gatehouse.dll" scan "$file" --workers 2 --list 0 >>"$results"
  measure redact-pii node "$here/redact-pii-peer.js" "$file" >>"$results"
done

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# file: $file, $bytes bytes, $RUNS runs each"
printf "%-12s %10s %10s %14s\n" tool "MB/s" "seconds" "peak RSS MB"
for name in gatehouse-1 gatehouse-2 redact-pii; do
  secs=$(grep "^$name " "$results" | awk '{print $2}' | median)
  rss=$(grep "^$name " "$results" | awk '{print $3}' | median)
  printf "%-12s %10.1f %10.1f %14.0f\n" "$name" "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$secs" "$(echo "$rss / 1024" | bc -l)"
done
g2=$(grep "^gatehouse-2 " "$results" | awk '{print $2}' | median)
g1=$(grep "^gatehouse-1 " "$results" | awk '{print $2}' | median)
peer=$(grep "^redact-pii " "$results" | awk '{print $2}' | median)
printf "ratio gatehouse(1 worker)/redact-pii: %.1fx, gatehouse(2 workers)/redact-pii: %.1fx, 2 vs 1 worker: %.2fx\n" \
  "$(echo "$peer / $g1" | bc -l)" "$(echo "$peer / $g2" | bc -l)" "$(echo "$g1 / $g2" | bc -l)"
grep -m1 "^Scanned" "$WORK/gatehouse-2.out" || true
cat "$WORK/redact-pii.out"

if [ "$LARGE_MB" != "0" ]; then
  large="$WORK/chats-${LARGE_MB}mb.jsonl"
  [ -f "$large" ] || python3 "$here/generate.py" "$large" "$LARGE_MB"
  echo "# large file: $large, $(stat -c %s "$large") bytes, gatehouse scan --workers 2, once"
  measure gatehouse-large dotnet "$WORK/gatehouse/gatehouse.dll" scan "$large" --workers 2 --list 0 | \
    awk -v b="$(stat -c %s "$large")" '{printf "seconds %.1f, MB/s %.1f, peak RSS %.0f MB\n", $2, b/1e6/$2, $3/1024}'
  grep -m1 "^Scanned" "$WORK/gatehouse-large.out" || true
fi
