#!/usr/bin/env bash
# Brings up the local test cluster (idempotent). Progress goes to stderr; the last line of stdout is the
# kubeconfig's path. See cluster/README.md.
#
#   bash cluster/up.sh [--nodes N]     (or K8S_TUTOR_NODES=N; default 1, at most KT_MAX_NODES in config.sh)
#
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd, kubelet, kube-proxy,
#   coredns (if it built), metrics-server and a hostPath PV provisioner all run as host processes, logs in
#   <cluster dir>/logs, pids in <cluster dir>/pids. Pods get a CNI bridge; nothing is routed off the machine.
#   Each node after the first is a containerd, a kubelet and a kube-proxy of its own in a network namespace
#   of its own (see lib.sh). Running it again with another N adds or removes nodes; the first node stays.
set -euo pipefail
# --flavor kind hands over to a real kind cluster in a Docker engine of its own (cluster/kind/, README "kind").
case " $* " in *" --flavor kind "* | *" --flavor=kind "*) exec bash "$(dirname "${BASH_SOURCE[0]}")/kind/up.sh" "$@" ;; esac
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$KT_HERE/oci.sh"

NODES="${K8S_TUTOR_NODES:-1}"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) [ $# -ge 2 ] || die "--nodes needs a number"; NODES=$2; shift 2 ;;
    --nodes=*) NODES=${1#--nodes=}; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (usage: bash cluster/up.sh [--nodes N])" ;;
  esac
done
if ! [[ "$NODES" =~ ^[1-9][0-9]*$ ]] || [ "$NODES" -gt "$KT_MAX_NODES" ]; then
  die "the number of nodes must be 1 to $KT_MAX_NODES (got '$NODES')"
fi
T0=$SECONDS
need_root
mkdir -p "$D" "$PKI" "$KCFG" "$LOGS" "$PIDS" "$CONF" "$STATE" "$D/tmp" "$D/volumes" "$KT_RUN_DIR"
chmod 700 "$PKI" "$KCFG"

# ---------------------------------------------------------------- packages
ensure_packages() {
  local need=()
  command -v containerd >/dev/null || need+=(containerd)
  command -v runc >/dev/null || need+=(runc)
  { [ -x /usr/lib/cni/bridge ] && [ -x /usr/lib/cni/host-local ] && [ -x /usr/lib/cni/portmap ] && [ -x /usr/lib/cni/loopback ]; } \
    || need+=(containernetworking-plugins)
  command -v iptables >/dev/null || need+=(iptables)
  command -v openssl >/dev/null || need+=(openssl)
  command -v conntrack >/dev/null || need+=(conntrack)
  command -v socat >/dev/null || need+=(socat)
  command -v ip >/dev/null || need+=(iproute2)
  command -v ss >/dev/null || need+=(iproute2)
  command -v curl >/dev/null || need+=(curl)
  command -v setsid >/dev/null || need+=(util-linux)
  command -v ldd >/dev/null || need+=(libc-bin)
  if [ "${#need[@]}" -gt 0 ]; then
    log "installing from Debian: ${need[*]}"
    command -v apt-get >/dev/null || die "apt-get is missing: install ${need[*]} by hand"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed"
    # shellcheck disable=SC2046
    apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >&2 || die "apt-get install failed"
  fi
}
ensure_packages

# ---------------------------------------------------------------- binaries
export K8S_VERSION ETCD_VERSION METRICS_SERVER_VERSION COREDNS_VERSION K8S_TUTOR_BIN_CACHE
bin_out=$(bash "$KT_HERE/build-binaries.sh" | tail -n 1) || die "building the binaries failed (see above)"
[ "$bin_out" = "$K8S_TUTOR_BIN" ] || die "build-binaries.sh printed $bin_out, expected $K8S_TUTOR_BIN"
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl pause; do
  [ -x "$K8S_TUTOR_BIN/$b" ] || die "$K8S_TUTOR_BIN/$b is missing"
done
export PATH="$K8S_TUTOR_BIN:$PATH"
log "binaries ready in $K8S_TUTOR_BIN ($((SECONDS - T0))s)"

# ---------------------------------------------------------------- host preparation (pitfalls from kind)
mount --make-rshared / 2>/dev/null || log "WARNING: mount --make-rshared / failed"
[ -e /dev/kmsg ] || ln -s /dev/console /dev/kmsg
[ -s /etc/machine-id ] || { cat /proc/sys/kernel/random/uuid | tr -d - > /etc/machine-id; }
modprobe br_netfilter 2>/dev/null || true
modprobe overlay 2>/dev/null || true
[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || die "br_netfilter is not available (no /proc/sys/net/bridge)"

# Remember the sysctls we change, once, so that down.sh can put them back.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.ipv4.conf.all.route_localnet)
if [ ! -f "$STATE/sysctl.orig" ]; then
  for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done > "$STATE/sysctl.orig"
fi
# Likewise the paths that the kubelet, containerd and the CNI plugins make outside the cluster dir (see
# KT_SHARED_PATHS in lib.sh): the ones that do not exist yet are ours, and down.sh removes them.
if [ ! -f "$STATE/paths.orig" ]; then
  for p in $KT_SHARED_PATHS; do [ -e "$p" ] || echo "$p"; done > "$STATE/paths.orig"
fi

# ---------------------------------------------------------------- network (no packet may leave this machine)
# The first node's address sits on a bridge with no uplink: its only ports are the veths to the other nodes'
# network namespaces. The node network (/24) is on that bridge. The service CIDR is routed to it too (not
# blackholed: connect() must get as far as kube-proxy's DNAT); a packet that nobody rewrote dies there.
ip link show "$KT_NODE_BRIDGE" >/dev/null 2>&1 || ip link add "$KT_NODE_BRIDGE" type bridge
ip link set "$KT_NODE_BRIDGE" up
ip addr replace "$KT_NODE_IP/$KT_NODE_PREFIX" dev "$KT_NODE_BRIDGE"
ip addr del "$KT_NODE_IP/32" dev "$KT_NODE_BRIDGE" 2>/dev/null || true   # a /32 before multi-node support
ip route replace "$KT_SERVICE_CIDR" dev "$KT_NODE_BRIDGE" src "$KT_NODE_IP"
# The wider pod range, beside the nodes' own /24s, goes nowhere.
ip route replace blackhole "$KT_POD_RANGE"

# Pod traffic may only be forwarded onto the pod bridge, or toward another node's pods or address over the
# node bridge: anything else from the pod bridge, the node bridge or a pod address is dropped, in mangle
# (which nothing else here writes) and in filter (first rule of FORWARD, ahead of kube-proxy's chains).
# See kt_forward_guard in lib.sh; every node's namespace gets the same guard.
kt_forward_guard 1 "$KT_NODE_BRIDGE"
# Forwarding only once the guard is in place.
sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1

# ---------------------------------------------------------------- certificates
gen_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }
gen_ca() { # NAME CN
  [ -s "$PKI/$1.crt" ] && [ -s "$PKI/$1.key" ] && return 0
  gen_key "$PKI/$1.key"
  openssl req -x509 -new -key "$PKI/$1.key" -subj "/CN=$2" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/$1.crt" 2>/dev/null
}
gen_cert() { # NAME CA SUBJECT client|server|both [SANS]
  local name=$1 ca=$2 subj=$3 usage=$4 sans=${5:-} eku
  [ -s "$PKI/$name.crt" ] && [ -s "$PKI/$name.key" ] && return 0
  case "$usage" in client) eku=clientAuth ;; server) eku=serverAuth ;; both) eku=serverAuth,clientAuth ;; esac
  gen_key "$PKI/$name.key"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } > "$PKI/$name.ext"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days 3650 -sha256 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}
