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
BIN=target/release/congress-api
PORT=18778
WORK=$(mktemp -d)
[[ -x $BIN ]] || cargo build --release -p congress-api
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

psql "$DATABASE_URL" -Atc "SELECT id FROM organizations ORDER BY md5(id::text) LIMIT 200" >"$WORK/ids"
python3 - "$WORK" <<'PY'
import base64, json, sys
work = sys.argv[1]
doc = "\n".join(l for l in open("bench/src/mix/ours/history.apollo.graphql") if not l.startswith("#"))
bodies = []
for line in open(f"{work}/ids"):
    gid = base64.urlsafe_b64encode(f"Organization:{line.strip()}".encode()).decode().rstrip("=")
    bodies.append(json.dumps({"operationName": "OrganizationHistory", "query": doc, "variables": {"id": gid}}))
with open(f"{work}/history.lua", "w") as lua:
    lua.write("local bodies = {\n" + ",\n".join("[==[" + b + "]==]" for b in bodies) + "\n}\n")
    lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    lua.write('request = function() return wrk.format(nil, "/graphql", nil, bodies[math.random(#bodies)]) end\n')
PY
echo "UPDATE organizations SET name = name WHERE id = (SELECT min(id) FROM organizations);" >"$WORK/write.sql"

start() {
  if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then echo "port $PORT is taken by another server"; exit 1; fi
  DATABASE_URL="$DATABASE_URL" SAMPLE_DATA=false LOG_LEVEL=warn RESPONSE_CACHE_BYTES="$1" \
    "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  echo "server did not become ready"; cat "$WORK/server.log"; exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; }
load() {
  wrk -t2 -c8 -d3s -s "$WORK/history.lua" "http://127.0.0.1:$PORT" >/dev/null
  local writer=""
  if [[ $2 -gt 0 ]]; then
    pgbench -n -c1 -R "$2" -T 11 -f "$WORK/write.sql" "$DATABASE_URL" >"$WORK/pgbench.log" 2>&1 &
    writer=$!
  fi
  wrk -t2 -c8 -d10s --latency -s "$WORK/history.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.log"
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
