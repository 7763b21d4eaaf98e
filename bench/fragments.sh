#!/usr/bin/env bash
# Fragments against the plain document, with more samples than the mix takes: op 3's history
# question as Apollo Client sends it (named fragments, `__typename`; history.apollo.graphql) and
# written plainly (history.plain.graphql), for the same 200 organizations picked at random, sent
# by wrk (2 threads, 8 connections) to one congress-api process without its response cache, the
# two forms alternating for ROUNDS rounds of SECONDS s each. Prints each round and the medians.
#
#   bench/fragments.sh 'postgres://postgres@127.0.0.1:5432/bench_s0_05?sslmode=disable' [ROUNDS] [SECONDS]
#
# Needs the release binary (`cargo build --release`), wrk, psql and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/fragments.sh DATABASE_URL [ROUNDS] [SECONDS]}"
ROUNDS="${2:-5}"
SECONDS_EACH="${3:-5}"
BIN=target/release/congress-api
PORT=18779
WORK=$(mktemp -d)
[[ -x $BIN ]] || cargo build --release -p congress-api
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

psql "$DATABASE_URL" -Atc "SELECT id FROM organizations ORDER BY md5(id::text) LIMIT 200" >"$WORK/ids"
python3 - "$WORK" <<'PY'
import base64, json, sys
work = sys.argv[1]
for form in ("apollo", "plain"):
    doc = "\n".join(l for l in open(f"bench/src/mix/ours/history.{form}.graphql") if not l.startswith("#"))
    bodies = []
    for line in open(f"{work}/ids"):
        gid = base64.urlsafe_b64encode(f"Organization:{line.strip()}".encode()).decode().rstrip("=")
        bodies.append(json.dumps({"operationName": "OrganizationHistory", "query": doc, "variables": {"id": gid}}))
    with open(f"{work}/{form}.lua", "w") as lua:
        lua.write("local bodies = {\n" + ",\n".join("[==[" + b + "]==]" for b in bodies) + "\n}\n")
        lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
        lua.write('request = function() return wrk.format(nil, "/graphql", nil, bodies[math.random(#bodies)]) end\n')
PY

if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then echo "port $PORT is taken by another server"; exit 1; fi
DATABASE_URL="$DATABASE_URL" SAMPLE_DATA=false LOG_LEVEL=warn RESPONSE_CACHE_BYTES=0 \
  "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

run() { wrk -t2 -c8 -d"$2" -s "$WORK/$1.lua" "http://127.0.0.1:$PORT" | awk '/^Requests\/sec/ {print $2}'; }
run apollo 3s >/dev/null
run plain 3s >/dev/null
: >"$WORK/apollo.rps"
: >"$WORK/plain.rps"
for round in $(seq 1 "$ROUNDS"); do
  a=$(run apollo "${SECONDS_EACH}s"); p=$(run plain "${SECONDS_EACH}s")
  echo "$a" >>"$WORK/apollo.rps"; echo "$p" >>"$WORK/plain.rps"
  printf 'round %s: Apollo %s req/s, plain %s req/s\n' "$round" "$a" "$p"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
a=$(median "$WORK/apollo.rps"); p=$(median "$WORK/plain.rps")
printf 'medians: Apollo %s req/s, plain %s req/s, plain / Apollo %.2f\n' "$a" "$p" "$(echo "$p / $a" | bc -l)"