if [ ! -s "$PKI/admin.crt" ] || [ ! -s "$PKI/sa.pub" ]; then log "generating certificates in $PKI"; fi
gen_ca ca k8s-tutor-ca
gen_ca front-proxy-ca k8s-tutor-front-proxy-ca
gen_cert apiserver ca "/CN=kube-apiserver" server \
  "IP:127.0.0.1,IP:$KT_NODE_IP,IP:$KT_API_SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$KT_CLUSTER_DOMAIN"
gen_cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" client
gen_cert admin ca "/O=system:masters/CN=k8s-tutor-admin" client
gen_cert controller-manager ca "/CN=system:kube-controller-manager" client
gen_cert scheduler ca "/CN=system:kube-scheduler" client
gen_cert kubelet ca "/O=system:nodes/CN=system:node:$KT_NODE_NAME" both "IP:$KT_NODE_IP,IP:127.0.0.1,DNS:$KT_NODE_NAME,DNS:localhost"
gen_cert kube-proxy ca "/O=system:node-proxier/CN=system:kube-proxy" client
gen_cert metrics-server ca "/CN=metrics-server" both "IP:$KT_NODE_IP,DNS:metrics-server.kube-system.svc,DNS:metrics-server.kube-system.svc.$KT_CLUSTER_DOMAIN"
gen_cert coredns ca "/CN=coredns" client
gen_cert provisioner ca "/CN=k8s-tutor-provisioner" client
gen_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" client
if [ ! -s "$PKI/sa.key" ] || [ ! -s "$PKI/sa.pub" ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PKI/sa.key" 2>/dev/null
  openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  chmod 600 "$PKI/sa.key"
fi

# ---------------------------------------------------------------- kubeconfigs
mk_kubeconfig() { # FILE USER CERTNAME [SERVER]
  local f=$1 user=$2 cert=$3 server=${4:-https://127.0.0.1:$KT_API_PORT}
  [ -s "$f" ] && return 0
  local tmp="$f.tmp.$$"
  cat > "$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: $KT_CONTEXT
    cluster:
      server: $server
      certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
  - name: $user
    user:
      client-certificate-data: $(base64 -w0 < "$PKI/$cert.crt")
      client-key-data: $(base64 -w0 < "$PKI/$cert.key")
contexts:
  - name: $KT_CONTEXT
    context:
      cluster: $KT_CONTEXT
      user: $user
current-context: $KT_CONTEXT
preferences: {}
EOF
  chmod 600 "$tmp"
  mv -f "$tmp" "$f"
}
mk_kubeconfig "$KUBECONFIG_PATH" k8s-tutor-admin admin
mk_kubeconfig "$KCFG/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
mk_kubeconfig "$KCFG/scheduler.kubeconfig" system:kube-scheduler scheduler
mk_kubeconfig "$KCFG/kubelet.kubeconfig" "system:node:$KT_NODE_NAME" kubelet
mk_kubeconfig "$KCFG/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
mk_kubeconfig "$KCFG/metrics-server.kubeconfig" metrics-server metrics-server
mk_kubeconfig "$KCFG/coredns.kubeconfig" coredns coredns
# The other nodes reach the API server on the first node's address (127.0.0.1 is their own loopback).
mk_kubeconfig "$KCFG/kube-proxy-node.kubeconfig" system:kube-proxy kube-proxy "https://$KT_NODE_IP:$KT_API_PORT"

port_free_or_ours() { # NAME PORT: fail if someone else listens on PORT while NAME is not running
  local name=$1 port=$2
  proc_pid "$name" >/dev/null && return 0
  if ss -Hltn "sport = :$port" | grep -q .; then
    die "port $port is taken by another process ($(ss -Hltnp "sport = :$port" | head -1)); $name cannot start. Run npm run cluster:down, or stop that process"
  fi
}

# ---------------------------------------------------------------- etcd
port_free_or_ours etcd 2379
start_proc etcd "$K8S_TUTOR_BIN/etcd" \
  --name k8s-tutor --data-dir "$D/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster k8s-tutor=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381 \
  --quota-backend-bytes 2147483648 --log-level warn
wait_for etcd "etcd /health" 60 curl -sf --max-time 2 http://127.0.0.1:2379/health

# ---------------------------------------------------------------- kube-apiserver
port_free_or_ours kube-apiserver "$KT_API_PORT"
start_proc kube-apiserver "$K8S_TUTOR_BIN/kube-apiserver" \
  --advertise-address="$KT_NODE_IP" --bind-address=0.0.0.0 --secure-port="$KT_API_PORT" \
  --etcd-servers=http://127.0.0.1:2379 \
  --allow-privileged=true \
  --authorization-mode=Node,RBAC \
  --client-ca-file="$PKI/ca.crt" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$PKI/ca.crt" \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --service-cluster-ip-range="$KT_SERVICE_CIDR" --service-node-port-range=30000-32767 \
  --service-account-issuer="https://kubernetes.default.svc.$KT_CLUSTER_DOMAIN" \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --enable-admission-plugins=NodeRestriction \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-extra-headers-prefix=X-Remote-Extra- --requestheader-group-headers=X-Remote-Group \
  --requestheader-username-headers=X-Remote-User \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --enable-aggregator-routing=true \
  --event-ttl=1h --profiling=false --v=1
wait_for kube-apiserver "kube-apiserver /readyz" 120 kt_kubectl get --raw /readyz

# ---------------------------------------------------------------- controller-manager, scheduler
port_free_or_ours kube-controller-manager 10257
start_proc kube-controller-manager "$K8S_TUTOR_BIN/kube-controller-manager" \
  --kubeconfig="$KCFG/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$KCFG/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$KCFG/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false \
  --allocate-node-cidrs=true --cluster-cidr="$KT_POD_RANGE" --node-cidr-mask-size=24 \
  --service-cluster-ip-range="$KT_SERVICE_CIDR" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \
  --use-service-account-credentials=true --profiling=false --v=1
port_free_or_ours kube-scheduler 10259
start_proc kube-scheduler "$K8S_TUTOR_BIN/kube-scheduler" \
  --kubeconfig="$KCFG/scheduler.kubeconfig" \
  --authentication-kubeconfig="$KCFG/scheduler.kubeconfig" \
  --authorization-kubeconfig="$KCFG/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --profiling=false --v=1
wait_for kube-controller-manager "kube-controller-manager /healthz" 60 curl -skf --max-time 2 https://127.0.0.1:10257/healthz
wait_for kube-scheduler "kube-scheduler /healthz" 60 curl -skf --max-time 2 https://127.0.0.1:10259/healthz

# ---------------------------------------------------------------- containerd (each node's own instance)
# containerd_toml ROOT STATE SOCKET CNI_CONF_DIR
containerd_toml() {
  cat <<EOF
# Written by cluster/up.sh: the k8s-tutor cluster's own containerd.
version = 2
root = "$1"
state = "$2"
[grpc]
  address = "$3"
[ttrpc]
  address = "$3.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$KT_PAUSE_IMAGE"
  netns_mounts_under_state_dir = true
  # This VM's bounding set lacks CAP_SYS_RESOURCE: no process may lower its oom_score_adj, so the
  # sandbox's default -998 would make runc fail. Clamp to containerd's own score instead.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$4"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$D/containerd/certs.d"
EOF
}
# cni_conflist SUBNET GATEWAY IPAM_DATA_DIR
cni_conflist() {
  cat <<EOF
{
  "cniVersion": "1.0.0",
  "name": "k8s-tutor",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$KT_POD_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$1", "gateway": "$2" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$3"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
}
# start_containerd PROC CONFIG CONFIG_FILES [NETNS]
start_containerd() {
  (
    export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 NO_PROXY= no_proxy=
    [ -z "${4:-}" ] || export KT_PROC_NETNS="$4"
    KT_PROC_CONFIG="$3" start_proc "$1" "$(command -v containerd)" --config "$2"
  )
}
mkdir -p "$D/cni/net.d" "$D/cni/ipam" "$D/containerd/root" "$D/containerd/certs.d/_default"
containerd_toml "$D/containerd/root" "$KT_RUN_DIR/containerd" "$KT_CONTAINERD_SOCK" "$D/cni/net.d" | write_if_changed "$CONF/containerd.toml"
# No registry is ever contacted: every registry host resolves to a closed local port (hosts.toml), and
# containerd's HTTP client goes through a proxy on a closed local port (HTTPS_PROXY below). A pull fails fast.
write_if_changed "$D/containerd/certs.d/_default/hosts.toml" <<'EOF'
server = "http://127.0.0.1:9"
[host."http://127.0.0.1:9"]
  capabilities = ["pull", "resolve"]
EOF
cni_conflist "$KT_POD_CIDR" "$KT_POD_GATEWAY" "$D/cni/ipam" | write_if_changed "$D/cni/net.d/10-k8s-tutor.conflist"
start_containerd containerd "$CONF/containerd.toml" "$CONF/containerd.toml $D/cni/net.d/10-k8s-tutor.conflist"
wait_for containerd "containerd's socket" 60 kt_containerd_up

# ---------------------------------------------------------------- the other nodes: fewer than last time?
# Nodes beyond N go: their processes, containers, namespace, veth, routes and cgroups (kt_node_down), then
# their Node objects (the pod GC then deletes the pods that were bound to them; controllers make new ones).
for k in $(kt_extra_nodes_present); do
  if [ "$k" -gt "$NODES" ]; then kt_node_down "$k"; fi
done
for n in $(kt_kubectl get nodes -o 'jsonpath={.items[*].metadata.name}'); do
  k=${n#"$KT_NODE_NAME"}
  if [[ "$k" =~ ^[0-9]+$ ]] && [ "$k" -gt "$NODES" ]; then
    log "deleting node $n (the cluster has $NODES node(s) now)"
    kt_kubectl delete node "$n" --wait=false >/dev/null || true
  fi
done

# ---------------------------------------------------------------- the other nodes: network, cgroups, containerd
kt_cgroup_mounts() {
  awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5; break } }' /proc/self/mountinfo
}
# node_prepare K: node K's network namespace (a veth to the node bridge, its address, routes and guard),
# its cgroup parent, certificate, kubeconfig and containerd.
node_prepare() {
  local k=$1 name ip veth nd rd h f
  name=$(kt_node_name "$k"); ip=$(kt_node_ip "$k"); veth=$(kt_node_veth "$k")
  nd="$D/nodes/$name"; rd="$KT_RUN_DIR/nodes/$name"
  mkdir -p "$nd/cni/net.d" "$nd/cni/ipam" "$nd/containerd/root" "$nd/kubelet" "$nd/pod-logs" "$rd"
  if [ ! -e "/run/netns/$name" ]; then
    # `ip netns add` makes /run/netns (a mount point) when there is none: down.sh takes it away again.
    [ -d /run/netns ] || touch "$STATE/netns-dir.ours"
    ip netns add "$name"
    # A new node: no CNI config until it has its pod CIDR (the node is not Ready without one, so no pod
    # lands on it with a stale subnet).
    rm -rf "$nd/cni"
    mkdir -p "$nd/cni/net.d" "$nd/cni/ipam"
  fi
  ip link show "$veth" >/dev/null 2>&1 || ip link add "$veth" type veth peer name eth0 netns "$name"
  ip link set "$veth" master "$KT_NODE_BRIDGE" up
  ip -n "$name" link set lo up
  ip -n "$name" link set eth0 up
  ip -n "$name" addr replace "$ip/$KT_NODE_PREFIX" dev eth0
  # No default route: from a node's namespace only the node network, the pods (routes added once every
  # node has its pod CIDR) and the service CIDR (dies on the node bridge unless DNATed) are reachable.
  ip -n "$name" route replace "$KT_SERVICE_CIDR" dev eth0 src "$ip"
  ip -n "$name" route replace blackhole "$KT_POD_RANGE"
  kt_forward_guard "$k" eth0
  kt_in_node "$k" sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
  # The kubelet's cgroup parent (cgroupRoot): its pods go under /NAME/kubepods, apart from the other nodes'.
  for h in $(kt_cgroup_mounts); do
    mkdir -p "$h/$name"
    for f in cpuset.cpus cpuset.mems; do
      if [ -f "$h/$name/$f" ] && [ -z "$(cat "$h/$name/$f")" ]; then cat "$h/$f" > "$h/$name/$f"; fi
    done
  done
  gen_cert "kubelet-$name" ca "/O=system:nodes/CN=system:node:$name" both "IP:$ip,DNS:$name"
  mk_kubeconfig "$KCFG/kubelet-$name.kubeconfig" "system:node:$name" "kubelet-$name" "https://$KT_NODE_IP:$KT_API_PORT"
  containerd_toml "$nd/containerd/root" "$rd/containerd" "$rd/containerd.sock" "$nd/cni/net.d" | write_if_changed "$nd/containerd.toml"
  # The CNI config comes once the node has its pod CIDR (containerd watches conf_dir).
  start_containerd "$name.containerd" "$nd/containerd.toml" "$nd/containerd.toml" "$name"
}
T_NODES=$SECONDS
for ((k = 2; k <= NODES; k++)); do node_prepare "$k"; done
for ((k = 2; k <= NODES; k++)); do
  wait_for "$(kt_node_name "$k").containerd" "containerd's socket" 60 env KT_CTR_SOCK="$(kt_node_sock "$k")" bash -c '[ -S "$KT_CTR_SOCK" ] && ctr --address "$KT_CTR_SOCK" version'
done

# ---------------------------------------------------------------- images (into every node's containerd)
NODE_SOCKS=("$KT_CONTAINERD_SOCK")
for ((k = 2; k <= NODES; k++)); do NODE_SOCKS+=("$(kt_node_sock "$k")"); done
# pause: the sandbox image, a static binary that blocks until SIGTERM.
pause_hash=$(sha256sum "$K8S_TUTOR_BIN/pause" "$KT_HERE/oci.sh" | sha256sum | cut -d' ' -f1)
pw=
for sock in "${NODE_SOCKS[@]}"; do
  KT_CTR_SOCK=$sock oci_image_current "$KT_PAUSE_IMAGE" "$pause_hash" && continue
  if [ -z "$pw" ]; then
    pw=$(mktemp -d "$D/tmp/pause.XXXXXX")
    mkdir -p "$pw/rootfs"
    cp "$K8S_TUTOR_BIN/pause" "$pw/rootfs/pause"
    chown -R 0:0 "$pw/rootfs"
    oci_build "$pw/rootfs" '{"User":"65535:65535","Entrypoint":["/pause"],"WorkingDir":"/"}' "$KT_PAUSE_IMAGE" "$pw/pause.tar"
  fi
  log "importing $KT_PAUSE_IMAGE into $sock"
  KT_CTR_SOCK=$sock oci_import "$pw/pause.tar" "$KT_PAUSE_IMAGE" "$pause_hash"
done
[ -z "$pw" ] || rm -rf "$pw"
bash "$KT_HERE/image.sh" "${NODE_SOCKS[@]}" || die "building the sample app's image failed"

# ---------------------------------------------------------------- kubelet
HAVE_DNS=0
[ -x "$K8S_TUTOR_BIN/coredns" ] && [ "${K8S_TUTOR_NO_DNS:-}" != 1 ] && HAVE_DNS=1
# Pods whose dnsPolicy falls back to the node's resolver get the node IP (CoreDNS, if it runs), never
# the host's upstream resolver.
printf 'nameserver %s\noptions ndots:5\n' "$KT_NODE_IP" | write_if_changed "$CONF/resolv.conf"
# kubelet_yaml NODE_IP CERT_NAME CONTAINERD_SOCKET POD_LOGS_DIR [CGROUP_ROOT]
kubelet_yaml() {
  cat <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $1
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $PKI/ca.crt
authorization:
  mode: Webhook
tlsCertFile: $PKI/$2.crt
tlsPrivateKeyFile: $PKI/$2.key
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
oomScoreAdj: 0
containerRuntimeEndpoint: unix://$3
imageServiceEndpoint: unix://$3
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  nodefs.available: "0%"
  nodefs.inodesFree: "0%"
  imagefs.available: "0%"
podLogsDir: $4
resolvConf: $CONF/resolv.conf
clusterDomain: $KT_CLUSTER_DOMAIN
serializeImagePulls: false
rotateCertificates: false
serverTLSBootstrap: false
maxPods: 110
containerLogMaxSize: 10Mi
containerLogMaxFiles: 2
EOF
  if [ -n "${5:-}" ]; then printf 'cgroupRoot: %s\n' "$5"; fi
  if [ "$HAVE_DNS" = 1 ]; then printf 'clusterDNS:\n  - %s\n' "$KT_DNS_SERVICE_IP"; fi
}
kubelet_yaml "$KT_NODE_IP" kubelet "$KT_CONTAINERD_SOCK" "$D/pod-logs" | write_if_changed "$CONF/kubelet.yaml"
port_free_or_ours kubelet 10250
KT_PROC_CONFIG="$CONF/kubelet.yaml" start_proc kubelet "$K8S_TUTOR_BIN/kubelet" \
  --config="$CONF/kubelet.yaml" --kubeconfig="$KCFG/kubelet.kubeconfig" \
  --root-dir="$D/kubelet" --node-ip="$KT_NODE_IP" --hostname-override="$KT_NODE_NAME" --v=1
node_cidr() { kt_kubectl get node "$1" -o 'jsonpath={.spec.podCIDR}' 2>/dev/null; }
node_has_cidr() { [ -n "$(node_cidr "$1")" ]; }
node_ready() {
  [ "$(kt_kubectl get node "$1" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}
# The first node registers first, so that it gets the first pod CIDR, the one its CNI config uses.
wait_for kubelet "node $KT_NODE_NAME to get its pod CIDR" 90 node_has_cidr "$KT_NODE_NAME"
if [ "$(node_cidr "$KT_NODE_NAME")" != "$KT_POD_CIDR" ]; then
  msg="node $KT_NODE_NAME has pod CIDR $(node_cidr "$KT_NODE_NAME"), not $KT_POD_CIDR (left from an older cluster?)"
  [ "$NODES" = 1 ] && log "WARNING: $msg" || die "$msg: run npm run cluster:down -- --purge, then up again"
fi
for ((k = 2; k <= NODES; k++)); do
  name=$(kt_node_name "$k"); nd="$D/nodes/$name"
  kubelet_yaml "$(kt_node_ip "$k")" "kubelet-$name" "$(kt_node_sock "$k")" "$nd/pod-logs" "/$name" | write_if_changed "$nd/kubelet.yaml"
  KT_PROC_NETNS=$name KT_PROC_CONFIG="$nd/kubelet.yaml" start_proc "$name.kubelet" "$K8S_TUTOR_BIN/kubelet" \
    --config="$nd/kubelet.yaml" --kubeconfig="$KCFG/kubelet-$name.kubeconfig" \
    --root-dir="$nd/kubelet" --node-ip="$(kt_node_ip "$k")" --hostname-override="$name" --v=1
done
wait_for kubelet "node $KT_NODE_NAME to be Ready" 120 node_ready "$KT_NODE_NAME"
# Each further node's CNI config follows the pod CIDR that the controller-manager gave it.
declare -A POD_CIDR=([1]="$KT_POD_CIDR")
for ((k = 2; k <= NODES; k++)); do
  name=$(kt_node_name "$k"); nd="$D/nodes/$name"
  wait_for "$name.kubelet" "node $name to get its pod CIDR" 90 node_has_cidr "$name"
  POD_CIDR[$k]=$(node_cidr "$name")
  gw="${POD_CIDR[$k]%.*}.1"
  cni_conflist "${POD_CIDR[$k]}" "$gw" "$nd/cni/ipam" | write_if_changed "$nd/cni/net.d/10-k8s-tutor.conflist"
  # A pod bridge left with another subnet (the node got a new pod CIDR) would fail every sandbox.
  if ip -n "$name" link show "$KT_POD_BRIDGE" >/dev/null 2>&1 \
    && ! ip -n "$name" -4 addr show dev "$KT_POD_BRIDGE" | grep -q " $gw/"; then
    log "$name: the pod bridge has another subnet than ${POD_CIDR[$k]}: deleting it, and the pods on it"
    ip -n "$name" link del "$KT_POD_BRIDGE" || true
    rm -rf "$nd/cni/ipam"
    kt_kubectl get pods -A --field-selector "spec.nodeName=$name" \
      -o 'jsonpath={range .items[?(@.status.podIP)]}{.metadata.namespace} {.metadata.name} {.status.podIP}{"\n"}{end}' |
      while read -r pns pod pip; do
        [ "${pip%.*}" = "${gw%.*}" ] || [ "$pip" = "$(kt_node_ip "$k")" ] || kt_kubectl -n "$pns" delete pod "$pod" --wait=false >/dev/null || true
      done
  fi
done

# Routes between the nodes: in every node's namespace, each other node's pod CIDR goes via that node's
# address. Routes to pods via a node address that is no longer wanted go.
node_routes() {
  local j=$1 k dev gw cidr want
  if [ "$j" = 1 ]; then dev=$KT_NODE_BRIDGE; else dev=eth0; fi
  kt_in_node "$j" ip -4 route show | awk -v p="${KT_NODE_IP%.*}." '$2 == "via" && index($3, p) == 1 {print $1, $3}' | while read -r cidr gw; do
    want=0
    for ((k = 1; k <= NODES; k++)); do
      [ "$k" != "$j" ] && [ "$cidr" = "${POD_CIDR[$k]}" ] && [ "$gw" = "$(kt_node_ip "$k")" ] && want=1
    done
    [ "$want" = 1 ] || kt_in_node "$j" ip route del "$cidr" via "$gw" 2>/dev/null || true
  done
  for ((k = 1; k <= NODES; k++)); do
    [ "$k" = "$j" ] || kt_in_node "$j" ip route replace "${POD_CIDR[$k]}" via "$(kt_node_ip "$k")" dev "$dev"
  done
}
for ((j = 1; j <= NODES; j++)); do node_routes "$j"; done

# ---------------------------------------------------------------- kube-proxy
# kube_proxy_yaml KUBECONFIG NODE_NAME NODE_IP
kube_proxy_yaml() {
  cat <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $1
mode: iptables
clusterCIDR: $KT_POD_RANGE
hostnameOverride: $2
bindAddress: $3
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses:
  - $3/32
  - 127.0.0.0/8
iptables:
  localhostNodePorts: true
  masqueradeAll: false
oomScoreAdj: 0
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
}
kube_proxy_yaml "$KCFG/kube-proxy.kubeconfig" "$KT_NODE_NAME" "$KT_NODE_IP" | write_if_changed "$CONF/kube-proxy.yaml"
port_free_or_ours kube-proxy 10256
KT_PROC_CONFIG="$CONF/kube-proxy.yaml" start_proc kube-proxy "$K8S_TUTOR_BIN/kube-proxy" --config="$CONF/kube-proxy.yaml" --v=1
for ((k = 2; k <= NODES; k++)); do
  name=$(kt_node_name "$k"); nd="$D/nodes/$name"
  kube_proxy_yaml "$KCFG/kube-proxy-node.kubeconfig" "$name" "$(kt_node_ip "$k")" | write_if_changed "$nd/kube-proxy.yaml"
  KT_PROC_NETNS=$name KT_PROC_CONFIG="$nd/kube-proxy.yaml" start_proc "$name.kube-proxy" "$K8S_TUTOR_BIN/kube-proxy" --config="$nd/kube-proxy.yaml" --v=1
done
# kube-proxy prepends its jumps to FORWARD (a missing one only: it checks first), some of them after
# /healthz already answers. Once all four are there, the guard goes back in front of them.
kube_proxy_jumps() {
  local fwd c
  fwd=$(kt_in_node "$1" iptables -t filter -S FORWARD)
  for c in KUBE-PROXY-FIREWALL KUBE-FORWARD KUBE-SERVICES KUBE-EXTERNAL-SERVICES; do
    grep -q -- "-j $c\$" <<< "$fwd" || return 1
  done
}
wait_for kube-proxy "kube-proxy /healthz" 60 curl -sf --max-time 2 http://127.0.0.1:10256/healthz
wait_for kube-proxy "kube-proxy's FORWARD rules" 60 kube_proxy_jumps 1
kt_forward_guard 1 "$KT_NODE_BRIDGE"
for ((k = 2; k <= NODES; k++)); do
  name=$(kt_node_name "$k")
  wait_for "$name.kube-proxy" "kube-proxy /healthz on $name" 60 kt_in_node "$k" curl -sf --max-time 2 http://127.0.0.1:10256/healthz
  wait_for "$name.kube-proxy" "kube-proxy's FORWARD rules on $name" 60 kube_proxy_jumps "$k"
  kt_forward_guard "$k" eth0
  wait_for "$name.kubelet" "node $name to be Ready" 120 node_ready "$name"
done
[ "$NODES" = 1 ] || log "$((NODES - 1)) more node(s) ready in $((SECONDS - T_NODES))s"

# ---------------------------------------------------------------- cluster add-ons (RBAC, storage, API wiring)
ca_b64=$(base64 -w0 < "$PKI/ca.crt")
{
  cat <<EOF
# metrics-server runs on the host as user "metrics-server"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:metrics-server
rules:
  - apiGroups: [""]
    resources: [nodes/metrics]
    verbs: [get]
  - apiGroups: [""]
    resources: [pods, nodes]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregated-metrics-reader
  labels:
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
  - apiGroups: [metrics.k8s.io]
    resources: [pods, nodes]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:metrics-server
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:metrics-server}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: metrics-server}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: metrics-server:system:auth-delegator
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: metrics-server}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: metrics-server-auth-reader
  namespace: kube-system
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: metrics-server}]
---
apiVersion: v1
kind: Service
metadata:
  name: metrics-server
  namespace: kube-system
  labels: {k8s-app: metrics-server, app.kubernetes.io/managed-by: k8s-tutor-cluster}
