#!/usr/bin/env bash
# Start-up, whole process: `k8s-tutor --help` and `list`, shipped bundle and plain tsc output
# (unbundled), against `node -e 0`, `kubectl version --client`, `kubectl --help` and commander alone. Writes $RAW/startup.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh

# The unbundled way: tsc's output of src/ and lessons/, started by a copy of bin/ pointed at it.
# It stays inside the checkout (whatever BENCH_WORK is) so that it resolves node_modules/.
out=bench/.work/unbundled
rm -rf "$out"
node node_modules/typescript/bin/tsc -p bench/tsconfig.unbundled.json
mkdir -p "$out/bin"
sed 's#\.\./dist/main\.js#../src/main.js#' bin/k8s-tutor.js > "$out/bin/k8s-tutor.js"

# The floor: commander alone, with the tutor's commands and no work, bundled and started like bin/.
floor=bench/.work/commander-floor
rm -rf "$floor"
node_modules/.bin/esbuild bench/peers/commander-floor.mjs --bundle --format=esm --platform=node --target=node22 --minify \
  --banner:js="const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" \
  --outfile="$floor/program.js" --log-level=warning
echo "process.getBuiltinModule('node:module').enableCompileCache(); await import('./program.js');" > "$floor/run.mjs"

runs=$(reps 20 5)
log "start-up: $runs runs each"
# The tutor's config dir is a scratch one (list reads progress); the compile cache is warm after the warm-up.
K8S_TUTOR_CONFIG_DIR="$BENCH_WORK/config" hyperfine -N --style none --warmup 3 --runs "$runs" \
  --export-json "$RAW/startup.json" \
  -n node-e-0 'node -e 0' \
  -n kubectl-version 'kubectl version --client' \
  -n kubectl-help 'kubectl --help' \
  -n commander-floor "node $floor/run.mjs --help" \
  -n help 'node bin/k8s-tutor.js --help' \
  -n list 'node bin/k8s-tutor.js list' \
  -n help-unbundled "node $out/bin/k8s-tutor.js --help" \
  -n list-unbundled "node $out/bin/k8s-tutor.js list" \
  -n help-no-compile-cache 'env NODE_DISABLE_COMPILE_CACHE=1 node bin/k8s-tutor.js --help' >/dev/null
