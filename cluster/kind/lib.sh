# Helpers of the kind flavor. Source after `set -euo pipefail`.
KK_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
KK_REPO_ROOT="$(cd "$KK_HERE/../.." && pwd)"
# shellcheck source=config.sh
. "$KK_HERE/config.sh"

log() { printf '[kind %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "run this as root (it runs a Docker engine in a network namespace of its own)"; }

# The Docker client of Debian's docker.io, against this engine only.
export DOCKER_HOST="$KK_DOCKER_HOST"
export PATH="$KK_BIN:$PATH"
kk_docker() { /usr/bin/docker "$@"; }
# A command in the engine's network namespace (kubectl against the cluster's 127.0.0.1 port, curl, ...).
kk_in_ns() { ip netns exec "$KK_NETNS" "$@"; }

# pid of a recorded process (pid file holds "<pid> <exe>"), if it still runs that executable.
kk_pid() {
  local f="$KK_RUN/$1.pid" pid exe actual
  [ -f "$f" ] || return 1
  read -r pid exe _ < "$f" || true
  [ -n "${pid:-}" ] && [ -r "/proc/$pid/status" ] || return 1
  actual=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [ "${actual% (deleted)}" = "$exe" ] || return 1
  [ "$(awk '/^State:/{print $2}' "/proc/$pid/status")" != Z ] || return 1
  echo "$pid"
}

# kk_stop NAME TIMEOUT: SIGTERM, wait, SIGKILL.
kk_stop() {
  local name=$1 t=${2:-20} pid i
  pid=$(kk_pid "$name") || { rm -f "$KK_RUN/$name.pid"; return 0; }
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < t * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then log "WARNING: $name did not stop in ${t}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; fi
  rm -f "$KK_RUN/$name.pid"
}

kk_engine_up_p() { kk_pid dockerd >/dev/null && kk_docker info >/dev/null 2>&1; }
