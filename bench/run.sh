#!/usr/bin/env bash
# `npm run bench [-- --quick]`: every figure of issue 8, then one table (bench/table.mjs).
# Needs the local cluster (npm run cluster:up) for the cluster rows; uses its own namespace
# ($BENCH_NS, default bench) and a scratch config dir, and deletes what it made at the end.
# A full run writes bench/results/latest.{json,md}; --quick writes bench/.work/quick/ unless
# BENCH_RESULTS says otherwise. A figure that fails is reported and left out; nothing fails on a value.
set -euo pipefail
cd "$(dirname "$0")/.."

export BENCH_QUICK=0
for arg in "$@"; do
  case $arg in
    --quick) BENCH_QUICK=1 ;;
    *) echo "usage: npm run bench [-- --quick]" >&2; exit 2 ;;
  esac
done
export BENCH_NS=${BENCH_NS:-bench}
export BENCH_WORK=${BENCH_WORK:-bench/.work}
if [ "$BENCH_QUICK" = 1 ]; then export BENCH_RESULTS=${BENCH_RESULTS:-$BENCH_WORK/quick}; else export BENCH_RESULTS=${BENCH_RESULTS:-bench/results}; fi
export K8S_TUTOR_CONFIG_DIR="$BENCH_WORK/config" NO_COLOR=1
[ -f cluster/env.sh ] && . cluster/env.sh

bash bench/lib/tools.sh
npm run build --silent
rm -rf "$BENCH_WORK/raw" "$BENCH_WORK/config"
mkdir -p "$BENCH_WORK/raw"

failed=()
figure() { # NAME COMMAND...
  local name=$1
  shift
  "$@" || { echo "[bench] $name failed (exit $?); its rows stay empty" >&2; failed+=("$name"); }
}

figure startup bash bench/startup.sh
figure install bash bench/install.sh
figure app bash bench/app.sh
if bash bench/cluster.sh up; then
  trap 'bash bench/cluster.sh down || true' EXIT
  figure check bash bench/check.sh
  figure reaction node bench/reaction/run.mjs
  figure rss-wait bash bench/rss-wait.sh
  figure view node bench/view/run.mjs
else
  echo "[bench] no cluster (npm run cluster:up): the cluster rows stay empty" >&2
  failed+=(cluster)
fi
echo
node bench/table.mjs
echo
echo "[bench] written to $BENCH_RESULTS/latest.json and latest.md${failed[*]:+; failed: ${failed[*]}}" >&2
