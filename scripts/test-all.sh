#!/usr/bin/env bash
# The whole suite, as README's test command runs it: build, bring up the local cluster (Linux, root),
# run the unit and e2e tests against it, and bring the cluster down again even when tests fail.
# K8S_TUTOR_KEEP_CLUSTER=1 leaves it running afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run build --silent || exit 1

if ! kubeconfig=$(bash cluster/up.sh | tail -n 1); then
  echo "test-all: the local cluster did not come up (see above)" >&2
  exit 1
fi
. cluster/env.sh
export K8S_TUTOR_E2E_KUBECONFIG="$kubeconfig"

status=0
npx vitest run --project unit || status=$?
npx vitest run --project e2e || status=$?

if [ "${K8S_TUTOR_KEEP_CLUSTER:-}" != 1 ]; then
  bash cluster/down.sh || echo "test-all: cluster:down reported a problem" >&2
fi
exit "$status"
