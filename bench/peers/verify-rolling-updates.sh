#!/usr/bin/env bash
# The peer of `k8s-tutor check rolling-updates`: one kubectl call per expectation of the same check
# (RollingUpdate with maxSurge 1 / maxUnavailable 0; at least 3 revisions with the newest brought back
# by an undo; 5/5 ready). Usage: verify-rolling-updates.sh NAMESPACE. Exit 0 when all hold.
set -u
ns=$1
ok=0
[ "$(kubectl get deployment fastapi-k8s -n "$ns" -o jsonpath='{.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.strategy.rollingUpdate.maxUnavailable}')" = "RollingUpdate 1 0" ] || ok=1
newest=$(kubectl get replicasets -l app=fastapi-k8s -n "$ns" \
  -o jsonpath='{range .items[*]}{.metadata.annotations.deployment\.kubernetes\.io/revision} {.metadata.annotations.deployment\.kubernetes\.io/revision-history}{"\n"}{end}' | sort -n | tail -1)
read -r revision history <<<"$newest"
{ [ "${revision:-0}" -ge 3 ] && [ -n "${history:-}" ]; } || ok=1
[ "$(kubectl get deployment fastapi-k8s -n "$ns" -o jsonpath='{.status.readyReplicas}')" = 5 ] || ok=1
exit $ok
