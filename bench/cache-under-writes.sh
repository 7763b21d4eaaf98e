#!/usr/bin/env bash
# The response cache while the database is written: op 3a's document (an organization's congress
# history, Apollo's form) for 200 organizations picked at random, sent by wrk (2 threads, 8
# connections, 10 s after 3 s of warm-up) to a process without the cache, then to one with it
# (a) while nothing writes, (b) while pgbench commits 10 writes a second, (c) 100 a second. Each
# write is an UPDATE of one organization row, committed like a mutation's, so each one starts a
# new generation and every cached answer is recomputed once asked again. Prints req/s and p50/p99.
#
#   bench/cache-under-writes.sh 'postgres://postgres@127.0.0.1:5432/bench_s0_05?sslmode=disable'
#
# Needs the release binary (`cargo build --release`), wrk, pgbench, psql and python3. The
# database is a generated one (`congress-api generate --scale 0.05 --database-url ...`).
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/cache-under-writes.sh DATABASE_URL}"
PORT=18778
WORK=$(mktemp -d)
source bench/history-wrk.sh
history_scripts apollo
echo "UPDATE organizations SET name = name WHERE id = (SELECT min(id) FROM organizations);" >"$WORK/write.sql"

load() {
  wrk -t2 -c8 -d3s -s "$WORK/apollo.lua" "http://127.0.0.1:$PORT" >/dev/null
  local writer=""
  if [[ $2 -gt 0 ]]; then
    pgbench -n -c1 -R "$2" -T 11 -f "$WORK/write.sql" "$DATABASE_URL" >"$WORK/pgbench.log" 2>&1 &
    writer=$!
  fi
  wrk -t2 -c8 -d10s --latency -s "$WORK/apollo.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.log"
  [[ -n $writer ]] && wait "$writer"
  local rps p50 p99 writes=0
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.log")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.log")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.log")
  [[ -n $writer ]] && writes=$(awk '/^number of transactions actually processed/ {print $NF}' "$WORK/pgbench.log")
  printf '%-40s %10s req/s  p50 %8s  p99 %8s  writes %s\n' "$1" "$rps" "$p50" "$p99" "$writes"
}

start 0
load "without the cache" 0
stop
start 33554432
load "with the cache, no writes" 0
load "with the cache, 10 writes/s" 10
load "with the cache, 100 writes/s" 100
stop
