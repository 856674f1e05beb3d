#!/usr/bin/env bash
# Makes a local stand-in for the sample app's base image (the Dockerfile's FROM, node:24-slim), which cannot
# be pulled here, in the kind flavor's engine only. Cached as a tarball; a no-op when the engine has it.
#   bash cluster/kind/standin-base.sh [--rebuild]      (the engine must run: engine.sh up)
#
# It is a Debian bookworm minbase rootfs (debootstrap) + the node binary of the `node` npm package (the repo's
# node_modules, or `npm install node@24` from the npm registry) + npm from the npm registry, labelled
# io.k8s-tutor.stand-in. The engine's namespace has no network, so the Dockerfile's `npm ci` runs against an
# npm cache filled here from sample-app/package-lock.json, with npm set offline in /usr/local/etc/npmrc.
# sample-app/Dockerfile then builds unchanged: `docker build -t fastapi-k8s:1.0.0 sample-app`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REBUILD=0
for a in "$@"; do
  case "$a" in
    --rebuild) REBUILD=1 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done
need_root
kk_engine_up_p || die "the engine does not run: bash cluster/kind/engine.sh up"
T0=$SECONDS
APP="$KK_REPO_ROOT/sample-app"
BASE=$(awk 'toupper($1) == "FROM" {print $2; exit}' "$APP/Dockerfile")
[ -n "$BASE" ] || die "no FROM in $APP/Dockerfile"
NODE_MAJOR=$(echo "$BASE" | sed -n 's/^node:\([0-9]*\).*/\1/p')
[ -n "$NODE_MAJOR" ] || die "the Dockerfile's base $BASE is not node:<major>-…: no stand-in for it"
LOCK_SUM=$(cat "$APP/package.json" "$APP/package-lock.json" | sha256sum | cut -c1-12)
TARBALL="$KK_IMAGES/standin-$(echo "$BASE" | tr '/:' '__')-$LOCK_SUM.tar"
mkdir -p "$KK_IMAGES" "$KK_BUILD" "$KK_LOGS"

have=$(kk_docker image inspect -f '{{index .Config.Labels "io.k8s-tutor.lock-sum"}}' "$BASE" 2>/dev/null || true)
if [ "$REBUILD" = 0 ] && [ "$have" = "$LOCK_SUM" ]; then log "stand-in $BASE is in the engine"; exit 0; fi
if [ "$REBUILD" = 0 ] && [ -s "$TARBALL" ]; then
  log "loading the stand-in $BASE from $TARBALL"
  kk_docker load -i "$TARBALL" >/dev/null || die "docker load $TARBALL failed"
  exit 0
fi

DEBOOT="$KK_BUILD/standin-rootfs.debootstrap"
if [ ! -d "$DEBOOT" ]; then
  log "debootstrap: Debian bookworm minbase for the stand-in (about 2 minutes)"
  rm -rf "$DEBOOT.tmp"
  nice -n 15 debootstrap --variant=minbase bookworm "$DEBOOT.tmp" http://deb.debian.org/debian > "$KK_LOGS/debootstrap-standin.log" 2>&1 \
    || die "debootstrap failed (see $KK_LOGS/debootstrap-standin.log)"
  mountpoint -q "$DEBOOT.tmp/proc" && umount "$DEBOOT.tmp/proc"
  mv "$DEBOOT.tmp" "$DEBOOT"
fi

# node: the repo's `node` npm package if it is this major, else that package from the npm registry.
NODE_BIN=""
n="$KK_REPO_ROOT/node_modules/node/bin/node"
if [ -x "$n" ] && "$n" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then NODE_BIN=$(readlink -f "$n"); fi
if [ -z "$NODE_BIN" ]; then
  log "npm install node@$NODE_MAJOR (the npm package's platform binary)"
  (cd "$KK_BUILD" && mkdir -p node-pkg && npm install --prefix node-pkg --no-audit --no-fund "node@$NODE_MAJOR" >&2) || die "npm install node@$NODE_MAJOR failed"
  NODE_BIN=$(readlink -f "$KK_BUILD/node-pkg/node_modules/node/bin/node")
fi
NODE_VERSION=$("$NODE_BIN" --version)
# npm itself, from the npm registry (node:24-slim ships npm 11).
NPM_TGZ=$(ls "$KK_BUILD"/npm-*.tgz 2>/dev/null | head -n1 || true)
if [ -z "$NPM_TGZ" ]; then
  log "npm pack npm@11"
  (cd "$KK_BUILD" && npm pack --silent npm@11 >/dev/null) || die "npm pack npm@11 failed"
  NPM_TGZ=$(ls "$KK_BUILD"/npm-*.tgz | head -n1)
fi

W="$KK_BUILD/standin-work"
rm -rf "$W"; mkdir -p "$W"
R="$W/rootfs"
cp -a "$DEBOOT" "$R"
install -m 0755 "$NODE_BIN" "$R/usr/local/bin/node"
mkdir -p "$R/usr/local/lib/node_modules/npm" "$R/usr/local/etc" "$R/usr/local/share/npm-cache"
tar -xzf "$NPM_TGZ" -C "$R/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/local/bin/npx"
# The npm cache: every package of sample-app/package-lock.json, fetched here from the npm registry.
log "filling the stand-in's npm cache from sample-app/package-lock.json"
mkdir -p "$W/app"
cp "$APP/package.json" "$APP/package-lock.json" "$W/app/"
(cd "$W/app" && npm ci --cache "$R/usr/local/share/npm-cache" --ignore-scripts --no-audit --no-fund >&2) || die "npm ci (to fill the cache) failed"
cat > "$R/usr/local/etc/npmrc" <<'RC'
# k8s-tutor stand-in: no network in the test engine. npm installs only from this cache.
cache=/usr/local/share/npm-cache
offline=true
audit=false
fund=false
update-notifier=false
RC
chroot "$R" /usr/local/bin/node --version >/dev/null || die "node does not run in the stand-in rootfs"
rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/* "$R"/usr/share/doc/* "$R"/usr/share/man/*
log "importing the stand-in as $BASE"
tar --numeric-owner -C "$R" -c . | kk_docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${NODE_VERSION#v}" \
  --change 'CMD ["node"]' \
  --change "LABEL io.k8s-tutor.stand-in=\"NOT the official $BASE: a local stand-in (Debian bookworm minbase + node $NODE_VERSION from the npm package + npm, offline npm cache for sample-app) that exists only in the k8s-tutor kind test engine\"" \
  --change "LABEL io.k8s-tutor.lock-sum=$LOCK_SUM" \
  - "$BASE" >/dev/null || die "docker import failed"
log "stand-in $BASE runs: $(kk_docker run --rm "$BASE" sh -c 'echo node $(node --version), npm $(npm --version)')"
rm -rf "$W"
rm -f "$KK_IMAGES"/standin-*.tar
kk_docker save -o "$TARBALL.tmp" "$BASE" && mv "$TARBALL.tmp" "$TARBALL"
log "stand-in $BASE ready: $(du -h "$TARBALL" | cut -f1) tarball ($((SECONDS - T0))s)"
