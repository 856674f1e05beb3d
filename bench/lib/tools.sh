#!/usr/bin/env bash
# Installs what the benchmarks need when it is missing: hyperfine and wrk from Debian, and a venv
# under bench/.venv with FastAPI + uvicorn from PyPI (the sample app's peer). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v wrk >/dev/null || missing+=(wrk)
command -v taskset >/dev/null || missing+=(util-linux)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "[bench] installing ${missing[*]} with apt-get" >&2
  $sudo apt-get install -y "${missing[@]}" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "${missing[@]}" >/dev/null; }
fi

req=bench/fastapi_ref/requirements.txt
stamp=bench/.venv/.requirements
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
  echo "[bench] creating bench/.venv with $(tr '\n' ' ' < "$req")" >&2
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi
