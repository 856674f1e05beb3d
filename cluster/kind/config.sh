# Settings of the kind flavor (cluster/kind/), shared by its scripts. Only assignments: safe to source.
# Every value can be overridden from the environment.

KK_KIND_VERSION="${KK_KIND_VERSION:-v0.33.0}"
KK_K8S_VERSION="${KK_K8S_VERSION:-v1.34.4}"
KK_ETCD_VERSION="${KK_ETCD_VERSION:-v3.6.13}"
KK_LOCAL_PATH_VERSION="${KK_LOCAL_PATH_VERSION:-v0.0.30}"
KK_CLUSTER_NAME="${KK_CLUSTER_NAME:-k8s-tutor-kind}"
KK_CONTEXT="kind-$KK_CLUSTER_NAME"

# Caches (kept by down.sh): the kind binary, kubeadm, the node image's tarball, the engine's data.
KK_CACHE="${K8S_TUTOR_KIND_CACHE:-$HOME/.cache/k8s-tutor-kind}"
KK_BIN="$KK_CACHE/bin"
KK_BUILD="$KK_CACHE/build"
KK_IMAGES="$KK_CACHE/images"
KK_LOGS="$KK_CACHE/logs"
KK_ENGINE_DATA="$KK_CACHE/engine"
KK_KUBECONFIG="$KK_CACHE/kubeconfig"
# The test cluster's Kubernetes binaries (cluster/build-binaries.sh builds them).
KK_K8S_BIN="${K8S_TUTOR_BIN:-${K8S_TUTOR_BIN_CACHE:-$HOME/.cache/k8s-tutor-bin}/k8s-$KK_K8S_VERSION-etcd-$KK_ETCD_VERSION}"

# The Docker engine: its own network namespace (no uplink), sockets, state and pid files.
KK_NETNS=k8s-tutor-kind
KK_RUN="/run/k8s-tutor-kind"
KK_DOCKER_SOCK="$KK_RUN/docker.sock"
KK_CONTAINERD_SOCK="$KK_RUN/containerd/containerd.sock"
KK_DOCKER_HOST="unix://$KK_DOCKER_SOCK"

# The API server: published on 127.0.0.1:$KK_API_PORT inside the namespace, and forwarded on purpose
# (socat, loopback only) to the host's 127.0.0.1:$KK_API_PORT.
KK_API_PORT="${KK_API_PORT:-46443}"

KK_NODE_IMAGE="k8s-tutor/kind-node:$KK_K8S_VERSION"
KK_NODE_TARBALL="$KK_IMAGES/kind-node-$KK_K8S_VERSION.tar"
# The sample app's base image stand-in (only in this test engine).
KK_APP_IMAGE="fastapi-k8s:1.0.0"
