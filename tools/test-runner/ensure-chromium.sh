#!/usr/bin/env bash
# The browser end-to-end test (tools/e2e/test/browser.test.ts) drives Debian's chromium package
# at /usr/bin/chromium through playwright-core; nothing downloads a browser at test time. This
# installs it when it can (root with apt-get) and otherwise says how.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium package (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi

cat >&2 <<MESSAGE
ensure-chromium: the browser end-to-end test needs Chromium at $CHROMIUM and it is not there.
Install Debian's package, then run pnpm test again:
  sudo apt-get update && sudo apt-get install -y chromium
(On another system, install Chromium so that $CHROMIUM runs it, e.g. a symlink.)
MESSAGE
exit 1
