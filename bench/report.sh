#!/usr/bin/env bash
# A ward's term report (op 9 of the mix, term_report.apollo.graphql): wrk (2 threads, 8
# connections) for SECONDS s sending the report of one of up to 200 wards at random, each for a
# year in the middle of a term with results (picked as the mix picks them in
# bench/src/mix/pools.rs, without its condition that no other term's targets overlap), to one
# congress-api process without its response cache, for ROUNDS rounds. With BASE set to another
# build, each round runs that build too, alternating, to compare the two. Prints req/s, p50 and
# p99, and server and PostgreSQL CPU per request (from /proc, as allocator.sh reads it).
#
#   bench/report.sh 'postgres://postgres@127.0.0.1:5432/bench_s0_05?sslmode=disable' [ROUNDS] [SECONDS]
#   BASE=/path/to/earlier/congress-api bench/report.sh ...   # against an earlier commit's build
#
# Needs the release binary (`cargo build --release`), wrk, psql, python3, and PostgreSQL on this
# machine (its processes' CPU is read from /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/report.sh DATABASE_URL [ROUNDS] [SECONDS]}"
ROUNDS="${2:-3}"
SECONDS_EACH="${3:-10}"
PORT=18795
WORK=$(mktemp -d)
source bench/history-wrk.sh
BUILT=$BIN

# Wards and a mid-term year whose term has results by then.
psql "$DATABASE_URL" -Atc "SELECT o.id || ' ' || y.year FROM organizations o
  CROSS JOIN LATERAL (SELECT (ARRAY[2012, 2017, 2022])[1 + (o.id % 3)::int] AS year) y
  JOIN congresses g ON g.organization_id = o.id AND g.retracted_at IS NULL AND g.term_start_year < y.year AND g.term_end_year > y.year
  WHERE o.level = 'COMMUNE' AND o.search_key LIKE 'dang bo phuong %'
  AND EXISTS (SELECT 1 FROM targets t JOIN target_results r ON r.target_id = t.id WHERE t.organization_id = o.id
    AND t.start_year = g.term_start_year AND r.year_to <= y.year)
  ORDER BY md5(o.id::text) LIMIT 200" >"$WORK/wards"
python3 - "$WORK" <<'PY'
import base64, json, sys
work = sys.argv[1]
doc = "\n".join(l for l in open("bench/src/mix/ours/term_report.apollo.graphql") if not l.startswith("#"))
bodies = []
for line in open(f"{work}/wards"):
    key, year = line.split()
    gid = base64.urlsafe_b64encode(f"Organization:{key}".encode()).decode().rstrip("=")
    bodies.append(json.dumps({"operationName": "WardTermReport", "query": doc,
                              "variables": {"organizationId": gid, "termYear": int(year)}}))
with open(f"{work}/report.lua", "w") as lua:
    lua.write("local bodies = {\n" + ",\n".join("[==[" + b + "]==]" for b in bodies) + "\n}\n")
    lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    lua.write('request = function() return wrk.format(nil, "/graphql", nil, bodies[math.random(#bodies)]) end\n')
PY
echo "$(wc -l <"$WORK/wards") wards; $ROUNDS rounds of ${SECONDS_EACH} s, wrk -t2 -c8, a ward at random per request"
for _ in $(seq 1 "$ROUNDS"); do
  wrk_measure built "$BUILT" "$WORK/report.lua"
  if [[ -n ${BASE:-} ]]; then wrk_measure base "$BASE" "$WORK/report.lua"; fi
done
