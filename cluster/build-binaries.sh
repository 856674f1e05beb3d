#!/usr/bin/env bash
# Builds the local test cluster's binaries from the Go module proxy and caches them by version.
# A warm cache makes this a no-op. Usage: build-binaries.sh  (prints the bin directory last)
# Versions come from the environment (cluster/config.sh sets them for up.sh). SKIP_COREDNS=1 skips the
# optional CoreDNS build.
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
needs_build=0
for c in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd pause metrics-server; do
  [ -x "$BIN/$c" ] || needs_build=1
done
if [ "$needs_build" = 1 ] && ! command -v go >/dev/null 2>&1; then
  log "Go is not installed: the cluster's binaries are built from the Go module proxy (Go >= 1.24; see https://go.dev/dl/)"
  exit 1
fi
if [ "$needs_build" = 0 ] && { [ -x "$BIN/coredns" ] || [ "${SKIP_COREDNS:-}" = 1 ] || ! command -v go >/dev/null 2>&1; }; then
  echo "$BIN"
  exit 0
fi
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
  # `go install go.etcd.io/etcd/server/v3@…` refuses: its go.mod replaces the sibling etcd modules with
  # local paths. A wrapper module that requires all of them at the same version builds the same main package.
  log "building etcd $ETCD_VERSION"
  work="$CACHE_ROOT/src/etcd-$ETCD_VERSION"
  mkdir -p "$work"
  emod=$(go mod download -json "go.etcd.io/etcd/server/v3@$ETCD_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module k8s-tutor-etcd-build"
    echo
    echo "go $(sed -n 's/^go //p' "$emod")"
    echo
    echo "require ("
    for m in server/v3 api/v3 client/pkg/v3 client/v3 pkg/v3; do echo "	go.etcd.io/etcd/$m $ETCD_VERSION"; done
    echo ")"
  } > "$work/go.mod"
  printf '//go:build tools\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > "$work/tools.go"
  (cd "$work" && go mod tidy >/dev/null 2>&1) || { log "etcd: go mod tidy failed"; (cd "$work" && go mod tidy) >&2 || true; exit 1; }
  (cd "$work" && go build -p 2 -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3) || { log "etcd did not build"; exit 1; }
  mv "$BIN/etcd.tmp" "$BIN/etcd"
fi

if [ ! -x "$BIN/pause" ]; then
  # The pod sandbox image's only binary: blocks until SIGTERM/SIGINT and reaps orphans.
  log "building pause"
  work="$CACHE_ROOT/src/pause"
  mkdir -p "$work"
  printf 'module pause\n\ngo 1.22\n' > "$work/go.mod"
  cat > "$work/main.go" <<'GO'
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range sigs {
		if s == syscall.SIGCHLD {
			for {
				var ws syscall.WaitStatus
				pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
				if pid <= 0 || err != nil {
					break
				}
			}
			continue
		}
		os.Exit(0)
	}
}
GO
  (cd "$work" && go build -trimpath -ldflags "-s -w" -o "$BIN/pause.tmp" .) || { log "pause did not build"; exit 1; }
  mv "$BIN/pause.tmp" "$BIN/pause"
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
