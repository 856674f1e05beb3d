#!/usr/bin/env bash
# Builds the kind flavor's node image offline, from Debian's packages and the Go module proxy, and caches it
# as a tarball ($KK_NODE_TARBALL). A cached tarball makes this a no-op (unless --rebuild).
#   bash cluster/kind/build-node-image.sh [--rebuild]      (the engine must run: engine.sh up)
#
# `kind build node-image` cannot run offline (it fetches pause, etcd, coredns, kindnetd and local-path from a
# registry, and calls `ctr info`, which Debian's ctr 1.6 lacks). Instead:
#   1. a Debian bookworm rootfs from debootstrap (minbase), laid out as kind's images/base Dockerfile lays out
#      kind's base image (its files come from the kind module in the Go module cache);
#   2. kubeadm, kubelet, kubectl of Kubernetes $KK_K8S_VERSION (the test cluster's build, plus kubeadm built
#      from the same module), crictl, /kind/version, and the CNI and storage manifests in /kind/manifests;
#   3. the pod images, each a single-layer OCI tar (cluster/oci.sh), imported into the node's containerd
#      (`k8s.io` namespace, pinned, not unpacked) in a build container, which is then `docker commit`ed with
#      kind's entrypoint, as `kind build node-image` does.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=../oci.sh
. "$KK_HERE/../oci.sh"

REBUILD=0
for a in "$@"; do
  case "$a" in
    --rebuild) REBUILD=1 ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown argument: $a (usage: build-node-image.sh [--rebuild])" ;;
  esac
done
need_root
kk_engine_up_p || die "the engine does not run: bash cluster/kind/engine.sh up"
T0=$SECONDS
mkdir -p "$KK_BUILD" "$KK_IMAGES" "$KK_BIN" "$KK_LOGS"

if [ "$REBUILD" = 0 ] && kk_docker image inspect "$KK_NODE_IMAGE" >/dev/null 2>&1; then
  log "node image $KK_NODE_IMAGE is in the engine"
  [ -s "$KK_NODE_TARBALL" ] || { log "saving it to $KK_NODE_TARBALL"; kk_docker save -o "$KK_NODE_TARBALL.tmp" "$KK_NODE_IMAGE" && mv "$KK_NODE_TARBALL.tmp" "$KK_NODE_TARBALL"; }
  exit 0
fi
if [ "$REBUILD" = 0 ] && [ -s "$KK_NODE_TARBALL" ]; then
  log "loading the node image from $KK_NODE_TARBALL"
  kk_docker load -i "$KK_NODE_TARBALL" >&2 || die "docker load $KK_NODE_TARBALL failed"
  log "node image loaded ($((SECONDS - T0))s)"
  exit 0
fi

KIND_MOD=$(go mod download -json "sigs.k8s.io/kind@$KK_KIND_VERSION" | jq -r .Dir) || die "the kind module $KK_KIND_VERSION is not in reach of the Go module proxy"
[ -d "$KIND_MOD/images/base/files" ] || die "no images/base/files in $KIND_MOD"
export GOFLAGS="-buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local

# ---------------------------------------------------------------- binaries
for b in kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd pause; do
  [ -x "$KK_K8S_BIN/$b" ] || die "$KK_K8S_BIN/$b is missing: run cluster/build-binaries.sh first (npm run cluster:up builds it)"
done
[ -x "$KK_K8S_BIN/coredns" ] || die "$KK_K8S_BIN/coredns is missing (cluster/build-binaries.sh builds it; kind needs CoreDNS)"

