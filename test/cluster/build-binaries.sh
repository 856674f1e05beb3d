#!/usr/bin/env bash
# Builds the local test cluster's binaries from the Go module proxy and caches them by version.
# A warm cache makes this a no-op. Usage: build-binaries.sh  (prints the bin directory last)
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.13}"
METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-v0.8.0}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.4}"
CACHE_ROOT="${K8S_TUTOR_BIN_CACHE:-$HOME/.cache/k8s-tutor-bin}"
BIN="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION"
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mkdir -p "$BIN"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local

missing_k8s=()
for c in "${K8S_CMDS[@]}"; do [ -x "$BIN/$c" ] || missing_k8s+=("$c"); done

if [ "${#missing_k8s[@]}" -gt 0 ]; then
  log "building Kubernetes $K8S_VERSION: ${missing_k8s[*]} (a cold build takes a long while on 2 cores)"
  work="$CACHE_ROOT/src/k8s-$K8S_VERSION"
  mkdir -p "$work"
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  staging_version="v0.${K8S_VERSION#v1.}"
  {
    echo "module k8s-tutor-cluster-build"
    echo
    echo "go $(sed -n 's/^go //p' "$gomod")"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 '"$staging_version"'#p' "$gomod"
    echo ")"
  } > "$work/go.mod"
  {
    echo "//go:build tools"
    echo "package tools"
    echo "import ("
    for c in "${K8S_CMDS[@]}"; do echo "	_ \"k8s.io/kubernetes/cmd/$c\""; done
    echo ")"
  } > "$work/tools.go"
  (cd "$work" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$work" && go get "k8s.io/kubernetes@$K8S_VERSION" >/dev/null && go mod tidy -e >/dev/null 2>&1 || true)
  build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date -X $pkg.gitCommit=0000000000000000000000000000000000000000"
  done
  for c in "${missing_k8s[@]}"; do
    log "go build $c"
    (cd "$work" && go build -p 2 -tags tools -trimpath -ldflags "$ld" -o "$BIN/$c.tmp" "k8s.io/kubernetes/cmd/$c")
    mv "$BIN/$c.tmp" "$BIN/$c"
  done
fi

if [ ! -x "$BIN/etcd" ]; then
  log "building etcd $ETCD_VERSION"
  GOBIN="$BIN" go install -p 2 -trimpath -ldflags "-s -w" "go.etcd.io/etcd/server/v3@$ETCD_VERSION" 2>&1 | tail -5 >&2 || true
  [ -x "$BIN/v3" ] && mv "$BIN/v3" "$BIN/etcd"
  [ -x "$BIN/server" ] && mv "$BIN/server" "$BIN/etcd"
  [ -x "$BIN/etcd" ] || { log "etcd did not build"; exit 1; }
fi

if [ ! -x "$BIN/metrics-server" ]; then
  log "building metrics-server $METRICS_SERVER_VERSION"
  GOBIN="$BIN" go install -p 2 -trimpath -ldflags "-s -w" "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION" >&2 || log "metrics-server did not build; kubectl top and the HPA will not work"
fi

if [ ! -x "$BIN/coredns" ] && [ "${SKIP_COREDNS:-}" != 1 ]; then
  log "building coredns $COREDNS_VERSION (optional)"
  GOBIN="$BIN" go install -p 2 -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION" >&2 || log "coredns did not build; the cluster runs without DNS"
fi

echo "$BIN"
