#!/usr/bin/env bash
# The kind flavor's Docker engine: Debian's containerd + dockerd in a network namespace of their own
# ($KK_NETNS, loopback only, no uplink), with their own root, state, sockets, exec-root, data-root and pid
# files, and the cgroup v1 hierarchies mounted again in their private mount namespace.
#   bash cluster/kind/engine.sh up|down|status
# The Docker client reaches it from the host through its socket: DOCKER_HOST=unix:///run/k8s-tutor-kind/docker.sock.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

engine_packages() {
  local need=()
  { command -v dockerd >/dev/null && [ -x /usr/bin/docker ]; } || need+=(docker.io)
  command -v containerd >/dev/null || need+=(containerd)
  [ -x /usr/bin/runc ] || need+=(runc)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v jq >/dev/null || need+=(jq)
  command -v socat >/dev/null || need+=(socat)
  command -v ip >/dev/null || need+=(iproute2)
  [ "${#need[@]}" -eq 0 ] && return 0
  log "installing from Debian: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # docker.io's maintainer scripts would start a dockerd on the host's network: forbid starting services.
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; fi
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 || die "apt-get install ${need[*]} failed"
  [ "$made_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
}

write_configs() {
  mkdir -p "$KK_RUN" "$KK_ENGINE_DATA/containerd" "$KK_ENGINE_DATA/docker" "$KK_LOGS"
  cat > "$KK_RUN/containerd.toml" <<TOML
version = 2
root = "$KK_ENGINE_DATA/containerd"
state = "$KK_RUN/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$KK_CONTAINERD_SOCK"
[ttrpc]
  address = "$KK_CONTAINERD_SOCK.ttrpc"
[debug]
  address = "$KK_RUN/containerd/debug.sock"
TOML
  cat > "$KK_RUN/daemon.json" <<JSON
{
  "default-runtime": "kk-runc",
  "runtimes": { "kk-runc": { "path": "$KK_HERE/runc-wrapper" } },
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "storage-driver": "overlay2",
  "log-driver": "json-file",
  "features": { "buildkit": false }
}
JSON
}

# Runs inside `ip netns exec` (a private mount namespace): mounts the cgroup hierarchies, starts containerd
# and dockerd in the background, records their pids, and returns once dockerd answers.
inner_start() {
  mountpoint -q /sys/fs/cgroup || mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
  local c
  for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
    mkdir -p "/sys/fs/cgroup/$c"
    mountpoint -q "/sys/fs/cgroup/$c" || mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
  done
  mkdir -p /sys/fs/cgroup/systemd /sys/fs/cgroup/unified
  mountpoint -q /sys/fs/cgroup/systemd || mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
  mountpoint -q /sys/fs/cgroup/unified || mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
  ip link set lo up
  setsid containerd --config "$KK_RUN/containerd.toml" </dev/null >>"$KK_LOGS/containerd.log" 2>&1 &
  echo "$! $(readlink -f "$(command -v containerd)")" > "$KK_RUN/containerd.pid"
  local i
  for ((i = 0; i < 100; i++)); do [ -S "$KK_CONTAINERD_SOCK" ] && break; sleep 0.2; done
  [ -S "$KK_CONTAINERD_SOCK" ] || { echo "containerd did not start (see $KK_LOGS/containerd.log)" >&2; return 1; }
  setsid dockerd --config-file "$KK_RUN/daemon.json" --host "$KK_DOCKER_HOST" --containerd "$KK_CONTAINERD_SOCK" \
    --data-root "$KK_ENGINE_DATA/docker" --exec-root "$KK_RUN/docker-exec" --pidfile "$KK_RUN/dockerd.pidfile" \
    </dev/null >>"$KK_LOGS/dockerd.log" 2>&1 &
  echo "$! $(readlink -f "$(command -v dockerd)")" > "$KK_RUN/dockerd.pid"
  for ((i = 0; i < 150; i++)); do /usr/bin/docker -H "$KK_DOCKER_HOST" version >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "dockerd did not answer in 30 s (see $KK_LOGS/dockerd.log)" >&2
  return 1
}

engine_up() {
  need_root
  engine_packages
  if kk_engine_up_p; then log "engine already runs (dockerd pid $(kk_pid dockerd))"; return 0; fi
  # A half-started engine from before: stop it first.
  kk_pid dockerd >/dev/null || kk_pid containerd >/dev/null && engine_down
  write_configs
  # Note whether /run/netns existed, so that down can leave the host as it found it.
  if [ ! -e "$KK_RUN/netns-dir-preexisted" ] && [ ! -e "$KK_RUN/netns-dir-made" ]; then
    if [ -d /run/netns ]; then touch "$KK_RUN/netns-dir-preexisted"; else touch "$KK_RUN/netns-dir-made"; fi
  fi
  # kind's nodes bind-mount /lib/modules (read-only); dockerd makes it if it is missing (these VMs have none).
  [ -e /lib/modules ] || [ -e "$KK_RUN/lib-modules-made" ] || touch "$KK_RUN/lib-modules-made"
  [ -e "/run/netns/$KK_NETNS" ] || ip netns add "$KK_NETNS" || die "ip netns add $KK_NETNS failed"
  log "starting containerd and dockerd in the network namespace $KK_NETNS"
  ip netns exec "$KK_NETNS" bash "$KK_HERE/engine.sh" __inner_start || die "the engine did not start (logs in $KK_LOGS)"
  kk_docker info --format '{{.ServerVersion}} {{.CgroupDriver}} cgroup v{{.CgroupVersion}} {{.Driver}}' | sed 's/^/[kind] engine: dockerd /' >&2
}

engine_down() {
  need_root
  kk_stop dockerd 30
  # Containers that dockerd left (it stops them when it exits): kill their shims.
  local p
  for p in $(pgrep -f "containerd-shim.*-address $KK_CONTAINERD_SOCK" || true); do kill -KILL "$p" 2>/dev/null || true; done
  kk_stop containerd 20
  for p in $(pgrep -f "containerd-shim.*-address $KK_CONTAINERD_SOCK" || true); do kill -KILL "$p" 2>/dev/null || true; done
  # Any process left in the namespace (nothing should be).
  if [ -e "/run/netns/$KK_NETNS" ]; then
    for p in $(ip netns pids "$KK_NETNS" 2>/dev/null || true); do
      log "WARNING: killing $(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-80) (pid $p) left in $KK_NETNS"
      kill -KILL "$p" 2>/dev/null || true
    done
    sleep 0.3
    ip netns del "$KK_NETNS" || log "WARNING: could not delete the network namespace $KK_NETNS"
  fi
  # cgroups the engine's containers left (dockerd uses /docker/<id> under every hierarchy).
  local h d
  for h in /sys/fs/cgroup/*/; do
    [ -d "$h/docker" ] || continue
    find "$h/docker" -depth -mindepth 0 -type d -exec rmdir {} \; 2>/dev/null || true
  done
  if [ -e "$KK_RUN/netns-dir-made" ] && [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ]; then
    umount /run/netns 2>/dev/null || true
    rmdir /run/netns 2>/dev/null || true
  fi
  if [ -e "$KK_RUN/lib-modules-made" ] && [ -d /lib/modules ]; then rmdir /lib/modules 2>/dev/null || true; fi
  rm -rf "$KK_RUN"
}

engine_status() {
  local c pid rc=0
  for c in containerd dockerd; do
    if pid=$(kk_pid "$c"); then printf '%-28s %-8s %s\n' "engine $c" "$pid" running; else printf '%-28s %-8s %s\n' "engine $c" - "not running"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  up) engine_up ;;
  down) engine_down ;;
  status) engine_status ;;
  __inner_start) inner_start ;;
  *) die "usage: bash cluster/kind/engine.sh up|down|status" ;;
esac
