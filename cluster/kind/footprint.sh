#!/usr/bin/env bash
# Prints what of this machine the kind flavor touches, after cluster/footprint.sh's sections (network
# namespaces, links, addresses, routes, iptables, mounts, cgroups, ...): its own sections `kind-processes`
# (the engine's containerd, dockerd and shims, the API forwarder, anything in its namespace or in a container's
# cgroup) and `kind-paths`. Take one before `up` and one after `down`: they should be equal
# (cluster/kind/kind-down.spec.ts). Read-only. Run as root.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
bash "$HERE/../footprint.sh"
# shellcheck source=config.sh
. "$HERE/config.sh"

echo "## kind-paths"
for p in "$KK_RUN" "/run/netns/$KK_NETNS" "$KK_KUBECONFIG"; do [ -e "$p" ] && echo "$p"; done

echo "## kind-processes"
ns_inode=""
[ -e "/run/netns/$KK_NETNS" ] && ns_inode=$(stat -L -c %i "/run/netns/$KK_NETNS" 2>/dev/null)
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  { [ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ]; } && continue
  exe=$(readlink "$p/exe" 2>/dev/null) || continue
  cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
  cmd=${cmd% }
  ours=0
  case "$cmd" in *"$KK_RUN"* | *"$KK_ENGINE_DATA"* | *"$KK_CACHE/bin/"*) ours=1 ;; esac
  grep -qE ':/docker(/|$)' "$p/cgroup" 2>/dev/null && ours=1
  if [ -n "$ns_inode" ] && [ "$(stat -L -c %i "$p/ns/net" 2>/dev/null)" = "$ns_inode" ]; then ours=1; fi
  if [ "$ours" = 1 ]; then echo "${exe% (deleted)} $cmd"; fi
done | sort
