#!/usr/bin/env bash
# Peak memory of one server process answering a province's term report four at once: first
# four concurrent CSV exports (`/reports/term-indicators.csv`, every descendant), then, on a
# fresh process, four concurrent GraphQL pages of the same report (`rows(first: 100)` with the
# summary). Prints VmHWM (peak resident memory, /proc/<pid>/status) after each. The server runs
# with MAX_CONCURRENT_REPORTS=4 and MAX_REPORTS_PER_CLIENT=4 (all four come from one address), so
# the four really are built at once; the defaults, 1 and 1, would queue them (less memory, and the
# fourth may be refused after waiting 10 s). The response cache is off (RESPONSE_CACHE_BYTES=0):
# what is measured is building the reports; with it on, a process holds up to its bytes more.
#
#   bench/memory.sh postgres://postgres@127.0.0.1:5432/bench_s1?sslmode=disable [YEAR]
#
# The database is a generated one (`congress-api generate --scale 1.0 --database-url ...`); the
# province is the one with the most organizations below it. Needs the release binary
# (`cargo build --release`), curl and psql.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/memory.sh DATABASE_URL [YEAR]}"
YEAR="${2:-2022}"
BIN=target/release/congress-api
PORT=18777
[[ -x $BIN ]] || cargo build --release -p congress-api

# The province with the most descendants (placements form the tree; ltree-free walk).
PROVINCE=$(psql "$DATABASE_URL" -Atc "
  WITH RECURSIVE tree(root, id) AS (
    SELECT o.id, o.id FROM organizations o WHERE o.level = 'PROVINCE'
    UNION ALL
    SELECT t.root, p.organization_id FROM tree t JOIN organization_placements p ON p.parent_id = t.id)
  SELECT root FROM tree GROUP BY root ORDER BY count(DISTINCT id) DESC LIMIT 1")
ID=$(printf 'Organization:%s' "$PROVINCE" | base64 | tr '+/' '-_' | tr -d '=\n')
echo "database: $DATABASE_URL, province: $PROVINCE ($ID), term year $YEAR"

start() {
  if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then echo "port $PORT is taken by another server"; exit 1; fi
  DATABASE_URL="$DATABASE_URL" SAMPLE_DATA=false RESPONSE_CACHE_BYTES=0 MAX_CONCURRENT_REPORTS=4 MAX_REPORTS_PER_CLIENT=4 "$BIN" serve --bind "127.0.0.1:$PORT" >/tmp/memory-bench.log 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  echo "server did not become ready"; cat /tmp/memory-bench.log; exit 1
}
peak() { awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$PID/status"; }
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; }
# A server left running (a failed step) would answer the next run's readiness check.
trap 'kill "${PID:-}" 2>/dev/null || true' EXIT

start
echo "fresh process: $(peak)"
started=$(date +%s.%N)
for i in 1 2 3 4; do
  curl -sf -o "/tmp/memory-bench-$i.csv" \
    "http://127.0.0.1:$PORT/reports/term-indicators.csv?organizationId=$ID&termYear=$YEAR&includeDescendants=true" &
done
wait $(jobs -p | grep -v "^$PID$") 2>/dev/null || true
lines=$(wc -l </tmp/memory-bench-1.csv); bytes=$(stat -c %s /tmp/memory-bench-1.csv)
printf 'four CSV exports at once: peak %s; each %s lines, %.1f MB; %.1f s\n' "$(peak)" "$lines" \
  "$(echo "$bytes / 1048576" | bc -l)" "$(echo "$(date +%s.%N) - $started" | bc -l)"
stop

start
QUERY='query($id: ID!, $year: Int!) { termReport(organizationId: $id, termYear: $year, includeDescendants: true) { organization { name } summary { targets met exceeded notMet noData } rows(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { organization { name } target { text comparator minValue unit } latest { year achieved computedPercent } status } } } }'
BODY=$(printf '{"query": %s, "variables": {"id": "%s", "year": %s}}' "$(printf '%s' "$QUERY" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" "$ID" "$YEAR")
started=$(date +%s.%N)
for i in 1 2 3 4; do
  curl -sf -o "/tmp/memory-bench-$i.json" -H 'content-type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/graphql" &
done
wait $(jobs -p | grep -v "^$PID$") 2>/dev/null || true
rows=$(python3 -c '
import json, sys
answers = [json.load(open(f"/tmp/memory-bench-{i}.json")) for i in (1, 2, 3, 4)]
for answer in answers:
    if not answer.get("data"):
        sys.exit("a report page failed: " + json.dumps(answer.get("errors")))
r = answers[0]["data"]["termReport"]["rows"]
print(len(r["nodes"]), "of", r["totalCount"])')
printf 'four report pages at once: peak %s; each %s rows; %.1f s\n' "$(peak)" "$rows" \
  "$(echo "$(date +%s.%N) - $started" | bc -l)"
stop
