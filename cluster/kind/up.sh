#!/usr/bin/env bash
# Brings up a real kind cluster on this machine, offline (idempotent). Progress on stderr; the last line of
# stdout is the kubeconfig's path. `npm run cluster:up -- --flavor kind` lands here. See cluster/README.md, "kind".
#
#   1. the Docker engine in its own network namespace (engine.sh; Debian's docker.io, containerd, runc);
#   2. kind $KK_KIND_VERSION from the Go module proxy (cached in ~/.cache/k8s-tutor-kind/bin);
#   3. the node image (build-node-image.sh: built once, cached as a tarball, loaded on a later up);
#   4. the sample app's stand-in base image (standin-base.sh), so the learner's `docker build` works;
#   5. `kind create cluster --name $KK_CLUSTER_NAME`, and the API server's port forwarded, on purpose and on
#      loopback only, from the namespace's 127.0.0.1:$KK_API_PORT to the host's 127.0.0.1:$KK_API_PORT.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for a in "$@"; do
  case "$a" in
    --flavor | --flavor=kind | kind) ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown argument: $a (usage: npm run cluster:up -- --flavor kind)" ;;
  esac
done
need_root
T0=$SECONDS
mkdir -p "$KK_BIN" "$KK_LOGS" "$KK_IMAGES"
# kind runs `docker`: Debian's client, first on PATH (lib.sh puts $KK_BIN first).
ln -sf /usr/bin/docker "$KK_BIN/docker"

bash "$KK_HERE/engine.sh" up
log "engine up ($((SECONDS - T0))s)"

if [ ! -x "$KK_BIN/kind" ] || ! "$KK_BIN/kind" version 2>/dev/null | grep -q "kind $KK_KIND_VERSION "; then
  log "installing kind $KK_KIND_VERSION from the Go module proxy"
  (cd "$KK_CACHE" && GOBIN="$KK_BIN" GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local nice -n 15 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kind@$KK_KIND_VERSION" >&2) \
    || die "go install sigs.k8s.io/kind@$KK_KIND_VERSION failed"
fi
log "$("$KK_BIN/kind" version)"

if ! kk_docker image inspect "$KK_NODE_IMAGE" >/dev/null 2>&1 && [ ! -s "$KK_NODE_TARBALL" ]; then
  # The node image needs the test cluster's Kubernetes binaries (a no-op when they are built).
  export K8S_VERSION="$KK_K8S_VERSION" ETCD_VERSION="$KK_ETCD_VERSION"
  out=$(nice -n 15 bash "$KK_HERE/../build-binaries.sh" | tail -n 1) || die "building the Kubernetes binaries failed (see above)"
  [ "$out" = "$KK_K8S_BIN" ] || die "build-binaries.sh printed $out, expected $KK_K8S_BIN"
fi
bash "$KK_HERE/build-node-image.sh"
log "node image ready ($((SECONDS - T0))s)"

bash "$KK_HERE/standin-base.sh"
log "stand-in base image ready ($((SECONDS - T0))s)"

cat > "$KK_CACHE/kind-config.yaml" <<YAML
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  # Inside the engine's network namespace; up.sh forwards it to the host's loopback.
  apiServerAddress: "127.0.0.1"
  apiServerPort: $KK_API_PORT
YAML
if kind get clusters 2>/dev/null | grep -qx "$KK_CLUSTER_NAME" \
  && [ "$(kk_docker inspect -f '{{.State.Running}}' "$KK_CLUSTER_NAME-control-plane" 2>/dev/null)" = true ]; then
  log "kind cluster $KK_CLUSTER_NAME already exists"
  kind export kubeconfig --name "$KK_CLUSTER_NAME" --kubeconfig "$KK_KUBECONFIG" >/dev/null 2>&1 || die "kind export kubeconfig failed"
else
  kind get clusters 2>/dev/null | grep -qx "$KK_CLUSTER_NAME" && { log "deleting a stopped kind cluster $KK_CLUSTER_NAME"; kind delete cluster --name "$KK_CLUSTER_NAME" >&2 || true; }
  log "kind create cluster --name $KK_CLUSTER_NAME --image $KK_NODE_IMAGE"
  t=$SECONDS
  kind create cluster --name "$KK_CLUSTER_NAME" --image "$KK_NODE_IMAGE" --config "$KK_CACHE/kind-config.yaml" \
    --kubeconfig "$KK_KUBECONFIG" --wait 180s >&2 || die "kind create cluster failed (kind export logs --name $KK_CLUSTER_NAME shows why)"
  log "kind create cluster took $((SECONDS - t))s"
fi

# The API server's port, forwarded on purpose: a socat in the namespace serves a unix socket, a socat on the
# host listens on 127.0.0.1 only. No veth, no route, no iptables rule.
kk_forward_up() {
  if ! kk_pid api-forward-ns >/dev/null; then
    rm -f "$KK_RUN/api.sock"
    ip netns exec "$KK_NETNS" setsid socat "UNIX-LISTEN:$KK_RUN/api.sock,fork,mode=600" "TCP:127.0.0.1:$KK_API_PORT" </dev/null >>"$KK_LOGS/api-forward.log" 2>&1 &
    echo "$! $(readlink -f "$(command -v socat)")" > "$KK_RUN/api-forward-ns.pid"
  fi
  if ! kk_pid api-forward-host >/dev/null; then
    setsid socat "TCP-LISTEN:$KK_API_PORT,bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$KK_RUN/api.sock" </dev/null >>"$KK_LOGS/api-forward.log" 2>&1 &
    echo "$! $(readlink -f "$(command -v socat)")" > "$KK_RUN/api-forward-host.pid"
  fi
}
kk_forward_up
KUBECTL="$KK_K8S_BIN/kubectl"
[ -x "$KUBECTL" ] || KUBECTL=$(command -v kubectl) || die "no kubectl"
k() { "$KUBECTL" --kubeconfig "$KK_KUBECONFIG" --request-timeout=20s "$@"; }
for ((i = 0; i < 60; i++)); do k get --raw /readyz >/dev/null 2>&1 && break; sleep 0.5; done
k get --raw /readyz >/dev/null || die "the API server does not answer on the host's 127.0.0.1:$KK_API_PORT (see $KK_LOGS/api-forward.log)"
log "waiting for the node, CoreDNS and the local-path provisioner"
k wait --for=condition=Ready node --all --timeout=180s >&2 || die "the node is not Ready"
k -n kube-system rollout status deployment/coredns --timeout=180s >&2 || die "CoreDNS is not ready"
k -n local-path-storage rollout status deployment/local-path-provisioner --timeout=180s >&2 || die "the local-path provisioner is not ready"
log "kind cluster $KK_CLUSTER_NAME is up: context $KK_CONTEXT, API https://127.0.0.1:$KK_API_PORT ($((SECONDS - T0))s)"
log "use it:  . cluster/kind/env.sh   (KUBECONFIG, DOCKER_HOST, kind and kubectl on PATH)"
echo "$KK_KUBECONFIG"
