# Source this: `. cluster/env.sh`. Points kubectl (the cluster's own v1.34 build, first on PATH) and
# KUBECONFIG at the local test cluster. Exports K8S_TUTOR_CLUSTER_DIR, K8S_TUTOR_BIN and KUBECONFIG.
# shellcheck source=config.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)/config.sh"
export K8S_TUTOR_CLUSTER_DIR K8S_TUTOR_BIN
export KUBECONFIG="$K8S_TUTOR_CLUSTER_DIR/kubeconfig"
case ":$PATH:" in
  *":$K8S_TUTOR_BIN:"*) ;;
  *) export PATH="$K8S_TUTOR_BIN:$PATH" ;;
esac
