#!/usr/bin/env bash
# Memory while a lesson waits on watches: `k8s-tutor check first-deployment --watch` waiting (the
# Deployment is scaled to 4, so the check fails) while a pod is deleted and replaced, against
# `kubectl get pods -w` over the same time. Peak RSS (VmHWM) of each. Writes $RAW/rss-wait.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh

rounds=$(reps 3 1)
hold=$(reps 8 4)
samples=()
for round in $(seq 1 "$rounds"); do
  kubectl rollout status deployment/fastapi-k8s -n "$BENCH_NS" --timeout=120s >/dev/null
  kubectl scale deployment fastapi-k8s --replicas=4 -n "$BENCH_NS" >/dev/null
  K8S_TUTOR_CONFIG_DIR="$BENCH_WORK/config" NO_COLOR=1 node bin/k8s-tutor.js check first-deployment --watch --timeout 120 -n "$BENCH_NS" >"$BENCH_WORK/rss-watch.log" 2>&1 &
  tutor=$!
  kubectl get pods -w -n "$BENCH_NS" >/dev/null &
  peer=$!
  sleep 3
  victim=$(kubectl get pods -n "$BENCH_NS" -l app=fastapi-k8s -o jsonpath='{.items[0].metadata.name}')
  kubectl delete pod "$victim" -n "$BENCH_NS" --wait=false >/dev/null
  sleep "$hold"
  read -r tutor_hwm tutor_rss < <(rss_mib "$tutor")
  read -r peer_hwm peer_rss < <(rss_mib "$peer")
  log "rss while waiting $round/$rounds: tutor peak ${tutor_hwm} MiB, kubectl -w peak ${peer_hwm} MiB"
  samples+=("{\"tutorPeakMiB\": $tutor_hwm, \"tutorRssMiB\": $tutor_rss, \"peerPeakMiB\": $peer_hwm, \"peerRssMiB\": $peer_rss}")
  # Back to 5: the check passes and the tutor exits by itself (bounded by its --timeout).
  kubectl scale deployment fastapi-k8s --replicas=5 -n "$BENCH_NS" >/dev/null
  wait "$tutor" || log "warning: check --watch ended with $? ($(tail -1 "$BENCH_WORK/rss-watch.log"))"
  stop_pid "$peer"
done
(IFS=,; echo "{\"samples\": [${samples[*]}]}") > "$RAW/rss-wait.json"
