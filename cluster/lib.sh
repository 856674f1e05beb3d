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
# ctr against the first node's containerd, or against the one whose socket is in $KT_CTR_SOCK.
kt_ctr() { ctr --address "${KT_CTR_SOCK:-$KT_CONTAINERD_SOCK}" --namespace k8s.io "$@"; }

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
# changed since the process started, it is restarted. With $KT_PROC_NETNS set, it runs in that network
# namespace (nsenter execs it: the pid is still the component's own).
start_proc() {
  local name=$1; shift
  local exe pid sum old
  local -a wrap=()
  exe=$(readlink -f "$(command -v "$1")")
  if [ -n "${KT_PROC_NETNS:-}" ]; then
    [ -e "/run/netns/$KT_PROC_NETNS" ] || die "$name: network namespace $KT_PROC_NETNS does not exist"
    wrap=(nsenter "--net=/run/netns/$KT_PROC_NETNS" --)
  fi
  # shellcheck disable=SC2086
  sum=$({ printf '%s\0' "$@"; [ -z "${KT_PROC_NETNS:-}" ] || printf 'netns=%s\0' "$KT_PROC_NETNS"; [ -z "${KT_PROC_CONFIG:-}" ] || cat ${KT_PROC_CONFIG}; } | sha256sum | cut -c1-16)
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
  setsid "${wrap[@]}" "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid $exe $sum" > "$PIDS/$name.pid"
  # Until setsid (and nsenter) have exec'd the component, /proc/PID/exe is theirs, and proc_pid would take
  # the starting process for a dead one: wait for the exec (milliseconds; 5 s at most, or until it is gone).
  local i actual
  for ((i = 0; i < 50; i++)); do
    actual=$(readlink "/proc/$pid/exe" 2>/dev/null) || break
    [ "${actual% (deleted)}" = "$exe" ] && break
    sleep 0.1
  done
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

# Paths outside the cluster dir that the components make whatever their flags say: the kubelet's
# device-plugin socket dir and container log links, the CNI result cache, containerd's opt dir, runc's state
# and the shims' sockets. Shared by every node (names are container ids). up.sh records which did not exist.
KT_SHARED_PATHS="/var/lib/kubelet /var/log/containers /var/lib/cni /opt/containerd /run/containerd"

# ---------------------------------------------------------------- nodes
# Node 1 is the host itself; node K >= 2 is k8s-tutor-nodeK: a kubelet, a containerd and a kube-proxy of its
# own in the network namespace k8s-tutor-nodeK, at 10.99.0.K on a veth (host end kt-nodeK, a port of the
# node bridge), with its own state under $D/nodes/NAME and $KT_RUN_DIR/nodes/NAME and the cgroup parent /NAME.
kt_node_name() { if [ "$1" = 1 ]; then echo "$KT_NODE_NAME"; else echo "$KT_NODE_NAME$1"; fi; }
kt_node_ip() { echo "${KT_NODE_IP%.*}.$1"; }
kt_node_veth() { echo "kt-node$1"; }
kt_node_sock() { echo "$KT_RUN_DIR/nodes/$(kt_node_name "$1")/containerd.sock"; }
# The indexes (>= 2) of the extra nodes that left any trace on this machine: a pid file, a netns, a veth,
# a run dir. Sorted, one per line.
kt_extra_nodes_present() {
  local f n
  {
    for f in "$PIDS/$KT_NODE_NAME"[0-9]*.pid; do [ -e "$f" ] && { n=${f##*/}; n=${n%%.*}; echo "${n#"$KT_NODE_NAME"}"; }; done
    for f in /run/netns/"$KT_NODE_NAME"[0-9]* "$KT_RUN_DIR"/nodes/"$KT_NODE_NAME"[0-9]*; do [ -e "$f" ] && { n=${f##*/}; echo "${n#"$KT_NODE_NAME"}"; }; done
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed -n 's/^kt-node\([0-9][0-9]*\)@.*/\1/p; s/^kt-node\([0-9][0-9]*\)$/\1/p'
  } | { grep -E '^[0-9]+$' || true; } | awk '$1 >= 2' | sort -n -u
}
# Sockets of every node's containerd that answers (node 1 first).
kt_containerd_socks() {
  local s
  for s in "$KT_CONTAINERD_SOCK" "$KT_RUN_DIR"/nodes/*/containerd.sock; do
    [ -S "$s" ] && KT_CTR_SOCK=$s kt_ctr version >/dev/null 2>&1 && echo "$s"
  done
  return 0
}
# Runs a command in node K's network namespace (the host's for node 1).
kt_in_node() {
  local k=$1; shift
  if [ "$k" = 1 ]; then "$@"; else nsenter "--net=/run/netns/$(kt_node_name "$k")" -- "$@"; fi
}

# The forward guard: K8S-TUTOR-FWD, first in mangle and filter FORWARD of a node's network namespace.
# Forwarded packets may go onto the node's pod bridge, or onto its link to the other nodes (NODE_IF: the
# node bridge on the host, eth0 in a node's namespace) when bound for a pod or node address. Anything else
# that comes from the pod bridge, from NODE_IF or from a pod address is dropped. ipMasq is off in the CNI
# config, so nothing NATs pods out, and no node namespace has a default route.
# kt_forward_guard K NODE_IF
kt_forward_guard() {
  local k=$1 up=$2 ipt t n r ok
  local c="k8s-tutor: pods stay on this machine"
  local -a rules
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    if [ "$ipt" = iptables ]; then
      rules=(
        "-o $KT_POD_BRIDGE -j RETURN"
        "-o $up -d $KT_POD_RANGE -j RETURN"
        "-o $up -d $KT_NODE_NET -j RETURN"
        "-i $KT_POD_BRIDGE -j DROP"
        "-i $up -j DROP"
        "-s $KT_POD_RANGE -j DROP"
      )
    else
      rules=("-o $KT_POD_BRIDGE -j RETURN" "-i $KT_POD_BRIDGE -j DROP" "-i $up -j DROP")
    fi
    for t in mangle filter; do
      kt_in_node "$k" "$ipt" -t "$t" -N K8S-TUTOR-FWD 2>/dev/null || true
      n=$(kt_in_node "$k" "$ipt" -t "$t" -S K8S-TUTOR-FWD | grep -c '^-A' || true)
      ok=1
      [ "$n" = "${#rules[@]}" ] || ok=0
      if [ "$ok" = 1 ]; then
        for r in "${rules[@]}"; do
          # shellcheck disable=SC2086
          kt_in_node "$k" "$ipt" -t "$t" -C K8S-TUTOR-FWD ${r% -j *} -m comment --comment "$c" -j ${r##* -j } 2>/dev/null || { ok=0; break; }
        done
      fi
      if [ "$ok" = 0 ]; then
        kt_in_node "$k" "$ipt" -t "$t" -F K8S-TUTOR-FWD
        for r in "${rules[@]}"; do
          # shellcheck disable=SC2086
          kt_in_node "$k" "$ipt" -t "$t" -A K8S-TUTOR-FWD ${r% -j *} -m comment --comment "$c" -j ${r##* -j }
        done
      fi
      if [ "$(kt_in_node "$k" "$ipt" -t "$t" -S FORWARD | sed -n 2p)" != "-A FORWARD -j K8S-TUTOR-FWD" ]; then
        while kt_in_node "$k" "$ipt" -t "$t" -D FORWARD -j K8S-TUTOR-FWD 2>/dev/null; do :; done
        kt_in_node "$k" "$ipt" -t "$t" -I FORWARD 1 -j K8S-TUTOR-FWD
      fi
    done
  done
}

# Mounts under PREFIX (volumes, network namespaces, sandbox /dev/shm): deepest first.
unmount_under() {
  local prefix=$1 m
  [ -n "$prefix" ] || return 0
  awk -v p="$prefix" '$5 == p || index($5, p "/") == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "WARNING: could not unmount $m"
  done
}

# The cgroup directories named REL (e.g. kubepods, k8s-tutor-node2) under every hierarchy, with everything
# below them, deepest first. Only empty cgroups can go: call it once no process of the node is left.
kt_remove_cgroups() {
  local rel=$1 h
  for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [ -d "$h$rel" ] || continue
    find "$h$rel" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [ -d "$h$rel" ] && log "WARNING: cgroup $h$rel is still there (a process left in it?)"
  done
  return 0
}

# kt_stop_containers PROC SOCK CONFIG [K]: kills and deletes every container of a node's containerd
# (started again, in node K's namespace, if it died while containers of ours still run: their shims outlive it).
kt_stop_containers() {
  local proc=$1 sock=$2 conf=$3 k=${4:-1} t
  local state="${sock%/containerd.sock}/containerd"
  if ! proc_pid "$proc" >/dev/null && [ -f "$conf" ] && command -v containerd >/dev/null \
    && compgen -G "$state/io.containerd.runtime.v2.task/k8s.io/*" >/dev/null; then
    if [ "$k" != 1 ] && [ ! -e "/run/netns/$(kt_node_name "$k")" ]; then
      log "WARNING: $proc is gone with its network namespace, but containers are left in $state"
      return 0
    fi
    log "$proc is not running but containers are: starting it to stop them"
    (
      export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=
      [ "$k" = 1 ] || export KT_PROC_NETNS="$(kt_node_name "$k")"
      start_proc "$proc" "$(command -v containerd)" --config "$conf"
    )
    for _ in $(seq 1 30); do [ -S "$sock" ] && KT_CTR_SOCK=$sock kt_ctr version >/dev/null 2>&1 && break; sleep 1; done
  fi
  if [ -S "$sock" ] && proc_pid "$proc" >/dev/null && command -v ctr >/dev/null; then
    local -a tasks ctrs
    mapfile -t tasks < <(KT_CTR_SOCK=$sock kt_ctr tasks ls -q 2>/dev/null || true)
    if [ "${#tasks[@]}" -gt 0 ]; then
      log "killing ${#tasks[@]} container task(s) of $proc"
      for t in "${tasks[@]}"; do KT_CTR_SOCK=$sock kt_ctr tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true; done
      # The CRI plugin deletes a task once it sees it exit; delete by hand whatever is left after a while.
      for _ in $(seq 1 20); do
        [ -z "$(KT_CTR_SOCK=$sock kt_ctr tasks ls -q 2>/dev/null)" ] && break
        sleep 0.5
      done
      for t in $(KT_CTR_SOCK=$sock kt_ctr tasks ls -q 2>/dev/null); do KT_CTR_SOCK=$sock kt_ctr tasks rm -f "$t" >/dev/null 2>&1 || true; done
    fi
    mapfile -t ctrs < <(KT_CTR_SOCK=$sock kt_ctr containers ls -q 2>/dev/null || true)
    if [ "${#ctrs[@]}" -gt 0 ]; then
      log "removing ${#ctrs[@]} container(s) of $proc"
      KT_CTR_SOCK=$sock kt_ctr containers rm "${ctrs[@]}" >/dev/null 2>&1 || true
    fi
  fi
}

# Shims of a containerd of ours that outlived it (their command line names its socket): KILL, by pid.
kt_kill_stray_shims() {
  local sock=$1 p
  for p in $(pgrep -f -- "containerd-shim-runc-v2 .*-address $sock( |$)" 2>/dev/null || true); do
    log "killing a leftover shim of $sock (pid $p)"
    kill -KILL "$p" 2>/dev/null || true
  done
}

# kt_node_down K: stops extra node K and removes every trace of it from this machine (processes,
# containers, mounts, its network namespace with its iptables rules, its veth, the host's route to its
# pods, its cgroups, its run dir). Keeps $D/nodes/NAME (images, kubelet state) for a quick next start.
kt_node_down() {
  local k=$1 name ip sock cidr
  name=$(kt_node_name "$k"); ip=$(kt_node_ip "$k"); sock=$(kt_node_sock "$k")
  log "stopping node $name"
  stop_proc "$name.kube-proxy" 15
  stop_proc "$name.kubelet" 30
  kt_stop_containers "$name.containerd" "$sock" "$D/nodes/$name/containerd.toml" "$k"
  stop_proc "$name.containerd" 30
  kt_kill_stray_shims "$sock"
  unmount_under "$KT_RUN_DIR/nodes/$name"
  unmount_under "$D/nodes/$name"
  ip link del "$(kt_node_veth "$k")" 2>/dev/null || true
  if [ -e "/run/netns/$name" ]; then ip netns del "$name" 2>/dev/null || log "WARNING: could not delete network namespace $name"; fi
  # The host's routes to this node's pods.
  ip -4 route show | awk -v gw="$ip" '$2 == "via" && $3 == gw {print $1}' | while read -r cidr; do ip route del "$cidr" via "$ip" 2>/dev/null || true; done
  kt_remove_cgroups "$name"
  # Its CNI config and IP allocations too: when it comes back it may get another pod CIDR, and until the
  # right config is written the node must not look Ready.
  rm -rf "$KT_RUN_DIR/nodes/$name" "$D/nodes/$name/cni"
  rm -f "$PIDS/$name".*.pid
}
