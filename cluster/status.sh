#!/usr/bin/env bash
# Says what of the local test cluster runs, node by node. Exit code 0 when every component runs and every
# node is Ready.
set -euo pipefail
# --flavor kind hands over to a real kind cluster in a Docker engine of its own (cluster/kind/, README "kind").
case " $* " in *" --flavor kind "* | *" --flavor=kind "*) exec bash "$(dirname "${BASH_SOURCE[0]}")/kind/status.sh" "$@" ;; esac
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ok=0
printf '%-28s %-8s %-10s %s\n' COMPONENT PID RSS STATE
for c in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy coredns metrics-server provisioner; do
  if pid=$(proc_pid "$c"); then
    rss=$(awk '/^VmRSS:/{printf "%dMi", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo '?')
    printf '%-28s %-8s %-10s %s\n' "$c" "$pid" "$rss" running
  else
    state="not running"
    if [ "$c" = coredns ] && [ ! -x "$K8S_TUTOR_BIN/coredns" ]; then state="not built (no DNS)"
    else ok=1; fi
    printf '%-28s %-8s %-10s %s\n' "$c" - - "$state"
  fi
done
EXTRA=$(kt_extra_nodes_present | tr '\n' ' ')
for k in $EXTRA; do
  name=$(kt_node_name "$k")
  for c in containerd kubelet kube-proxy; do
    if pid=$(proc_pid "$name.$c"); then
      rss=$(awk '/^VmRSS:/{printf "%dMi", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo '?')
      printf '%-28s %-8s %-10s %s\n' "$name.$c" "$pid" "$rss" running
    else
      ok=1
      printf '%-28s %-8s %-10s %s\n' "$name.$c" - - "not running"
    fi
  done
  [ -e "/run/netns/$name" ] || { ok=1; echo "$name: network namespace missing"; }
done
echo
echo "cluster dir: $D"
echo "kubeconfig:  $KUBECONFIG_PATH (context $KT_CONTEXT)"
echo "binaries:    $K8S_TUTOR_BIN"
echo "nodes:       $((1 + $(echo $EXTRA | wc -w)))  (bash cluster/up.sh --nodes N changes it)"
if [ -f "$KUBECONFIG_PATH" ] && [ -x "$K8S_TUTOR_BIN/kubectl" ] && kt_kubectl get --raw /readyz >/dev/null 2>&1; then
  echo
  kt_kubectl get nodes -o wide 2>&1 || true
  echo
  kt_kubectl get pods -A 2>&1 || true
  for n in "$KT_NODE_NAME" $(for k in $EXTRA; do kt_node_name "$k"; done); do
    [ "$(kt_kubectl get node "$n" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ] || ok=1
  done
else
  echo "API server: not reachable"
  ok=1
fi
exit "$ok"
