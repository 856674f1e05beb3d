#!/usr/bin/env bash
# Builds the sample app's image and imports it into the containerd of every node of the local cluster
# (namespace k8s.io) as docker.io/library/fastapi-k8s:1.0.0 (the manifests say `image: fastapi-k8s:1.0.0`,
# `imagePullPolicy: Never`) and as docker.io/library/fastapi-k8s:latest (the guide's YAML), one image, two names.
#
# No Docker engine and no registry: the image is one uncompressed layer holding
#   /usr/local/bin/node        the repo's Node (npm package `node`), plus every library `ldd` lists and the loader
#   /app/package.json, /app/dist/   the compiled sample app (sample-app/dist, compiled here with tsc)
#   /etc/passwd, /etc/group    user app (10001:10001)
# and runs the Dockerfile's CMD (`node … dist/server.js`) as 10001:10001 in /app with PORT=8000. It runs with a read-only root
# filesystem (the app writes only to /tmp and DATA_DIR=/app/data, which the manifests mount as emptyDir/PVC).
#
# Until sample-app/dist/server.js exists, a tiny stand-in server is used instead (GET / /health /ready).
# Idempotent and quick when nothing changed: the hash of every input is a label on the imported image; the
# image is built once and imported only into the nodes that lack it.
# Usage: bash cluster/image.sh [CONTAINERD_SOCKET...]   (default: every node's containerd that runs;
#        the cluster must run: npm run cluster:up)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$KT_HERE/oci.sh"

