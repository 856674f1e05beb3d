#!/usr/bin/env bash
# The sample app against its own contract: schemathesis (pinned, from PyPI, in a venv made here and
# reused) generates requests from the app's /openapi.json and runs every check on the answers.
# The app is the built one (compiled first), on 127.0.0.1 on a free port, stopped on exit. The run is
# bounded: a fixed seed, CONTRACT_MAX_EXAMPLES cases per operation and phase, and CONTRACT_TIME_LIMIT
# seconds in all (then it fails). Exit status: schemathesis's (non-zero on any failure), or 1 when
# the venv or the app cannot be set up.
#   CONTRACT_MAX_EXAMPLES=N   examples per operation (default 300)
#   CONTRACT_SEED=N           another seed (default 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"

SCHEMATHESIS_VERSION=4.32.5
seed=${CONTRACT_SEED:-20}
max_examples=${CONTRACT_MAX_EXAMPLES:-300}
time_limit=${CONTRACT_TIME_LIMIT:-180}
venv=sample-app/test/contract/.venv
say() { echo "contract: $*" >&2; }

# --- schemathesis, in its own venv (kept between runs; remade when the version differs)
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  if ! python3 -m venv --clear "$venv"; then
    # Debian's python3 leaves venv out; CI runs as root with a Debian mirror.
    { [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null && apt-get install -y -qq python3-venv > /dev/null && python3 -m venv --clear "$venv"; } ||
      { say "python3 -m venv failed: install python3-venv"; exit 1; }
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" ||
    { say "pip could not install schemathesis $SCHEMATHESIS_VERSION (is PyPI reachable?)"; exit 1; }
fi

# --- the app, as built (Node 24 from node_modules when there, as npm scripts run it)
node=$(command -v node)
[ -x node_modules/.bin/node ] && node=$root/node_modules/.bin/node
"$node" node_modules/typescript/bin/tsc -p sample-app/tsconfig.json || { say "the sample app does not compile"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sample-app-contract.XXXXXX")
server_pid=
stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Settings that keep each case short: /stress works 10 ms at most, /memory holds 16 MiB at most.
# The notes go to a temporary DATA_DIR.
(cd sample-app && exec env -i PATH="$PATH" HOME="$work" HOST=127.0.0.1 PORT="$port" LOG_LEVEL=warning \
  MAX_STRESS_SECONDS=0.01 MAX_MEMORY_MB=16 DATA_DIR="$work/data" SECRETS_DIR="$work/no-secrets" \
  "$node" dist/server.js) > "$work/server.log" 2>&1 &
server_pid=$!

# POST /crash is left out: it ends the process (the unit tests cover it).
say "schemathesis $SCHEMATHESIS_VERSION against http://127.0.0.1:$port/openapi.json (seed $seed, $max_examples examples, at most ${time_limit}s)"
started=$SECONDS
status=0
(cd "$work" && exec timeout --kill-after=10 "$time_limit" "$root/$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
  --checks all --seed "$seed" --max-examples "$max_examples" --generation-database none \
  --exclude-path /crash --wait-for-schema 20 --request-timeout 10 --no-color) || status=$?
[ "$status" = 124 ] && say "schemathesis ran out of its ${time_limit}s"
if ! kill -0 "$server_pid" 2>/dev/null; then
  say "the app stopped during the run; its log:"
  cat "$work/server.log" >&2
  status=1
fi
say "done in $((SECONDS - started))s (status $status)"
exit "$status"