spec:
  ports: [{name: https, port: 443, protocol: TCP, targetPort: 4443}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: metrics-server-host
  namespace: kube-system
  labels:
    kubernetes.io/service-name: metrics-server
    endpointslice.kubernetes.io/managed-by: k8s-tutor.local
addressType: IPv4
ports: [{name: https, port: 4443, protocol: TCP}]
endpoints: [{addresses: ["$KT_NODE_IP"], conditions: {ready: true}, nodeName: $KT_NODE_NAME}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
  labels: {k8s-app: metrics-server}
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  caBundle: $ca_b64
  service: {name: metrics-server, namespace: kube-system, port: 443}
---
# CoreDNS runs on the host as user "coredns"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:coredns
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:coredns
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:coredns}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: coredns}]
---
# The hostPath provisioner (cluster/provisioner.mjs) runs on the host as user "k8s-tutor-provisioner"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: k8s-tutor:provisioner
rules:
  - apiGroups: [""]
    resources: [persistentvolumes]
    verbs: [get, list, watch, create, delete]
  - apiGroups: [""]
    resources: [persistentvolumeclaims]
    verbs: [get, list, watch]
  - apiGroups: [storage.k8s.io]
    resources: [storageclasses]
    verbs: [get, list, watch]
  - apiGroups: ["", events.k8s.io]
    resources: [events]
    verbs: [create, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: k8s-tutor:provisioner
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: k8s-tutor:provisioner}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: k8s-tutor-provisioner}]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $KT_STORAGE_CLASS
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: $KT_PROVISIONER_NAME
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
  if [ "$HAVE_DNS" = 1 ]; then
    cat <<EOF
