#!/usr/bin/env bash
# The learner's image path on the kind flavor: `docker build` of sample-app/ (its Dockerfile unchanged, on the
# stand-in base of standin-base.sh) and `kind load docker-image` into the cluster's node.
#   bash cluster/kind/app-image.sh [TAG]      (default fastapi-k8s:1.0.0; the cluster must be up)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TAG=${1:-$KK_APP_IMAGE}
need_root
kk_engine_up_p || die "the engine does not run: npm run cluster:up -- --flavor kind"
bash "$KK_HERE/standin-base.sh"
T0=$SECONDS
log "docker build -t $TAG sample-app"
kk_docker build -t "$TAG" "$KK_REPO_ROOT/sample-app" >&2 || die "docker build of sample-app failed"
log "docker build took $((SECONDS - T0))s"
t=$SECONDS
kind load docker-image "$TAG" --name "$KK_CLUSTER_NAME" >&2 || die "kind load docker-image $TAG failed"
log "kind load docker-image took $((SECONDS - t))s"