build_kubeadm() {
  [ -x "$KK_BIN/kubeadm-$KK_K8S_VERSION" ] && return 0
  local src="${K8S_TUTOR_BIN_CACHE:-$HOME/.cache/k8s-tutor-bin}/src/k8s-$KK_K8S_VERSION" work="$KK_BUILD/src/kubeadm-$KK_K8S_VERSION"
  [ -s "$src/go.mod" ] || die "no wrapper module in $src (cluster/build-binaries.sh makes it)"
  log "building kubeadm $KK_K8S_VERSION from the same wrapper module as the test cluster's binaries (a few minutes)"
  mkdir -p "$work"
  sed 's/^module .*/module k8s-tutor-kind-kubeadm-build/' "$src/go.mod" > "$work/go.mod"
  cp "$src/go.sum" "$work/go.sum"
  printf '//go:build tools\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kubeadm"\n' > "$work/tools.go"
  (cd "$work" && go mod tidy -e >/dev/null 2>&1 || true)
  local minor ld pkg t=$SECONDS
  minor=$(echo "$KK_K8S_VERSION" | cut -d. -f2)
  ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$KK_K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ) -X $pkg.gitCommit=0000000000000000000000000000000000000000"
  done
  (cd "$work" && nice -n 15 go build -p 2 -tags tools -trimpath -ldflags "$ld" -o "$KK_BIN/kubeadm.tmp" k8s.io/kubernetes/cmd/kubeadm) >&2 || die "kubeadm did not build"
  mv "$KK_BIN/kubeadm.tmp" "$KK_BIN/kubeadm-$KK_K8S_VERSION"
  log "kubeadm built ($((SECONDS - t))s)"
}
go_tool() { # go_tool NAME MODULE/PATH@VERSION
  [ -x "$KK_BIN/$1" ] && return 0
  log "building $1 ($2)"
  GOBIN="$KK_BIN" GOFLAGS="$GOFLAGS -mod=mod" nice -n 15 go install -trimpath -ldflags "-s -w" "$2" >&2 || die "$1 did not build from $2"
}
build_kubeadm
go_tool crictl "sigs.k8s.io/cri-tools/cmd/crictl@v1.34.0"
go_tool local-path-provisioner "github.com/rancher/local-path-provisioner@$KK_LOCAL_PATH_VERSION"
KUBEADM="$KK_BIN/kubeadm-$KK_K8S_VERSION"

# The image names kubeadm $KK_K8S_VERSION and kind's manifests expect.
mapfile -t KUBEADM_IMAGES < <("$KUBEADM" config images list --kubernetes-version "$KK_K8S_VERSION" 2>/dev/null)
[ "${#KUBEADM_IMAGES[@]}" -ge 6 ] || die "kubeadm config images list gave: ${KUBEADM_IMAGES[*]:-nothing}"
img_of() { printf '%s\n' "${KUBEADM_IMAGES[@]}" | grep -m1 "/$1:" || die "kubeadm lists no $1 image"; }
SANDBOX_IMAGE=$(sed -n 's/^ *sandbox_image = "\(.*\)"/\1/p' "$KIND_MOD/images/base/files/etc/containerd/config.toml")
STORAGE_CONST="$KIND_MOD/pkg/build/nodeimage/const_storage.go"
PROVISIONER_IMAGE=$(sed -n 's/^const storageProvisionerImage = "\(.*\)"/\1/p' "$STORAGE_CONST")
HELPER_IMAGE=$(sed -n 's/^const storageHelperImage = "\(.*\)"/\1/p' "$STORAGE_CONST")
[ -n "$SANDBOX_IMAGE" ] && [ -n "$PROVISIONER_IMAGE" ] && [ -n "$HELPER_IMAGE" ] || die "could not read the image names from the kind module"

# ---------------------------------------------------------------- rootfs
DEBOOT="$KK_BUILD/node-rootfs.debootstrap"
if [ ! -d "$DEBOOT" ]; then
  command -v debootstrap >/dev/null || die "debootstrap is missing (engine.sh up installs it)"
  log "debootstrap: Debian bookworm minbase + kind's base packages (about 2-3 minutes)"
  rm -rf "$DEBOOT.tmp"
  t=$SECONDS
  nice -n 15 debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,conntrack,iptables,nftables,iproute2,ethtool,util-linux,mount,kmod,libseccomp2,pigz,fuse-overlayfs,e2fsprogs,bash,ca-certificates,jq,procps,containerd,runc,containernetworking-plugins \
    bookworm "$DEBOOT.tmp" http://deb.debian.org/debian > "$KK_LOGS/debootstrap-node.log" 2>&1 \
    || die "debootstrap failed (see $KK_LOGS/debootstrap-node.log)"
  mountpoint -q "$DEBOOT.tmp/proc" && umount "$DEBOOT.tmp/proc"
  mv "$DEBOOT.tmp" "$DEBOOT"
  log "debootstrap done ($((SECONDS - t))s)"
fi

