#!/usr/bin/env bash
# Checks a running kind flavor cluster as a learner would use it: `kind get clusters` lists it, the node is
# Ready, no metrics-server, `standard` is the default StorageClass (WaitForFirstConsumer), the sample app builds
# with `docker build` (app-image.sh) and `kind load docker-image` puts it on the node, a pod of it with a PVC
# runs (the claim binds through local-path), CoreDNS answers from that pod, a Service with two endpoints
# answers by name and on its NodePort (from the engine's namespace), and the claim's volume goes away with it. Leaves nothing of its own behind (a pod and a claim in `default`, deleted). Exit code 0 when all holds.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
k() { "$KK_K8S_BIN/kubectl" --kubeconfig "$KK_KUBECONFIG" --request-timeout=30s "$@"; }
ok() { log "ok: $*"; }
kind get clusters | grep -qx "$KK_CLUSTER_NAME" || die "kind get clusters does not list $KK_CLUSTER_NAME"
ok "kind get clusters lists $KK_CLUSTER_NAME"
k wait --for=condition=Ready node --all --timeout=60s >/dev/null || die "a node is not Ready"
ok "nodes Ready: $(k get nodes --no-headers | awk '{print $1 " " $2 " " $5}' | tr '\n' ' ')"
! k -n kube-system get deploy metrics-server >/dev/null 2>&1 || die "metrics-server runs (kind has none)"
sc=$(k get sc standard -o jsonpath='{.metadata.annotations.storageclass\.kubernetes\.io/is-default-class} {.volumeBindingMode} {.provisioner}')
[ "$sc" = "true WaitForFirstConsumer rancher.io/local-path" ] || die "StorageClass standard: $sc"
ok "StorageClass standard: default, WaitForFirstConsumer, rancher.io/local-path; no metrics-server"
bash "$KK_HERE/app-image.sh"
ok "docker build + kind load docker-image $KK_APP_IMAGE"
cleanup() { k delete deployment/kk-check-svc service/kk-check-svc --ignore-not-found >/dev/null 2>&1 || true; k delete pod kk-check --ignore-not-found --wait=true >/dev/null 2>&1 || true; k delete pvc kk-check --ignore-not-found --wait=true >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
k apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: kk-check}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 64Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: kk-check}
spec:
  containers:
  - name: app
    image: $KK_APP_IMAGE
    imagePullPolicy: IfNotPresent
    volumeMounts: [{name: data, mountPath: /app/data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: kk-check}
YAML
[ "$(k get pvc kk-check -o jsonpath='{.status.phase}')" = Pending ] || die "the claim bound before a pod used it (not WaitForFirstConsumer?)"
k wait --for=condition=Ready pod/kk-check --timeout=120s >/dev/null || die "the pod with the claim is not Ready: $(k describe pod kk-check | tail -5)"
[ "$(k get pvc kk-check -o jsonpath='{.status.phase}')" = Bound ] || die "the claim is not Bound"
pv=$(k get pvc kk-check -o jsonpath='{.spec.volumeName}')
ok "claim Pending until the pod, then Bound to $pv; pod Ready"
k exec kk-check -- node -e "require('fs').writeFileSync('/app/data/probe','x')" || die "the volume is not writable"
dns=$(k exec kk-check -- node -e "require('dns').promises.lookup('kubernetes.default.svc.cluster.local').then(a => console.log(a.address), e => { console.log('ERR ' + e.code); process.exit(1) })") \
  || die "CoreDNS does not answer: $dns"
[ "$dns" = "$(k get svc kubernetes -o jsonpath='{.spec.clusterIP}')" ] || die "kubernetes.default resolved to $dns"
ok "CoreDNS answers: kubernetes.default.svc.cluster.local is $dns"
health=$(k exec kk-check -- node -e "fetch('http://127.0.0.1:8000/health').then(r => r.text()).then(console.log)")
ok "the sample app answers /health: $health"
# A Service with two endpoints (kube-proxy's statistic match) by its ClusterIP from the pod, and its NodePort
# on the node's address from the engine's namespace.
k create deployment kk-check-svc --image="$KK_APP_IMAGE" --replicas=2 >/dev/null
k expose deployment kk-check-svc --type=NodePort --port=8000 >/dev/null
k rollout status deployment/kk-check-svc --timeout=120s >/dev/null || die "the 2-replica deployment did not roll out"
for ((i = 0; i < 30; i++)); do [ "$(k get endpointslices -l kubernetes.io/service-name=kk-check-svc -o jsonpath='{.items[*].endpoints[*].addresses[0]}' | wc -w)" = 2 ] && break; sleep 1; done
svc=$(k exec kk-check -- node -e "fetch('http://kk-check-svc:8000/health').then(r => r.text()).then(console.log, e => { console.log('ERR ' + e.message); process.exit(1) })") \
  || die "the Service kk-check-svc (2 endpoints) does not answer by its name from a pod: $svc"
np=$(k get svc kk-check-svc -o jsonpath='{.spec.ports[0].nodePort}')
nodeip=$(k get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')
nph=$(kk_in_ns curl -s -m 5 "http://$nodeip:$np/health") || die "NodePort $nodeip:$np does not answer from the engine's namespace"
ok "a Service with 2 endpoints answers by name from a pod ($svc), its NodePort on $nodeip:$np from the namespace ($nph)"
! k -n kube-system logs ds/kube-proxy --since=2m | grep -q "Sync failed" || die "kube-proxy: $(k -n kube-system logs ds/kube-proxy --since=2m | grep -m1 -A2 'Failed')"
ok "kube-proxy syncs without errors"
cleanup; trap - EXIT
for ((i = 0; i < 60; i++)); do k get pv "$pv" >/dev/null 2>&1 || break; sleep 1; done
! k get pv "$pv" >/dev/null 2>&1 || die "the volume $pv was not deleted"
ok "claim deleted, volume $pv deleted by the provisioner"
log "all checks passed"
