# Sourced by the bench scripts: settings from run.sh and small helpers. One concern: the shared plumbing.
: "${BENCH_WORK:=bench/.work}"
: "${BENCH_NS:=bench}"
: "${BENCH_QUICK:=0}"
RAW="$BENCH_WORK/raw"
mkdir -p "$RAW"
TUTOR=(node bin/k8s-tutor.js)

quick() { [ "$BENCH_QUICK" = 1 ]; }
# reps FULL QUICK: the repetition count for this mode.
reps() { if quick; then echo "$2"; else echo "$1"; fi; }
log() { printf '[bench] %s\n' "$*" >&2; }

# A free TCP port on 127.0.0.1 (asked of the kernel, so parallel runs do not collide).
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Waits (at most 20 s) until GET http://127.0.0.1:PORT/ answers.
wait_http() {
  local port=$1 i
  for i in $(seq 1 200); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Peak and current resident set of a live process, in MiB: "HWM RSS".
rss_mib() { awk '/^VmHWM/ {h=$2} /^VmRSS/ {r=$2} END {printf "%.1f %.1f\n", h/1024, r/1024}' "/proc/$1/status"; }

# Ends a process this script started, and waits for it.
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# True when the lesson is still "coming" (it has no check yet).
