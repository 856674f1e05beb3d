#!/usr/bin/env bash
# Stops the local test cluster: every process up.sh started (by its recorded pid), every container, every
# further node (its network namespace, veth, routes, mounts and cgroups), and the bridges, routes, iptables
# rules and sysctls that up.sh set. Safe to run twice.
# Keeps certificates, etcd data, images and volumes, so the next cluster:up is quick and finds its objects.
#   --purge   also deletes the cluster directory (etcd data, volumes, images in the cluster's containerd)
set -euo pipefail
# --flavor kind hands over to a real kind cluster in a Docker engine of its own (cluster/kind/, README "kind").
case " $* " in *" --flavor kind "* | *" --flavor=kind "*) exec bash "$(dirname "${BASH_SOURCE[0]}")/kind/down.sh" "$@" ;; esac
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

# The further nodes first (kubelet, containers, containerd, kube-proxy, namespace, veth, routes, cgroups).
for k in $(kt_extra_nodes_present); do kt_node_down "$k"; done

# Helpers on the host first, then the kubelet (it would restart containers we kill).
for c in provisioner metrics-server coredns kube-proxy; do stop_proc "$c" 15; done
stop_proc kubelet 30

# Every container of the first node's containerd: kill, delete the task, delete the container.
kt_stop_containers containerd "$KT_CONTAINERD_SOCK" "$CONF/containerd.toml"
stop_proc containerd 30
kt_kill_stray_shims "$KT_CONTAINERD_SOCK"

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

# Mounts left by pods (volumes, network namespaces, sandbox /dev/shm).
unmount_under "$KT_RUN_DIR"
unmount_under "$D/kubelet"
unmount_under "$D/nodes"
rm -rf "$D/cni/ipam/k8s-tutor"
# The first node's pod cgroups (the kubelet makes /kubepods in every hierarchy).
kt_remove_cgroups kubepods

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
# Routes to pods of nodes that are gone (kt_node_down takes its own; these only after a crash).
ip -4 route show | awk -v p="${KT_NODE_IP%.*}." '$2 == "via" && index($3, p) == 1 {print $1, $3}' | while read -r cidr gw; do
  ip route del "$cidr" via "$gw" 2>/dev/null || true
done
# /run/netns, if the first `ip netns add` of up.sh made it (a mount point of its own) and it is empty now.
if [ -f "$STATE/netns-dir.ours" ]; then
  if [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ]; then
    umount /run/netns 2>/dev/null || true
    rmdir /run/netns 2>/dev/null || true
  fi
  [ -d /run/netns ] || rm -f "$STATE/netns-dir.ours"
fi

# Sysctls back to what they were before the first cluster:up.
if [ -f "$STATE/sysctl.orig" ]; then
  while IFS= read -r kv; do
    [ -n "$kv" ] && sysctl -qw "$kv" 2>/dev/null || true
  done < "$STATE/sysctl.orig"
  rm -f "$STATE/sysctl.orig"
fi

# The shared paths that the first cluster:up found missing (only now: every kubelet and containerd is gone).
if [ -f "$STATE/paths.orig" ]; then
  while IFS= read -r p; do
    [ -n "$p" ] && [ -e "$p" ] || continue
    case " $KT_SHARED_PATHS " in *" $p "*) ;; *) continue ;; esac
    # Not /run/containerd while another containerd keeps its socket there.
    if [ "$p" = /run/containerd ] && compgen -G "/run/containerd/*.sock" >/dev/null; then continue; fi
    unmount_under "$p"
    rm -rf "$p"
  done < "$STATE/paths.orig"
  rm -f "$STATE/paths.orig"
fi
rm -f "$PIDS"/*.pid 2>/dev/null || true
rm -rf "$KT_RUN_DIR" 2>/dev/null || true
if [ "$PURGE" = 1 ]; then
  unmount_under "$D"
  log "deleting $D"
  rm -rf "$D"
fi
log "cluster is down ($((SECONDS - T0))s)"
