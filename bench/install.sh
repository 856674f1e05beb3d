#!/usr/bin/env bash
# What a learner downloads: the packed tarball installed into a fresh prefix under Node 22 (the `node@22`
# npm package), its size on disk and package count, any EBADENGINE warning npm prints, and `npx` cold
# (empty npm cache: download, install, run) and warm (cache filled) start of `--help` from the tarball.
# Writes $RAW/install.json. Needs the registry once, for node@22.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh

work="$BENCH_WORK/install"
rm -rf "$work"
mkdir -p "$work/pack" "$work/prefix" "$work/home"
work=$(cd "$work" && pwd)
tarball=$(npm pack --silent --pack-destination "$work/pack" | tail -n 1)
tarball="$work/pack/$tarball"
node22=$(npx -y -p node@22 -- sh -c 'dirname "$(command -v node)"')
export PATH="$node22:$PATH" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
log "install: $(node --version), $(basename "$tarball")"

HOME="$work/home" npm_config_cache="$work/home/.npm" npm install -g --prefix "$work/prefix" "$tarball" >"$work/npm-install.log" 2>&1
modules="$work/prefix/lib/node_modules"
installed_kib=$(du -sk "$modules" | cut -f1)
# Packages: every package.json of a package folder under node_modules (the tutor's own course files excluded).
packages=$(find "$modules" -name package.json -path '*node_modules/*' -not -path '*/k8s-tutor/sample-app/*' -not -path '*/k8s-tutor/lessons/*' | wc -l)
ebadengine=$(grep -c EBADENGINE "$work/npm-install.log" || true)
tarball_kib=$(( $(stat -c %s "$tarball") / 1024 ))

runs=$(reps 5 2)
log "npx cold and warm: $runs runs each"
cache="$work/npx-cache"
hyperfine --style none --runs "$runs" --export-json "$work/npx.json" \
  --prepare "rm -rf '$cache'" -n npx-cold "HOME='$work/home' npm_config_cache='$cache' npx --yes --package='$tarball' k8s-tutor --help" \
  >/dev/null
HOME="$work/home" npm_config_cache="$cache" npx --yes --package="$tarball" k8s-tutor --help >/dev/null
hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/npx-warm.json" \
  -n npx-warm "HOME='$work/home' npm_config_cache='$cache' npx --yes --package='$tarball' k8s-tutor --help" \
  -n installed "HOME='$work/home' '$work/prefix/bin/k8s-tutor' --help" >/dev/null

node -e '
const fs = require("fs");
const [out, cold, warm, kib, packages, ebad, tarKib, nodeVersion] = process.argv.slice(1);
const results = [...JSON.parse(fs.readFileSync(cold)).results, ...JSON.parse(fs.readFileSync(warm)).results];
fs.writeFileSync(out, JSON.stringify({ node: nodeVersion, installedKiB: Number(kib), packages: Number(packages), ebadengine: Number(ebad), tarballKiB: Number(tarKib), results }, null, 2) + "\n");
' "$RAW/install.json" "$work/npx.json" "$work/npx-warm.json" "$installed_kib" "$packages" "$ebadengine" "$tarball_kib" "$(node --version)"
log "install: ${installed_kib} KiB installed, ${packages} package(s), ${ebadengine} EBADENGINE line(s), tarball ${tarball_kib} KiB"
