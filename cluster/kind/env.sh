# Source this: `. cluster/kind/env.sh`. Points docker (DOCKER_HOST), kind and kubectl at the kind flavor:
# KUBECONFIG is kind's kubeconfig (context kind-k8s-tutor-kind, API on the host's 127.0.0.1, forwarded).
# kk_ns CMD... runs a command in the engine's network namespace (where the node's 172.18.0.x address and its
# NodePorts answer).
# shellcheck source=config.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)/config.sh"
export DOCKER_HOST="$KK_DOCKER_HOST"
export KUBECONFIG="$KK_KUBECONFIG"
case ":$PATH:" in *":$KK_BIN:"*) ;; *) export PATH="$KK_BIN:$PATH" ;; esac
case ":$PATH:" in *":$KK_K8S_BIN:"*) ;; *) export PATH="$PATH:$KK_K8S_BIN" ;; esac
kk_ns() { ip netns exec "$KK_NETNS" "$@"; }
