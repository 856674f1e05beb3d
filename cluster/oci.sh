# Assembles single-layer OCI image tars without a registry or Docker engine, and imports them into the
# local cluster's containerd. Source after lib.sh.

kt_oci_arch() {
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    *) uname -m ;;
  esac
}

# oci_build ROOTFS_DIR CONFIG_JSON IMAGE_NAME OUT_TAR
#   CONFIG_JSON is the image config's "config" object (User, Env, Cmd, WorkingDir, ...).
#   The layer is an uncompressed, reproducible tar of ROOTFS_DIR (owners kept as they are on disk).
oci_build() {
  local rootfs=$1 cfg=$2 name=$3 out=$4
  local w ld lsz cd csz md msz
  w=$(mktemp -d "${TMPDIR:-/tmp}/k8s-tutor-oci.XXXXXX")
  mkdir -p "$w/blobs/sha256"
  tar --sort=name --numeric-owner --mtime=@0 -C "$rootfs" -cf "$w/layer.tar" .
  ld=$(sha256sum "$w/layer.tar" | cut -d' ' -f1)
  lsz=$(stat -c %s "$w/layer.tar")
  mv "$w/layer.tar" "$w/blobs/sha256/$ld"
  printf '{"architecture":"%s","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"k8s-tutor cluster/oci.sh"}]}' \
    "$(kt_oci_arch)" "$cfg" "$ld" > "$w/config.json"
  cd=$(sha256sum "$w/config.json" | cut -d' ' -f1)
  csz=$(stat -c %s "$w/config.json")
  mv "$w/config.json" "$w/blobs/sha256/$cd"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$cd" "$csz" "$ld" "$lsz" > "$w/manifest.json"
  md=$(sha256sum "$w/manifest.json" | cut -d' ' -f1)
  msz=$(stat -c %s "$w/manifest.json")
  mv "$w/manifest.json" "$w/blobs/sha256/$md"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$md" "$msz" "$name" "${name##*:}" > "$w/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$w/oci-layout"
  tar -C "$w" -cf "$out" oci-layout index.json blobs
  rm -rf "$w"
}

# The label on an imported image that records the hash of what it was built from.
KT_HASH_LABEL=io.k8s-tutor.input-hash

# oci_image_current NAME HASH: true if containerd has NAME built from inputs with HASH.
oci_image_current() {
  kt_ctr images ls "name==$1" 2>/dev/null | grep -q "$KT_HASH_LABEL=$2"
}

# oci_import TAR NAME HASH
oci_import() {
  local tar=$1 name=$2 hash=$3
  kt_ctr images import "$tar" >&2
  kt_ctr images label "$name" "$KT_HASH_LABEL=$hash" >/dev/null
}

kt_containerd_up() { [ -S "${KT_CTR_SOCK:-$KT_CONTAINERD_SOCK}" ] && kt_ctr version >/dev/null 2>&1; }
