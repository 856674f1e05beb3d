#!/usr/bin/env bash
# Debian's chromium, for the live view's e2e test (test/e2e/view/): playwright-core drives /usr/bin/chromium,
# so nothing is downloaded from a browser CDN. Idempotent: does nothing when chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-browser: /usr/bin/chromium is missing; install it with: sudo apt-get install --no-install-recommends chromium" >&2
  exit 1
fi
echo "ensure-browser: installing Debian's chromium (for the live view's e2e test)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
