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
PORT=18779
WORK=$(mktemp -d)
source bench/history-wrk.sh
history_scripts apollo plain
start 0

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
