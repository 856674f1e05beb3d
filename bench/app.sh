#!/usr/bin/env bash
# The sample app's GET / under wrk (1 thread, 50 connections, fixed duration, 127.0.0.1 only),
# against FastAPI + uvicorn with 1 worker (bench/fastapi_ref) and a bare node:http hello world.
# The server is pinned to core 0 and wrk to core 1. Each server logs its requests as it does by
# default, to /dev/null; the sample with the node options of its Dockerfile's CMD. Writes $RAW/app.json:
# req/s, p50, p99 (ms), peak RSS, its anonymous/file-backed split and CPU time per request, per run.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh

rounds=$(reps 3 1)
duration=$(reps 10 3)
warmup=$(reps 2 1)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

# The sample runs with the node options its image runs with (those of the Dockerfile's CMD).
sample_flags_text=$(node scripts/sample-app-cmd.cjs --node-options)
mapfile -t sample_flags <<<"$sample_flags_text"
[ -n "$sample_flags_text" ] || sample_flags=()

start_server() { # NAME PORT → pid of the server process
  case $1 in
    sample) PORT=$2 HOST=127.0.0.1 DATA_DIR="$data" exec taskset -c 0 node "${sample_flags[@]}" sample-app/dist/server.js ;;
    fastapi) exec taskset -c 0 bench/.venv/bin/uvicorn app:app --app-dir bench/fastapi_ref --host 127.0.0.1 --port "$2" --workers 1 ;;
    bare) PORT=$2 exec taskset -c 0 node bench/peers/bare-node.mjs ;;
  esac
}

# CPU ticks (user + system, 1/100 s) a process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Resident memory of a live process split in anonymous (heaps, stacks) and file-backed (the binary's and
# libraries' pages), in MiB: "ANON FILE". Most of a Node process's file-backed part is the node binary itself.
rss_split() { awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {printf "%.1f %.1f\n", a/1024, f/1024}' "/proc/$1/status"; }

# wrk's text → {"rps": n, "p50": ms, "p99": ms}
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "{\"rps\": %s, \"p50\": %s, \"p99\": %s}", rps, p50, p99 }'
}

runs=()
for round in $(seq 1 "$rounds"); do
  for server in sample fastapi bare; do
    port=$(free_port)
    start_server "$server" "$port" >/dev/null 2>&1 &
    pid=$!
    wait_http "$port" || { log "$server did not answer on 127.0.0.1:$port"; stop_pid "$pid"; exit 1; }
    [ "$round" = 1 ] && log "$server GET /: $(curl -fsS "http://127.0.0.1:$port/")"
    taskset -c 1 wrk -t1 -c50 -d"${warmup}s" "http://127.0.0.1:$port/" >/dev/null
    cpu_before=$(cpu_ticks "$pid")
    out=$(taskset -c 1 wrk -t1 -c50 -d"${duration}s" --latency "http://127.0.0.1:$port/")
    cpu_after=$(cpu_ticks "$pid")
    result=$(parse_wrk <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    # CPU time (user + system) per request: steadier than req/s on a shared machine.
    cpu_us=$(awk -v a="$cpu_before" -v b="$cpu_after" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? (b - a) * 1e6 / 100 / n : 0) }')
    read -r hwm _ < <(rss_mib "$pid")
    read -r anon file < <(rss_split "$pid")
    stop_pid "$pid"
    log "app $round/$rounds $server: $result, peak RSS $hwm MiB (at the end: anonymous $anon, file-backed $file), CPU $cpu_us µs/request"
    runs+=("{\"server\": \"$server\", \"round\": $round, \"peakMiB\": $hwm, \"anonMiB\": $anon, \"fileMiB\": $file, \"cpuUsPerRequest\": $cpu_us, \"wrk\": $result}")
  done
done
# The floor under the RSS goal: Node itself, idle, with nothing loaded (most of it is the binary's own pages).
node -e 'setInterval(() => {}, 1000)' &
idle_pid=$!
sleep 1
read -r _ node_idle < <(rss_mib "$idle_pid")
read -r _ node_idle_file < <(rss_split "$idle_pid")
stop_pid "$idle_pid"
log "node alone, idle: RSS $node_idle MiB, of which file-backed $node_idle_file MiB"
(IFS=,; echo "{\"durationSeconds\": $duration, \"nodeIdleMiB\": $node_idle, \"nodeIdleFileMiB\": $node_idle_file, \"runs\": [${runs[*]}]}") > "$RAW/app.json"
