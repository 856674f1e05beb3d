#!/usr/bin/env bash
# The bench's own namespace on the local cluster: `up` runs the lessons whose state the cluster
# figures check (3 and 7); `down` deletes what the tutor made there.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh

case "${1:-}" in
  up)
    log "setting up namespace $BENCH_NS (lesson 3)"
    node bin/k8s-tutor.js lesson 3 --yes -n "$BENCH_NS" >"$BENCH_WORK/lesson-3.log" 2>&1 || { tail -20 "$BENCH_WORK/lesson-3.log" >&2; exit 1; }
    log "setting up lesson 7"
    node bin/k8s-tutor.js lesson 7 --yes -n "$BENCH_NS" >"$BENCH_WORK/lesson-7.log" 2>&1 || { tail -20 "$BENCH_WORK/lesson-7.log" >&2; exit 1; }
    ;;
  down)
    log "cleaning up namespace $BENCH_NS"
    node bin/k8s-tutor.js reset --yes --progress -n "$BENCH_NS" >/dev/null
    ;;
  *) echo "usage: bench/cluster.sh up|down" >&2; exit 2 ;;
esac