---
# CoreDNS listens on the node IP; this Service gives it the usual cluster IP.
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS, app.kubernetes.io/managed-by: k8s-tutor-cluster}
spec:
  clusterIP: $KT_DNS_SERVICE_IP
  ports:
    - {name: dns, port: 53, protocol: UDP, targetPort: 53}
    - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-host
  namespace: kube-system
  labels:
    kubernetes.io/service-name: kube-dns
    endpointslice.kubernetes.io/managed-by: k8s-tutor.local
addressType: IPv4
ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
endpoints: [{addresses: ["$KT_NODE_IP"], conditions: {ready: true}, nodeName: $KT_NODE_NAME}]
EOF
  fi
} | write_if_changed "$CONF/addons.yaml"
kt_kubectl apply -f "$CONF/addons.yaml" >/dev/null || die "applying $CONF/addons.yaml failed"

# ---------------------------------------------------------------- CoreDNS (optional)
if [ "$HAVE_DNS" = 1 ]; then
  write_if_changed "$CONF/Corefile" <<EOF
# No forward and no loop plugin: there is no upstream resolver, and nothing may leave this machine.
.:53 {
    bind $KT_NODE_IP
    errors
    ready 127.0.0.1:8182
    kubernetes $KT_CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
        kubeconfig $KCFG/coredns.kubeconfig $KT_CONTEXT
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
    cache 30
    loadbalance
}
EOF
  KT_PROC_CONFIG="$CONF/Corefile" start_proc coredns "$K8S_TUTOR_BIN/coredns" -conf "$CONF/Corefile"