need_root
if [ $# -gt 0 ]; then SOCKS=("$@"); else mapfile -t SOCKS < <(kt_containerd_socks); fi
[ "${#SOCKS[@]}" -gt 0 ] || die "the local cluster's containerd is not running ($KT_CONTAINERD_SOCK): run npm run cluster:up"
for sock in "${SOCKS[@]}"; do
  KT_CTR_SOCK=$sock kt_containerd_up || die "no containerd answers on $sock: run npm run cluster:up"
done

NAME="$KT_APP_IMAGE"
read -r -a TAGS <<< "$KT_APP_IMAGE_TAGS"
APP_DIR="$KT_REPO_ROOT/sample-app"
NODE_BIN=$(kt_node_bin) || die "no Node.js binary found (npm ci installs the npm package node)"
mkdir -p "$D/tmp"

# 1. Compile the sample app (only it: `npm run build` would also rebuild the tutor's dist/ under other users' feet).
src_stamp="$D/tmp/sample-app-src.sha"
if [ -f "$APP_DIR/tsconfig.json" ] && [ -d "$APP_DIR/src" ]; then
  src_hash=$(cd "$APP_DIR" && find src tsconfig.json package.json -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  if [ -f "$APP_DIR/dist/server.js" ] && [ "$(cat "$src_stamp" 2>/dev/null)" = "$src_hash" ]; then
    :
  elif [ -f "$KT_REPO_ROOT/node_modules/typescript/bin/tsc" ]; then
    log "compiling sample-app with tsc"
    if (cd "$KT_REPO_ROOT" && "$NODE_BIN" node_modules/typescript/bin/tsc -p sample-app/tsconfig.json >&2); then
      echo "$src_hash" > "$src_stamp"
    elif [ "${K8S_TUTOR_IMAGE_STRICT:-}" = 1 ]; then
      die "sample-app does not compile"
    else
      log "WARNING: sample-app does not compile; using whatever sample-app/dist holds"
    fi
  else
    log "WARNING: node_modules/typescript is missing (run npm ci); using whatever sample-app/dist holds"
  fi
fi

# 2. The app files: the real app, or the stand-in.
work=$(mktemp -d "$D/tmp/image.XXXXXX")
trap 'rm -rf "$work"' EXIT
app_src="$work/app-src"
mkdir -p "$app_src/dist"
if [ -f "$APP_DIR/dist/server.js" ]; then
  cp -a "$APP_DIR/dist/." "$app_src/dist/"
  [ -f "$APP_DIR/package.json" ] && cp "$APP_DIR/package.json" "$app_src/package.json"
  app_kind="sample-app/dist"
else
  [ "${K8S_TUTOR_IMAGE_STRICT:-}" = 1 ] && die "sample-app/dist/server.js does not exist"
  log "WARNING: sample-app/dist/server.js does not exist; the image runs a stand-in server"
  printf '{"name":"fastapi-k8s-stand-in","version":"1.0.0","private":true,"type":"commonjs"}\n' > "$app_src/package.json"
  cat > "$app_src/dist/server.js" <<'JS'
// Stand-in for the sample app until sample-app/ lands: GET / /health /ready on PORT (8000).
const http = require('node:http');
const os = require('node:os');
const port = Number(process.env.PORT || 8000);
const send = (res, code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
const server = http.createServer((req, res) => {
  const path = (req.url || '/').split('?')[0];
  console.log(JSON.stringify({ time: new Date().toISOString(), method: req.method, path }));
  if (path === '/') return send(res, 200, { message: 'Hello from fastapi-k8s!', server: os.hostname() });
  if (path === '/health') return send(res, 200, { status: 'healthy' });
  if (path === '/ready') return send(res, 200, { status: 'ready' });
  return send(res, 404, { detail: 'Not Found' });
});
server.listen(port, () => console.log(JSON.stringify({ msg: `listening on ${port}` })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
JS
  app_kind="stand-in"
fi

# 3. A shell for `kubectl exec -it POD -- sh` (the Dockerfile's node:24-slim has one): Debian's static busybox.
BUSYBOX=/bin/busybox
file_is_static() { ! ldd "$1" >/dev/null 2>&1; }
if [ ! -x "$BUSYBOX" ] || ! file_is_static "$BUSYBOX"; then
  log "installing busybox-static from Debian (the image's shell)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends busybox-static >&2 \
    || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends busybox-static >&2; } \
    || die "apt-get install busybox-static failed"
fi

# Node and its shared libraries.
mapfile -t libs < <(ldd "$NODE_BIN" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
[ "${#libs[@]}" -gt 0 ] || die "ldd listed no libraries for $NODE_BIN"

# The container's command is the Dockerfile's CMD (exec form), so the cluster runs the app with the same node options.
cmd_json=$("$NODE_BIN" "$KT_REPO_ROOT/scripts/sample-app-cmd.cjs") || die "cannot take the container command from sample-app/Dockerfile (see above)"

# 4. Hash every input; skip everything when the imported image already has it.
hash=$(
  {
    sha256sum "$KT_HERE/image.sh" "$KT_HERE/oci.sh"
    echo "$NAME ${TAGS[*]} $app_kind $cmd_json"
    stat -L -c '%n %s %Y %i' "$NODE_BIN" "$BUSYBOX" "${libs[@]}"
    (cd "$app_src" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d' ' -f1
)
# The nodes whose containerd lacks one of the names, or holds an image built from other inputs.
need=()
for sock in "${SOCKS[@]}"; do
  for tag in "${TAGS[@]}"; do
    if ! KT_CTR_SOCK=$sock oci_image_current "$tag" "$hash"; then need+=("$sock"); break; fi
  done
done
if [ "${#need[@]}" = 0 ]; then
  log "image ${TAGS[*]} is up to date on ${#SOCKS[@]} node(s) ($app_kind)"
  exit 0
fi

log "building image $NAME from $app_kind with Node $("$NODE_BIN" --version)"
root="$work/rootfs"
mkdir -p "$root/usr/local/bin" "$root/etc" "$root/tmp" "$root/app/data"
chmod 1777 "$root/tmp"
if command -v strip >/dev/null 2>&1; then
  strip -o "$root/usr/local/bin/node" "$NODE_BIN" 2>/dev/null || cp "$NODE_BIN" "$root/usr/local/bin/node"
else
  cp "$NODE_BIN" "$root/usr/local/bin/node"
fi
chmod 0755 "$root/usr/local/bin/node"
for lib in "${libs[@]}"; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp -a "$app_src/." "$root/app/"
mkdir -p "$root/bin"
cp "$BUSYBOX" "$root/bin/busybox"
for applet in sh ls cat env ps id hostname printenv; do ln -sf busybox "$root/bin/$applet"; done
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:10001:10001:app:/app:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:10001:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chown -R 0:0 "$root"
chown 10001:10001 "$root/app/data"
chmod -R a+rX "$root/app"

# Check that Node starts from the image's own files before shipping it.
chroot "$root" /usr/local/bin/node -e 'process.exit(0)' 2>/dev/null \
  || die "node does not start inside the assembled root filesystem (missing libraries?)"

cfg=$(printf '{"User":"10001:10001","Env":["PATH=/usr/local/bin:/usr/bin:/bin","PORT=8000","NODE_ENV=production","DATA_DIR=/app/data"],"Cmd":%s,"WorkingDir":"/app","ExposedPorts":{"8000/tcp":{}},"Labels":{"io.k8s-tutor.app":"%s"}}' "$cmd_json" "$app_kind")
oci_build "$root" "$cfg" "$NAME" "$work/image.tar"
for sock in "${need[@]}"; do
  KT_CTR_SOCK=$sock oci_import "$work/image.tar" "$NAME" "$hash"
  for tag in "${TAGS[@]}"; do
    [ "$tag" = "$NAME" ] && continue
    KT_CTR_SOCK=$sock kt_ctr images tag --force "$NAME" "$tag" >/dev/null
    KT_CTR_SOCK=$sock kt_ctr images label "$tag" "$KT_HASH_LABEL=$hash" >/dev/null
  done
  log "imported ${TAGS[*]} into $sock ($app_kind, $(($(stat -c %s "$work/image.tar") / 1048576)) MiB)"
done
