#!/usr/bin/env bash
# CPU and memory per request for the largest answers of the mix, and what the allocator's
# settings (src/main.rs) change: op 4's history question (the organization with the most
# memberships; history.apollo.graphql) sent by wrk (2 threads, 8 connections) for SECONDS s to
# one congress-api process without its response cache, started alternately as built and with
# mimalloc's settings from before 2026-12-04 (MIMALLOC_PURGE_DELAY=0 MIMALLOC_ALLOW_THP=1), for
# ROUNDS rounds. Prints, per run: req/s, server and PostgreSQL CPU per request (from
# /proc/<pid>/stat of the server and of every postgres process, before and after), the server's
# peak memory (VmHWM) and whether the kernel let it use transparent huge pages.
#
#   bench/allocator.sh 'postgres://postgres@127.0.0.1:5432/bench_s0_05?sslmode=disable' [ROUNDS] [SECONDS]
#   BIN=/path/to/other/congress-api bench/allocator.sh ...   # another build, e.g. an earlier commit's
#
# Needs the release binary (`cargo build --release`), wrk, psql, python3, and PostgreSQL on this
# machine (its processes' CPU is read from /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/allocator.sh DATABASE_URL [ROUNDS] [SECONDS]}"
ROUNDS="${2:-3}"
SECONDS_EACH="${3:-10}"
PORT=18780
WORK=$(mktemp -d)
source bench/history-wrk.sh

LARGEST=$(psql "$DATABASE_URL" -Atc "SELECT g.organization_id FROM memberships m JOIN committees c ON c.id = m.committee_id
  JOIN congresses g ON g.id = c.congress_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
python3 - "$WORK" "$LARGEST" <<'PY'
import base64, json, sys
work, key = sys.argv[1], sys.argv[2]
doc = "\n".join(l for l in open("bench/src/mix/ours/history.apollo.graphql") if not l.startswith("#"))
gid = base64.urlsafe_b64encode(f"Organization:{key}".encode()).decode().rstrip("=")
body = json.dumps({"operationName": "OrganizationHistory", "query": doc, "variables": {"id": gid}})
with open(f"{work}/largest.lua", "w") as lua:
    lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    lua.write("wrk.body = [==[" + body + "]==]\n")
PY


measure() { # LABEL [earlier]: one run on a fresh process, with the earlier settings if asked
  if [[ ${2:-} == earlier ]]; then export MIMALLOC_PURGE_DELAY=0 MIMALLOC_ALLOW_THP=1; fi
  start 0
  unset MIMALLOC_PURGE_DELAY MIMALLOC_ALLOW_THP
  local label=$1
  wrk -t2 -c8 -d3s -s "$WORK/largest.lua" "http://127.0.0.1:$PORT/graphql" >/dev/null
  local s0 p0 s1 p1 out requests
  s0=$(cpu_of "$PID"); p0=$(postgres_cpu)
  out=$(wrk -t2 -c8 -d"${SECONDS_EACH}s" -s "$WORK/largest.lua" "http://127.0.0.1:$PORT/graphql")
  s1=$(cpu_of "$PID"); p1=$(postgres_cpu)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-22s %8s req/s  server %.2f ms/req  PostgreSQL %.2f ms/req  VmHWM %s  THP_enabled %s\n' "$label" \
    "$(echo "$out" | awk '/^Requests\/sec/ {print $2}')" \
    "$(echo "($s1 - $s0) * 1000 / $ticks / $requests" | bc -l)" \
    "$(echo "($p1 - $p0) * 1000 / $ticks / $requests" | bc -l)" \
    "$(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$PID/status")" \
    "$(awk '/^THP_enabled/ {print $2}' "/proc/$PID/status")"
  stop
}

echo "organization $LARGEST, $ROUNDS rounds of ${SECONDS_EACH} s, wrk -t2 -c8"
for round in $(seq 1 "$ROUNDS"); do
  measure "as built"
  measure "earlier settings" earlier
done
