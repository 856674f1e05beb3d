#!/usr/bin/env bash
# Says what of the kind flavor runs: the engine, the API forwarder, kind's clusters and the nodes.
# Exit code 0 when all of it runs and every node is Ready. `npm run cluster:status -- --flavor kind` lands here.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for a in "$@"; do case "$a" in --flavor | --flavor=kind | kind) ;; *) die "unknown argument: $a" ;; esac; done
ok=0
printf '%-28s %-8s %s\n' COMPONENT PID STATE
bash "$KK_HERE/engine.sh" status || ok=1
for c in api-forward-ns api-forward-host; do
  if pid=$(kk_pid "$c"); then printf '%-28s %-8s %s\n' "$c" "$pid" running; else printf '%-28s %-8s %s\n' "$c" - "not running"; ok=1; fi
done
if kk_engine_up_p; then
  printf '%-28s %-8s %s\n' "network namespace" - "$KK_NETNS"
  echo
  echo "kind clusters:"; kind get clusters 2>&1 | sed 's/^/  /'
  echo "engine containers:"; kk_docker ps --format '  {{.Names}}  {{.Image}}  {{.Status}}  {{.Ports}}'
  if [ -s "$KK_KUBECONFIG" ]; then
    echo
    kubectl=$KK_K8S_BIN/kubectl; [ -x "$kubectl" ] || kubectl=kubectl
    "$kubectl" --kubeconfig "$KK_KUBECONFIG" --request-timeout=10s get nodes -o wide || ok=1
    nr=$("$kubectl" --kubeconfig "$KK_KUBECONFIG" --request-timeout=10s get nodes --no-headers 2>/dev/null | awk '$2 != "Ready"' | wc -l)
    [ "$nr" = 0 ] || ok=1
    echo; echo "kubeconfig: $KK_KUBECONFIG (context $KK_CONTEXT)"
  else
    echo "no kubeconfig (the cluster is not up)"; ok=1
  fi
fi
exit $ok
