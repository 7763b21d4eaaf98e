# Sourced by cache-under-writes.sh, fragments.sh, allocator.sh, search.sh and report.sh: what they need to time a
# history question with wrk against one congress-api process (BIN picks the build). The caller
# sets DATABASE_URL, PORT and WORK (a temporary directory) first.

BIN=${BIN:-target/release/congress-api}
[[ -x $BIN ]] || cargo build --release -p congress-api
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# history_scripts FORM...: a wrk script $WORK/FORM.lua per form (bench/src/mix/ours/history.FORM.graphql),
# each request one of the same 200 organizations picked at random.
history_scripts() {
  psql "$DATABASE_URL" -Atc "SELECT id FROM organizations ORDER BY md5(id::text) LIMIT 200" >"$WORK/ids"
  python3 - "$WORK" "$@" <<'PY'
import base64, json, sys
work = sys.argv[1]
for form in sys.argv[2:]:
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
}

# start RESPONSE_CACHE_BYTES: congress-api on $PORT (no sample data), once it is ready.
start() {
  if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then echo "port $PORT is taken by another server"; exit 1; fi
  DATABASE_URL="$DATABASE_URL" SAMPLE_DATA=false LOG_LEVEL=warn RESPONSE_CACHE_BYTES="$1" \
    "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  echo "server did not become ready"; cat "$WORK/server.log"; exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; }

# CPU time in clock ticks: cpu_of PID (user + system), postgres_cpu (every postgres process).
ticks=$(getconf CLK_TCK)
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_cpu() { local sum=0; for p in $(pgrep -x postgres); do sum=$((sum + $(cpu_of "$p"))); done; echo "$sum"; }

# wrk_measure LABEL BINARY SCRIPT: one process of BINARY without its response cache, 2 s of
# warm-up, then wrk -t2 -c8 for $SECONDS_EACH s with SCRIPT; prints req/s, p50, p99, and server
# and PostgreSQL CPU per request.
wrk_measure() {
  BIN=$2 start 0
  wrk -t2 -c8 -d2s -s "$3" "http://127.0.0.1:$PORT/graphql" >/dev/null
  local s0 p0 s1 p1 out requests
  s0=$(cpu_of "$PID"); p0=$(postgres_cpu)
  out=$(wrk -t2 -c8 -d"${SECONDS_EACH}s" --latency -s "$3" "http://127.0.0.1:$PORT/graphql")
  s1=$(cpu_of "$PID"); p1=$(postgres_cpu)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-10s %8s req/s  p50 %s  p99 %s  server %.2f ms/req  PostgreSQL %.2f ms/req  errors %s\n' "$1" \
    "$(echo "$out" | awk '/^Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" \
    "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(echo "($s1 - $s0) * 1000 / $ticks / $requests" | bc -l)" \
    "$(echo "($p1 - $p0) * 1000 / $ticks / $requests" | bc -l)" \
    "$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr -s ' ' | paste -sd' ' - | sed 's/^$/0/')"
  stop
}
