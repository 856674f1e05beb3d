#!/usr/bin/env bash
# Prints, section by section, what of this machine the local cluster touches: network namespaces, links,
# addresses, routes, iptables rules, mounts, cgroups, the sysctls up.sh sets, and the cluster's processes.
# One normalized line per item (no counters, pids or interface indexes), so that two runs can be compared:
# take one before `cluster:up` and one after `cluster:down`; they should be equal (cluster/multinode-down.spec.ts).
# Read-only. Run as root (iptables-save needs it).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

section() { printf '## %s\n' "$1"; }

section netns
ip netns list 2>/dev/null | awk '{print $1}' | sort
[ -d /run/netns ] && echo "dir /run/netns"

section links
ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort

section addresses
ip -o addr show | awk '{print $2, $3, $4}' | sort

section routes
{ ip -4 route show table all; ip -6 route show table all; } | sed 's/ \+$//' | sort

section iptables
for ipt in iptables ip6tables; do
  command -v "$ipt-save" >/dev/null || continue
  for t in raw mangle nat filter; do
    "$ipt-save" -t "$t" 2>/dev/null | grep -v '^#' | sed -e 's/ \[[0-9]*:[0-9]*\]$//' -e "s/^/$ipt $t /"
  done
done

section mounts
awk '{print $5}' /proc/self/mountinfo | sort

section cgroups
# The first level of every cgroup hierarchy, where the kubelets put kubepods (node 1) and /NAME (the others).
awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5; break } }' /proc/self/mountinfo |
  while read -r h; do find "$h" -mindepth 1 -maxdepth 1 -type d -printf "$h/%f\n"; done | sort

section sysctls
for s in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.ipv4.conf.all.route_localnet; do
  echo "$s=$(sysctl -n "$s" 2>/dev/null)"
done

section paths
for p in $KT_SHARED_PATHS "$KT_RUN_DIR"; do [ -e "$p" ] && echo "$p"; done

section processes
# The cluster's: a binary of the build cache but kubectl, a containerd or shim of the cluster's own (its command line
# names the cluster's config or run dir), the provisioner, or anything in a pod's cgroup. Pids left out.
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  { [ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ]; } && continue
  exe=$(readlink "$p/exe" 2>/dev/null) || continue
  exe=${exe% (deleted)}
  cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
  cmd=${cmd% }
  ours=0
  # kubectl is a client (anyone's tests use this build), not a part of the cluster.
  case "$exe" in "$K8S_TUTOR_BIN"/kubectl) ;; "$K8S_TUTOR_BIN"/*) ours=1 ;; esac
  case "${exe##*/} $cmd" in
    "containerd "*"$D/"* | "containerd-shim"*"$KT_RUN_DIR/"* | *" $KT_HERE/provisioner.mjs"*) ours=1 ;;
  esac
  grep -qE ':/(kubepods|k8s-tutor-node[0-9]*)(/|$)' "$p/cgroup" 2>/dev/null && ours=1
  # An if, not `&&`: the loop's status is its last command's, and pipefail would make a last process of
  # someone else's the script's exit status 1.
  if [ "$ours" = 1 ]; then echo "$exe $cmd"; fi
done | sort
