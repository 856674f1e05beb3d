# Helpers for up.sh, down.sh, status.sh and image.sh. Source after `set -euo pipefail`.
KT_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
KT_REPO_ROOT="$(cd "$KT_HERE/.." && pwd)"
# shellcheck source=config.sh
. "$KT_HERE/config.sh"

D="$K8S_TUTOR_CLUSTER_DIR"
PKI="$D/pki"
KCFG="$D/kubeconfigs"
LOGS="$D/logs"
PIDS="$D/pids"
CONF="$D/config"
STATE="$D/state"
KUBECONFIG_PATH="$D/kubeconfig"

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "run this as root (it starts containerd and the kubelet, and sets up a bridge, routes and iptables rules)"; }

kt_kubectl() { "$K8S_TUTOR_BIN/kubectl" --kubeconfig "$KUBECONFIG_PATH" --request-timeout=20s "$@"; }
kt_ctr() { ctr --address "$KT_CONTAINERD_SOCK" --namespace k8s.io "$@"; }

# The pid file holds "<pid> <resolved executable path>". A pid whose process is gone, is a zombie, or now
# runs another program counts as not running, so stale pid files from a killed run are harmless.
proc_pid() {
  local f="$PIDS/$1.pid" pid exe actual state
  [ -f "$f" ] || return 1
  read -r pid exe _ < "$f" || true
  [ -n "${pid:-}" ] && [ -r "/proc/$pid/status" ] || return 1
  actual=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  actual="${actual% (deleted)}"
  [ "$actual" = "$exe" ] || return 1
  state=$(awk '/^State:/{print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
  [ "$state" != Z ] || return 1
  echo "$pid"
}

# start_proc NAME EXECUTABLE ARGS... : starts it in its own session, log appended to logs/NAME.log,
# unless the recorded process still runs with the same command line and config. Files named in
# $KT_PROC_CONFIG (space-separated) count as part of the config: when the command line or one of them
# changed since the process started, it is restarted.
start_proc() {
  local name=$1; shift
  local exe pid sum old
  exe=$(readlink -f "$(command -v "$1")")
  # shellcheck disable=SC2086
  sum=$({ printf '%s\0' "$@"; [ -z "${KT_PROC_CONFIG:-}" ] || cat ${KT_PROC_CONFIG}; } | sha256sum | cut -c1-16)
  if pid=$(proc_pid "$name"); then
    old=$(awk '{print $3}' "$PIDS/$name.pid" 2>/dev/null)
    if [ "$old" = "$sum" ]; then
      log "$name already runs (pid $pid)"
      return 0
    fi
    log "$name runs with another command line or config: restarting it"
    stop_proc "$name" 30
  fi
  rm -f "$PIDS/$name.pid"
  mkdir -p "$LOGS" "$PIDS"
  if [ -f "$LOGS/$name.log" ] && [ "$(stat -c %s "$LOGS/$name.log")" -gt 20000000 ]; then
    mv -f "$LOGS/$name.log" "$LOGS/$name.log.old"
  fi
  printf '===== %s started by k8s-tutor at %s =====\n' "$name" "$(date -Is)" >> "$LOGS/$name.log"
  # Not a process group leader here, so setsid calls setsid(2) and execs: $! is the component's own pid.
  setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid $exe $sum" > "$PIDS/$name.pid"
  log "started $name (pid $pid, log $LOGS/$name.log)"
}

# stop_proc NAME [SECONDS]: TERM, then KILL after SECONDS. Only ever the recorded pid.
stop_proc() {
  local name=$1 t=${2:-20} pid i
  if pid=$(proc_pid "$name"); then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < t * 5; i++)); do
      proc_pid "$name" >/dev/null || break
      sleep 0.2
    done
    if proc_pid "$name" >/dev/null; then
      log "$name did not stop in ${t}s: KILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$PIDS/$name.pid"
}

# write_if_changed FILE < content: replaces FILE only when the content differs (components watch their
# config files: kube-proxy exits when its file is rewritten).
write_if_changed() {
  local f=$1 tmp
  tmp="$f.new.$$"
  cat > "$tmp"
  if [ -f "$f" ] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; else mv -f "$tmp" "$f"; fi
}

show_log() {
  local name=$1
  log "last 30 lines of $LOGS/$name.log:"
  if [ -f "$LOGS/$name.log" ]; then tail -n 30 "$LOGS/$name.log" >&2; else echo "(no log)" >&2; fi
}

fail_component() {
  local name=$1; shift
  log "ERROR: $name: $*"
  show_log "$name"
  exit 1
}

# wait_for NAME DESCRIPTION TIMEOUT_SECONDS COMMAND... : polls COMMAND once a second. Fails (with the
# component's log) when the timeout passes or when NAME's process has died. NAME "-" checks no process.
wait_for() {
  local name=$1 desc=$2 t=$3; shift 3
  local end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    if [ "$name" != - ] && ! proc_pid "$name" >/dev/null; then
      fail_component "$name" "exited while waiting for $desc"
    fi
    if [ "$SECONDS" -ge "$end" ]; then
      if [ "$name" != - ]; then fail_component "$name" "timed out after ${t}s waiting for $desc"; fi
      die "timed out after ${t}s waiting for $desc"
    fi
    sleep 1
  done
}

# A node binary for host-side helpers: the repo's Node (npm package `node`) if installed, else the system one.
kt_node_bin() {
  local n
  for n in "$KT_REPO_ROOT/node_modules/node/bin/node" "$KT_REPO_ROOT/node_modules/.bin/node"; do
    if [ -x "$n" ] && "$n" --version >/dev/null 2>&1; then readlink -f "$n"; return 0; fi
  done
  command -v node >/dev/null 2>&1 && { readlink -f "$(command -v node)"; return 0; }
  return 1
}
