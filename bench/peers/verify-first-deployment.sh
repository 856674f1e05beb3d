#!/usr/bin/env bash
# The peer of `k8s-tutor check first-deployment`: the way lab platforms verify, one kubectl call
# per expectation of the same check (Deployment as in the guide, Service as in the guide, 5/5 ready).
# Usage: verify-first-deployment.sh NAMESPACE. Exit 0 when all hold, 1 otherwise.
set -u
ns=$1
ok=0
[ "$(kubectl get deployment fastapi-k8s -n "$ns" -o jsonpath='{.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].ports[0].containerPort}')" = "5 fastapi-k8s 8000" ] || ok=1
[ "$(kubectl get service fastapi-k8s -n "$ns" -o jsonpath='{.spec.type} {.spec.selector.app} {.spec.ports[0].port} {.spec.ports[0].targetPort}')" = "LoadBalancer fastapi-k8s 80 8000" ] || ok=1
[ "$(kubectl get deployment fastapi-k8s -n "$ns" -o jsonpath='{.status.readyReplicas}')" = 5 ] || ok=1
exit $ok
