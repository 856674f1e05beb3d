#!/usr/bin/env bash
# Stops the local test cluster: every process up.sh started (by its recorded pid), every container, and the
# bridges, routes, iptables rules and sysctls that up.sh set. Safe to run twice.
# Keeps certificates, etcd data, images and volumes, so the next cluster:up is quick and finds its objects.
#   --purge   also deletes the cluster directory (etcd data, volumes, images in the cluster's containerd)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done
need_root
T0=$SECONDS

# Helpers on the host first, then the kubelet (it would restart containers we kill).
for c in provisioner metrics-server coredns kube-proxy; do stop_proc "$c" 15; done
stop_proc kubelet 30

# Every container of the cluster's containerd: kill, delete the task, delete the container. If containerd
# died but containers of ours still run (their shims outlive it), start it again to clean them up.
if ! proc_pid containerd >/dev/null && [ -f "$CONF/containerd.toml" ] && command -v containerd >/dev/null \
  && compgen -G "$KT_RUN_DIR/containerd/io.containerd.runtime.v2.task/k8s.io/*" >/dev/null; then
  log "containerd is not running but containers are: starting it to stop them"
  (
    export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=
    start_proc containerd "$(command -v containerd)" --config "$CONF/containerd.toml"
  )
  for _ in $(seq 1 30); do [ -S "$KT_CONTAINERD_SOCK" ] && kt_ctr version >/dev/null 2>&1 && break; sleep 1; done
fi
if [ -S "$KT_CONTAINERD_SOCK" ] && proc_pid containerd >/dev/null && command -v ctr >/dev/null; then
  mapfile -t tasks < <(kt_ctr tasks ls -q 2>/dev/null || true)
  if [ "${#tasks[@]}" -gt 0 ]; then
    log "killing ${#tasks[@]} container task(s)"
    for t in "${tasks[@]}"; do kt_ctr tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true; done
    # The CRI plugin deletes a task once it sees it exit; delete by hand whatever is left after a while.
    for _ in $(seq 1 20); do
      [ -z "$(kt_ctr tasks ls -q 2>/dev/null)" ] && break
      sleep 0.5
    done
    for t in $(kt_ctr tasks ls -q 2>/dev/null); do kt_ctr tasks rm -f "$t" >/dev/null 2>&1 || true; done
  fi
  mapfile -t ctrs < <(kt_ctr containers ls -q 2>/dev/null || true)
  if [ "${#ctrs[@]}" -gt 0 ]; then
    log "removing ${#ctrs[@]} container(s)"
    kt_ctr containers rm "${ctrs[@]}" >/dev/null 2>&1 || true
  fi
fi
stop_proc containerd 30

# kube-proxy's and the kubelet's iptables chains (KUBE-*): the jumps to them from the built-in chains,
# then the chains themselves.
remove_kube_chains() {
  local ipt=$1 t rule chain
  command -v "$ipt" >/dev/null || return 0
  for t in raw mangle nat filter; do
    "$ipt" -t "$t" -S >/dev/null 2>&1 || continue
    "$ipt" -t "$t" -S | awk '$1 == "-A" && $2 !~ /^KUBE-/ && / -j KUBE-/' | while read -r rule; do
      eval "$ipt -t $t ${rule/-A/-D}" 2>/dev/null || true
    done
    for chain in $("$ipt" -t "$t" -S | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do "$ipt" -t "$t" -F "$chain" 2>/dev/null || true; done
    for chain in $("$ipt" -t "$t" -S | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do "$ipt" -t "$t" -X "$chain" 2>/dev/null || true; done
  done
}
if iptables -S 2>/dev/null | grep -q -- '-N KUBE-' || iptables -t nat -S 2>/dev/null | grep -q -- '-N KUBE-'; then
  log "removing kube-proxy's and the kubelet's iptables chains"
fi
remove_kube_chains iptables
remove_kube_chains ip6tables

for c in kube-scheduler kube-controller-manager; do stop_proc "$c" 20; done
# The API server keeps open connections for ~20 s after it stops listening; its state is all in etcd.
stop_proc kube-apiserver 5
stop_proc etcd 30

# Mounts left by pods (volumes, network namespaces, sandbox /dev/shm): deepest first.
unmount_under() {
  local prefix=$1 m
  [ -n "$prefix" ] || return 0
  awk -v p="$prefix" '$5 == p || index($5, p "/") == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "WARNING: could not unmount $m"
  done
}
unmount_under "$KT_RUN_DIR"
unmount_under "$D/kubelet"
rm -rf "$D/cni/ipam/k8s-tutor"

# portmap's chains (only if hostPorts were used).
for chain in $(iptables -t nat -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^CNI-(HOSTPORT|DN-)/ {print $2}'); do
  iptables -t nat -S 2>/dev/null | awk -v c="$chain" '$1 == "-A" && $0 ~ ("-j " c "( |$)") {print}' | while read -r rule; do
    eval "iptables -t nat ${rule/-A/-D}" 2>/dev/null || true
  done
done
for chain in $(iptables -t nat -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^CNI-(HOSTPORT|DN-)/ {print $2}'); do
  iptables -t nat -F "$chain" 2>/dev/null || true
done
for chain in $(iptables -t nat -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^CNI-(HOSTPORT|DN-)/ {print $2}'); do
  iptables -t nat -X "$chain" 2>/dev/null || true
done

# Our FORWARD guard: only now that no pod can send anything.
for ipt in iptables ip6tables; do
  command -v "$ipt" >/dev/null || continue
  for t in mangle filter; do
    while "$ipt" -t "$t" -D FORWARD -j K8S-TUTOR-FWD 2>/dev/null; do :; done
    "$ipt" -t "$t" -F K8S-TUTOR-FWD 2>/dev/null || true
    "$ipt" -t "$t" -X K8S-TUTOR-FWD 2>/dev/null || true
  done
done

# Interfaces and routes (the service route goes with the node bridge).
for dev in "$KT_POD_BRIDGE" "$KT_NODE_BRIDGE"; do
  if ip link show "$dev" >/dev/null 2>&1; then
    log "deleting interface $dev"
    ip link del "$dev" || true
  fi
done
ip route del "$KT_SERVICE_CIDR" 2>/dev/null || true
ip route del blackhole "$KT_POD_RANGE" 2>/dev/null || true

# Sysctls back to what they were before the first cluster:up.
if [ -f "$STATE/sysctl.orig" ]; then
  while IFS= read -r kv; do
    [ -n "$kv" ] && sysctl -qw "$kv" 2>/dev/null || true
  done < "$STATE/sysctl.orig"
  rm -f "$STATE/sysctl.orig"
fi

rm -f "$PIDS"/*.pid 2>/dev/null || true
rm -rf "$KT_RUN_DIR" 2>/dev/null || true
if [ "$PURGE" = 1 ]; then
  unmount_under "$D"
  log "deleting $D"
  rm -rf "$D"
fi
log "cluster is down ($((SECONDS - T0))s)"