W="$KK_BUILD/node-work"
rm -rf "$W"; mkdir -p "$W"
R="$W/rootfs"
log "laying out the node rootfs as kind's base image"
cp -a "$DEBOOT" "$R"
F="$KIND_MOD/images/base/files"
install -d -m 0755 "$R/kind" "$R/kind/bin" "$R/LICENSES" "$R/etc/containerd" "$R/etc/default" "$R/etc/sysctl.d" "$R/etc/systemd/system/kubelet.service.d"
install -m 0755 "$F"/usr/local/bin/* "$R/usr/local/bin/"
install -m 0644 "$F"/kind/README.txt "$R/kind/"
install -m 0755 "$F"/kind/bin/* "$R/kind/bin/"
install -m 0644 "$F"/LICENSES/* "$R/LICENSES/"
find "$F/etc" -maxdepth 1 -type f -exec install -m 0644 {} "$R/etc/" \;
install -m 0644 "$F"/etc/containerd/* "$R/etc/containerd/"
install -m 0644 "$F"/etc/default/* "$R/etc/default/"
install -m 0644 "$F"/etc/sysctl.d/* "$R/etc/sysctl.d/"
find "$F/etc/systemd/system" -maxdepth 1 -type f -exec install -m 0644 {} "$R/etc/systemd/system/" \;
install -m 0644 "$F"/etc/systemd/system/kubelet.service.d/* "$R/etc/systemd/system/kubelet.service.d/"
# Debian's containerd, runc and CNI plugins where kind's base has its own builds.
for b in containerd ctr containerd-shim-runc-v2; do ln -sf "/usr/bin/$b" "$R/usr/local/bin/$b"; done
mkdir -p "$R/opt/cni/bin"
for p in "$R"/usr/lib/cni/*; do ln -sf "/usr/lib/cni/${p##*/}" "$R/opt/cni/bin/${p##*/}"; done
# These VMs lack CAP_SYS_RESOURCE: containerd must not try to lower oom_score_adj (KIND-NOTES).
sed -i 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' "$R/etc/containerd/config.toml"
# kind's base RUN steps.
find "$R/lib/systemd/system/sysinit.target.wants/" -name "systemd-tmpfiles-setup.service" -delete
rm -f "$R"/lib/systemd/system/multi-user.target.wants/* "$R"/etc/systemd/system/*.wants/* \
  "$R"/lib/systemd/system/local-fs.target.wants/* "$R"/lib/systemd/system/sockets.target.wants/*udev* \
  "$R"/lib/systemd/system/sockets.target.wants/*initctl* "$R"/lib/systemd/system/basic.target.wants/*
echo "ReadKMsg=no" >> "$R/etc/systemd/journald.conf"
ln -sf /usr/lib/systemd/systemd "$R/sbin/init"
chroot "$R" systemctl enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1 || die "systemctl enable in the rootfs failed"
chroot "$R" systemctl mask systemd-binfmt.service >/dev/null 2>&1 || true
mkdir -p "$R/etc/kubernetes/manifests"
ctr oci spec | jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
  | jq 'del(.process.rlimits)' > "$R/etc/containerd/cri-base.json"
# Kubernetes and crictl.
install -m 0755 "$KUBEADM" "$R/usr/bin/kubeadm"
install -m 0755 "$KK_K8S_BIN/kubelet" "$R/usr/bin/kubelet"
install -m 0755 "$KK_K8S_BIN/kubectl" "$R/usr/bin/kubectl"
install -m 0755 "$KK_BIN/crictl" "$R/usr/local/bin/crictl"
printf '%s' "$KK_K8S_VERSION" > "$R/kind/version"
# CNI: kindnetd cannot be built here (the Go module proxy does not serve sigs.k8s.io/kind/images/kindnetd),
# so the node carries a plain bridge config for kind's default pod subnet (one node), ipMasq off.
mkdir -p "$R/etc/cni/net.d" "$R/kind/manifests"
cat > "$R/etc/cni/net.d/10-k8s-tutor-bridge.conflist" <<'JSON'
{
  "cniVersion": "0.4.0",
  "name": "kind-bridge",
  "plugins": [
    { "type": "bridge", "bridge": "kind-br0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "10.244.0.0/24" }]], "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
cat > "$R/kind/manifests/default-cni.yaml" <<'YAML'
# kind applies this manifest as its default CNI. kindnetd is not built here (its Go module is not served by
# the Go module proxy): the node image carries a bridge CNI config instead (/etc/cni/net.d), one node only.
apiVersion: v1
kind: ConfigMap
metadata:
  name: k8s-tutor-kind-cni
  namespace: kube-system
data:
  cni: "bridge (/etc/cni/net.d/10-k8s-tutor-bridge.conflist in the node image); kindnetd is not built offline"
YAML
# kind's own storage manifest, as kind $KK_KIND_VERSION writes it (Go string constant in const_storage.go).
awk '/^const defaultStorageManifest = `/{on=1; next} on && /^`$/{exit} on' "$STORAGE_CONST" \
  | sed -e 's/` + storageProvisionerImage + `/'"${PROVISIONER_IMAGE//\//\\/}"'/g' -e 's/` + storageHelperImage + `/'"${HELPER_IMAGE//\//\\/}"'/g' \
  > "$R/kind/manifests/default-storage.yaml"
grep -q "name: standard" "$R/kind/manifests/default-storage.yaml" && ! grep -q '` +' "$R/kind/manifests/default-storage.yaml" \
  || die "could not extract kind's storage manifest from $STORAGE_CONST"
# Smaller: package caches and docs.
rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/* "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/locale/*

# ---------------------------------------------------------------- pod images
I="$W/images"
mkdir -p "$I"
PATH_ENV='"Env":["PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin"]'
# stage_from_rootfs DEST FILE...: copies files of the node rootfs and the libraries they need.
stage_from_rootfs() {
  local dest=$1 f lib; shift
  for f in "$@"; do
    mkdir -p "$dest$(dirname "$f")"
    cp -L "$R$f" "$dest$f"
    for lib in $(chroot "$R" ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
      mkdir -p "$dest$(dirname "$lib")"
      [ -e "$dest$lib" ] || cp -L "$R$lib" "$dest$lib"
    done
  done
}
one_binary_image() { # NAME BINARY DEST_PATH [ENTRYPOINT_JSON]
  local name=$1 bin=$2 dst=$3 ep=${4:-} d="$W/img-rootfs"
  rm -rf "$d"; mkdir -p "$d$(dirname "$dst")" "$d/tmp" "$d/etc"; chmod 1777 "$d/tmp"
  install -m 0755 "$bin" "$d$dst"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$d/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$d/etc/group"
  oci_build "$d" "{$PATH_ENV${ep:+,\"Entrypoint\":$ep}}" "$name" "$I/$(echo "$name" | tr '/:' '__').tar"
}
log "assembling the pod images"
for c in kube-apiserver kube-controller-manager kube-scheduler; do
  one_binary_image "$(img_of "$c")" "$KK_K8S_BIN/$c" "/usr/local/bin/$c"
done
one_binary_image "$(img_of etcd)" "$KK_K8S_BIN/etcd" /usr/local/bin/etcd
one_binary_image "$(img_of coredns)" "$KK_K8S_BIN/coredns" /coredns '["/coredns"]'
one_binary_image "$(img_of pause)" "$KK_K8S_BIN/pause" /pause '["/pause"]'
[ "$(img_of pause)" = "$SANDBOX_IMAGE" ] || one_binary_image "$SANDBOX_IMAGE" "$KK_K8S_BIN/pause" /pause '["/pause"]'
one_binary_image "$PROVISIONER_IMAGE" "$KK_BIN/local-path-provisioner" /usr/local/bin/local-path-provisioner '["/usr/local/bin/local-path-provisioner"]'
# kube-proxy runs iptables (Debian's nft variant, as the node's) and conntrack.
d="$W/img-rootfs"; rm -rf "$d"; mkdir -p "$d/usr/local/bin" "$d/tmp" "$d/run"
install -m 0755 "$KK_K8S_BIN/kube-proxy" "$d/usr/local/bin/kube-proxy"
stage_from_rootfs "$d" /usr/sbin/xtables-nft-multi /usr/sbin/conntrack
# iptables' match and target extensions (conntrack, comment, mark, ...), loaded at run time.
# Each with the libraries it needs (libxt_statistic needs libm: without it every Service with two endpoints
# fails kube-proxy's whole iptables-restore).
for x in "$R"/usr/lib/*/xtables; do stage_from_rootfs "$d" $(cd "$R" && ls -d "${x#"$R"}"/*.so); done
[ -e "$R/etc/protocols" ] && { mkdir -p "$d/etc"; cp "$R/etc/protocols" "$d/etc/protocols"; }
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do ln -sf xtables-nft-multi "$d/usr/sbin/$t"; done
for l in bin sbin lib lib64; do [ -e "$d/$l" ] || ln -s "usr/$l" "$d/$l"; done
oci_build "$d" "{$PATH_ENV}" "$(img_of kube-proxy)" "$I/kube-proxy.tar"
# local-path's helper pod runs `sh -c` with mkdir and rm.
rm -rf "$d"; mkdir -p "$d/tmp"
stage_from_rootfs "$d" /usr/bin/dash /usr/bin/mkdir /usr/bin/rm
ln -s dash "$d/usr/bin/sh"
for l in bin sbin lib lib64; do [ -e "$d/$l" ] || ln -s "usr/$l" "$d/$l"; done
oci_build "$d" "{$PATH_ENV}" "$HELPER_IMAGE" "$I/local-path-helper.tar"
rm -rf "$d"
ls "$I" | sed 's/^/[kind]   /' >&2

# ---------------------------------------------------------------- base image, images in, commit
BASE_TAG="k8s-tutor/kind-base:build"
log "importing the rootfs into the engine"
tar --numeric-owner -C "$R" -c . | kk_docker import - "$BASE_TAG" >/dev/null || die "docker import failed"
BC="k8s-tutor-kind-build-$$"
kk_docker rm -f "$BC" >/dev/null 2>&1 || true
kk_docker run -d --name "$BC" --privileged --security-opt seccomp=unconfined -v "$I:/kk-images:ro" --entrypoint sleep "$BASE_TAG" infinity >/dev/null \
  || die "could not start the build container"
trap 'kk_docker rm -f -v "$BC" >/dev/null 2>&1 || true' EXIT
log "importing the pod images into the node's containerd (k8s.io, pinned, not unpacked)"
kk_docker exec "$BC" bash -c 'set -e
  nohup containerd > /tmp/containerd.log 2>&1 &
  for i in $(seq 1 50); do [ -S /run/containerd/containerd.sock ] && ctr version >/dev/null 2>&1 && break; sleep 0.2; done
  for t in /kk-images/*.tar; do ctr --namespace=k8s.io images import --label=io.cri-containerd.pinned=pinned --all-platforms --no-unpack --digests "$t" >/dev/null; done
  ctr --namespace=k8s.io images list -q | grep -v -e "^import-" -e "^sha256:"
  pkill containerd; for i in $(seq 1 50); do pgrep -x containerd >/dev/null || break; sleep 0.2; done
  rm -rf /tmp/* /run/containerd' | sed 's/^/[kind]   node image holds /' >&2 || die "importing the pod images failed"
kk_docker commit \
  --change 'ENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]' \
  --change 'ENV container=docker' \
  "$BC" "$KK_NODE_IMAGE-commit" >/dev/null || die "docker commit failed"
kk_docker rm -f -v "$BC" >/dev/null; trap - EXIT
# dockerd 20.10's commit takes no STOPSIGNAL: a build with no context adds it (and a label), no layer.
printf 'FROM %s\nSTOPSIGNAL SIGRTMIN+3\nLABEL io.k8s-tutor.built-from="Debian bookworm + Kubernetes %s from the Go module proxy (cluster/kind/build-node-image.sh)"\n' \
  "$KK_NODE_IMAGE-commit" "$KK_K8S_VERSION" | kk_docker build -q -t "$KK_NODE_IMAGE" - >/dev/null || die "docker build (STOPSIGNAL) failed"
kk_docker rmi "$KK_NODE_IMAGE-commit" "$BASE_TAG" >/dev/null 2>&1 || true
kk_docker image prune -f >/dev/null 2>&1 || true   # a rebuilt image's predecessor
rm -rf "$W"
log "saving $KK_NODE_IMAGE to $KK_NODE_TARBALL"
kk_docker save -o "$KK_NODE_TARBALL.tmp" "$KK_NODE_IMAGE" && mv "$KK_NODE_TARBALL.tmp" "$KK_NODE_TARBALL"
log "node image built: $(du -h "$KK_NODE_TARBALL" | cut -f1) tarball ($((SECONDS - T0))s)"
