#!/usr/bin/env bash
# Search pages (op 7a of the mix, search_page.relay.graphql): first, the time of one request
# alone for each of the mix's sixteen search words (or WORDS), best of five; then wrk (2 threads,
# 8 connections) for SECONDS s sending the page for one of the words at random to one
# congress-api process without its response cache, for ROUNDS rounds. With BASE set to another
# build, each round runs that build too, alternating, to compare the two. Prints req/s, p50 and
# p99, and server and PostgreSQL CPU per request (from /proc, as allocator.sh reads it).
#
#   bench/search.sh 'postgres://postgres@127.0.0.1:5432/bench_s0_05?sslmode=disable' [ROUNDS] [SECONDS]
#   BASE=/path/to/earlier/congress-api bench/search.sh ...   # against an earlier commit's build
#   LIST=people WORDS='nguyen|nguyen van an' bench/search.sh ... 0   # people, these words alone
#
# Needs the release binary (`cargo build --release`), wrk, psql, python3, and PostgreSQL on this
# machine (its processes' CPU is read from /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/search.sh DATABASE_URL [ROUNDS] [SECONDS]}"
ROUNDS="${2:-3}"
SECONDS_EACH="${3:-10}"
PORT=18790
WORK=$(mktemp -d)
source bench/history-wrk.sh
BUILT=$BIN

# The words of SEARCH_CANDIDATES in bench/src/mix/pools.rs, unless WORDS lists others (|-separated).
if [[ -n ${WORDS:-} ]]; then
  IFS='|' read -r -a WORDS <<<"$WORDS"
else
  WORDS=(tan an phu hoa binh long thanh dong trung nam "chi bo" truong xa phuong thon "to dan pho")
fi
python3 - "$WORK" "${LIST:-organizations}" "${WORDS[@]}" <<'PY'
import json, sys
work, list_name, words = sys.argv[1], sys.argv[2], sys.argv[3:]
if list_name == "people":
    # The same page of people: a Relay connection with each person's name.
    doc = ("query PeopleSearchPage($search: String!, $first: Int!, $after: String) { people(search: $search, first: $first, after: $after) "
           "{ edges { cursor node { __typename id fullName } } pageInfo { hasNextPage endCursor } totalCount } }")
else:
    doc = "\n".join(l for l in open("bench/src/mix/ours/search_page.relay.graphql") if not l.startswith("#"))
bodies = [json.dumps({"query": doc, "variables": {"search": w, "first": 20, "after": None}}) for w in words]
for word, body in zip(words, bodies):
    open(f"{work}/{word.replace(' ', '_')}.json", "w").write(body)
with open(f"{work}/search.lua", "w") as lua:
    lua.write("local bodies = {\n" + ",\n".join("[==[" + b + "]==]" for b in bodies) + "\n}\n")
    lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    lua.write('request = function() return wrk.format(nil, "/graphql", nil, bodies[math.random(#bodies)]) end\n')
PY


alone() { # LABEL: each word's request alone, best of five, in ms
  BIN=$2 start 0
  local line="$1:"
  for word in "${WORDS[@]}"; do
    local best=999999
    for _ in 1 2 3 4 5; do
      local t
      t=$(curl -s -o /dev/null -w '%{time_total}' -H 'content-type: application/json' \
        --data-binary "@$WORK/${word// /_}.json" "http://127.0.0.1:$PORT/graphql")
      best=$(echo "if ($t * 1000 < $best) $t * 1000 else $best" | bc -l)
    done
    line+=$(printf ' %s %.1f;' "$word" "$best")
  done
  echo "$line"
  stop
}

echo "one request alone, best of five, ms:"
alone built "$BUILT"
if [[ -n ${BASE:-} ]]; then alone base "$BASE"; fi
echo "$ROUNDS rounds of ${SECONDS_EACH} s, wrk -t2 -c8, a word at random per request"
for _ in $(seq 1 "$ROUNDS"); do
  wrk_measure built "$BUILT" "$WORK/search.lua"
  if [[ -n ${BASE:-} ]]; then wrk_measure base "$BASE" "$WORK/search.lua"; fi
done
