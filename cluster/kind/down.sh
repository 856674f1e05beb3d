#!/usr/bin/env bash
# Stops the kind flavor: deletes the kind cluster, stops the API forwarder, dockerd and containerd, unmounts
# what they mounted and deletes their network namespace. Safe to run twice. Keeps the caches (kind, the node
# image tarball, the engine's images) so the next up is quick. `npm run cluster:down -- --flavor kind` lands here.
#   --purge   also deletes the engine's data (its images and containers), not the cached tarballs
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --flavor | --flavor=kind | kind) ;;
    --purge) PURGE=1 ;;
    -h | --help) sed -n '2,5p' "$0"; exit 0 ;;
    *) die "unknown argument: $a (usage: npm run cluster:down -- --flavor kind [--purge])" ;;
  esac
done
need_root
T0=$SECONDS
if kk_engine_up_p; then
  if kind get clusters 2>/dev/null | grep -qx "$KK_CLUSTER_NAME"; then
    log "kind delete cluster --name $KK_CLUSTER_NAME"
    kind delete cluster --name "$KK_CLUSTER_NAME" --kubeconfig "$KK_KUBECONFIG" >&2 || log "WARNING: kind delete cluster failed"
  fi
  # Anything else left running in the engine (a learner's `docker run`, a build container).
  left=$(kk_docker ps -aq 2>/dev/null || true)
  [ -z "$left" ] || { log "removing containers left in the engine: $(echo "$left" | wc -l)"; kk_docker rm -f -v $left >/dev/null 2>&1 || true; }
fi
kk_stop api-forward-host 5
kk_stop api-forward-ns 5
bash "$KK_HERE/engine.sh" down
rm -f "$KK_KUBECONFIG"
if [ "$PURGE" = 1 ]; then log "purging $KK_ENGINE_DATA"; rm -rf "$KK_ENGINE_DATA"; fi
log "kind flavor down ($((SECONDS - T0))s)"