else
  log "CoreDNS is not built (or K8S_TUTOR_NO_DNS=1): the cluster runs without DNS"
fi

# ---------------------------------------------------------------- metrics-server
if [ -x "$K8S_TUTOR_BIN/metrics-server" ]; then
  port_free_or_ours metrics-server 4443
  start_proc metrics-server "$K8S_TUTOR_BIN/metrics-server" \
    --bind-address="$KT_NODE_IP" --secure-port=4443 \
    --tls-cert-file="$PKI/metrics-server.crt" --tls-private-key-file="$PKI/metrics-server.key" \
    --kubeconfig="$KCFG/metrics-server.kubeconfig" \
    --authentication-kubeconfig="$KCFG/metrics-server.kubeconfig" \
    --authorization-kubeconfig="$KCFG/metrics-server.kubeconfig" \
    --kubelet-insecure-tls --kubelet-preferred-address-types=InternalIP --kubelet-use-node-status-port \
    --metric-resolution=15s --profiling=false
else
  log "WARNING: metrics-server is not built: kubectl top and the HPA will not work"
fi

# ---------------------------------------------------------------- hostPath provisioner
NODE_FOR_HELPERS=$(kt_node_bin) || die "no Node.js binary for the PV provisioner (run npm ci, or install nodejs)"
start_proc provisioner "$NODE_FOR_HELPERS" "$KT_HERE/provisioner.mjs" \
  --server "https://127.0.0.1:$KT_API_PORT" --ca "$PKI/ca.crt" --cert "$PKI/provisioner.crt" --key "$PKI/provisioner.key" \
  --name "$KT_PROVISIONER_NAME" --dir "$D/volumes" --node "$KT_NODE_NAME"

