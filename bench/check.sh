#!/usr/bin/env bash
# `k8s-tutor check LESSON` against a verify script making one kubectl call per expectation of the
# same check (bench/peers/verify-LESSON.sh). Writes $RAW/check-LESSON.json, or a skip reason.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh

runs=$(reps 15 3)
for lesson in first-deployment rolling-updates; do
  out="$RAW/check-$lesson.json"
  rm -f "$out"
  peer="bench/peers/verify-$lesson.sh"
  if [ ! -f "$peer" ]; then
    echo "{\"skipped\": \"no $peer yet\"}" > "$out"
    continue
  fi
  # Both must agree that the check passes, or the timing compares different work.
  node bin/k8s-tutor.js check "$lesson" -n "$BENCH_NS" >/dev/null || log "warning: check $lesson does not pass in $BENCH_NS"
  bash "$peer" "$BENCH_NS" || log "warning: $peer does not pass in $BENCH_NS"
  log "check $lesson: $runs runs each"
  K8S_TUTOR_CONFIG_DIR="$BENCH_WORK/config" hyperfine -N --style none --warmup 2 --runs "$runs" -i \
    --export-json "$out" \
    -n peer "bash $peer $BENCH_NS" \
    -n tutor "node bin/k8s-tutor.js check $lesson -n $BENCH_NS" >/dev/null
done
