#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (apps/e2e/src/platform/cors.spec.ts),
# which drives it with playwright-core. Does nothing when /usr/bin/chromium exists.
# Exit 1 when it cannot be installed (not root, no apt-get, no network).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "install-chromium: no apt-get here; install chromium so that /usr/bin/chromium exists" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-chromium: needs root (or password-less sudo) to apt-get install chromium" >&2
    exit 1
  fi
fi
echo "install-chromium: apt-get install chromium"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
test -x /usr/bin/chromium