# ---------------------------------------------------------------- final checks
if [ "$HAVE_DNS" = 1 ]; then
  wait_for coredns "CoreDNS /ready" 60 curl -sf --max-time 2 http://127.0.0.1:8182/ready
fi
if [ -x "$K8S_TUTOR_BIN/metrics-server" ]; then
  apiservice_available() {
    [ "$(kt_kubectl get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}')" = True ]
  }
  wait_for metrics-server "the metrics.k8s.io APIService to be Available" 90 apiservice_available
fi
wait_for - "the default ServiceAccount" 60 kt_kubectl -n default get serviceaccount default
proc_pid provisioner >/dev/null || fail_component provisioner "exited"

# A throwaway pod on each node proves that sandboxes, CNI and the kubelet work end to end, and that the
# host reaches that node's pods (a closed port answers with a reset; only a lost packet times out).
probe_name() { if [ "$1" = 1 ]; then echo k8s-tutor-probe; else echo "k8s-tutor-probe-$1"; fi; }
probe_running() {
  [ "$(kt_kubectl -n kube-system get pod "$1" -o 'jsonpath={.status.phase}')" = Running ]
}
probe_reachable() {
  local ip rc=0
  ip=$(kt_kubectl -n kube-system get pod "$1" -o 'jsonpath={.status.podIP}')
  [ -n "$ip" ] || return 1
  curl -s --noproxy "*" --max-time 2 -o /dev/null "http://$ip:9/" || rc=$?
  [ "$rc" = 7 ]
}
for n in $(kt_kubectl -n kube-system get pods -o 'jsonpath={.items[*].metadata.name}'); do
  [[ "$n" =~ ^k8s-tutor-probe(-[0-9]+)?$ ]] && kt_kubectl -n kube-system delete pod "$n" --ignore-not-found --wait=false >/dev/null 2>&1
