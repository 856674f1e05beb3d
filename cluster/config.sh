# Settings of the local test cluster, shared by up.sh, down.sh, status.sh, image.sh and env.sh.
# Only assignments: safe to source from an interactive shell (no `set -e`, no side effects).
# Every value can be overridden from the environment.

K8S_VERSION="${K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.13}"
METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-v0.8.0}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.4}"

K8S_TUTOR_CLUSTER_DIR="${K8S_TUTOR_CLUSTER_DIR:-$HOME/.cache/k8s-tutor-cluster}"
K8S_TUTOR_BIN_CACHE="${K8S_TUTOR_BIN_CACHE:-$HOME/.cache/k8s-tutor-bin}"
K8S_TUTOR_BIN="${K8S_TUTOR_BIN:-$K8S_TUTOR_BIN_CACHE/k8s-$K8S_VERSION-etcd-$ETCD_VERSION}"

KT_CONTEXT=k8s-tutor-local
# The first node: the host itself (its processes run in the host's network namespace).
KT_NODE_NAME=k8s-tutor-node
# The node's address lives on a bridge with no uplink (there is no dummy interface on these VMs). Further
# nodes (cluster/up.sh --nodes N) are k8s-tutor-node2, -node3, ..., each in a network namespace of the
# same name, at 10.99.0.2, .3, ... on a veth whose host end is a port of this bridge.
KT_NODE_BRIDGE=k8s-tutor0
KT_NODE_IP=10.99.0.1
KT_NODE_NET=10.99.0.0/24
KT_NODE_PREFIX=24
# At most this many nodes (each extra one costs ~200 MiB and a share of 2 cores).
KT_MAX_NODES=8
# The pods' bridge, made by the CNI bridge plugin (one per node, each in its node's network namespace).
KT_POD_BRIDGE=k8s-tutor-cni0
# The first node's pods; the controller-manager hands each node a /24 of KT_POD_RANGE (the cluster CIDR).
KT_POD_CIDR=10.200.0.0/24
KT_POD_GATEWAY=10.200.0.1
KT_POD_RANGE=10.200.0.0/16
KT_SERVICE_CIDR=10.32.0.0/24
KT_API_SERVICE_IP=10.32.0.1
KT_DNS_SERVICE_IP=10.32.0.10
KT_CLUSTER_DOMAIN=cluster.local
KT_API_PORT=6443
KT_STORAGE_CLASS=standard
KT_PROVISIONER_NAME=k8s-tutor.local/hostpath

# The cluster runs its own containerd (own socket, state and root), so it never touches a system one.
KT_RUN_DIR=/run/k8s-tutor
KT_CONTAINERD_SOCK="$KT_RUN_DIR/containerd.sock"
KT_PAUSE_IMAGE=registry.k8s.io/pause:3.10
KT_APP_IMAGE=docker.io/library/fastapi-k8s:1.0.0
# Every name the sample app's image is imported under: the manifests use :1.0.0, the guide's YAML :latest.
KT_APP_IMAGE_TAGS="docker.io/library/fastapi-k8s:1.0.0 docker.io/library/fastapi-k8s:latest"
