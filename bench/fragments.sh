#!/usr/bin/env bash
# Fragments against the plain document, with more samples than the mix takes: op 3's history
# question as Apollo Client sends it (named fragments, `__typename`; history.apollo.graphql) and
# written plainly (history.plain.graphql), for the same 200 organizations picked at random, sent
# by wrk (2 threads, 8 connections) to one congress-api process without its response cache, the
# two forms alternating for ROUNDS rounds of SECONDS s each. Prints each round and the medians.
#
#   bench/fragments.sh 'postgres://postgres@127.0.0.1:5432/bench_s0_05?sslmode=disable' [ROUNDS] [SECONDS]
#   FORMS='apollo directive' bench/fragments.sh ...   # any two forms (history.FORM.graphql); the
#   directive form puts the committees behind @include(if: $withCommittees), true by default
#
# Needs the release binary (`cargo build --release`), wrk, psql and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${1:?usage: bench/fragments.sh DATABASE_URL [ROUNDS] [SECONDS]}"
ROUNDS="${2:-5}"
SECONDS_EACH="${3:-5}"
PORT=18779
WORK=$(mktemp -d)
source bench/history-wrk.sh
read -r FIRST SECOND <<<"${FORMS:-apollo plain}"
history_scripts "$FIRST" "$SECOND"
start 0

run() { wrk -t2 -c8 -d"$2" -s "$WORK/$1.lua" "http://127.0.0.1:$PORT" | awk '/^Requests\/sec/ {print $2}'; }
run "$FIRST" 3s >/dev/null
run "$SECOND" 3s >/dev/null
: >"$WORK/$FIRST.rps"
: >"$WORK/$SECOND.rps"
for round in $(seq 1 "$ROUNDS"); do
  a=$(run "$FIRST" "${SECONDS_EACH}s"); b=$(run "$SECOND" "${SECONDS_EACH}s")
  echo "$a" >>"$WORK/$FIRST.rps"; echo "$b" >>"$WORK/$SECOND.rps"
  printf 'round %s: %s %s req/s, %s %s req/s\n' "$round" "$FIRST" "$a" "$SECOND" "$b"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
a=$(median "$WORK/$FIRST.rps"); b=$(median "$WORK/$SECOND.rps")
printf 'medians: %s %s req/s, %s %s req/s, %s / %s %.2f\n' "$FIRST" "$a" "$SECOND" "$b" "$SECOND" "$FIRST" "$(echo "$b / $a" | bc -l)"