done
for ((k = 1; k <= NODES; k++)); do
  probe=$(probe_name "$k")
  wait_for - "the previous probe pod to go" 60 bash -c "! '$K8S_TUTOR_BIN/kubectl' --kubeconfig '$KUBECONFIG_PATH' -n kube-system get pod $probe"
  kt_kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $probe
  namespace: kube-system
spec:
  nodeName: $(kt_node_name "$k")
  terminationGracePeriodSeconds: 0
  automountServiceAccountToken: false
  containers:
    - name: pause
      image: $KT_PAUSE_IMAGE
      imagePullPolicy: Never
      securityContext:
        runAsNonRoot: true
        runAsUser: 65535
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
EOF
done
for ((k = 1; k <= NODES; k++)); do
  probe=$(probe_name "$k")
  if ! (wait_for - "a probe pod to run on $(kt_node_name "$k")" 90 probe_running "$probe" \
    && wait_for - "the host to reach the probe pod on $(kt_node_name "$k")" 20 probe_reachable "$probe"); then
    kt_kubectl -n kube-system describe pod "$probe" >&2 || true
    if [ "$k" = 1 ]; then show_log kubelet; else show_log "$(kt_node_name "$k").kubelet"; fi
    exit 1
  fi
  kt_kubectl -n kube-system delete pod "$probe" --wait=false >/dev/null
done

log "cluster is up with $NODES node(s) in $((SECONDS - T0))s: KUBECONFIG=$KUBECONFIG_PATH kubectl get nodes  (context $KT_CONTEXT)"
echo "$KUBECONFIG_PATH"
