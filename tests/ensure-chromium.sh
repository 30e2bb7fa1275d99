#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (Playwright cannot download its own
# browser here). Install it when we can; otherwise stop and say how.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  exit 0
fi
echo "error: the browser tests need Chromium at /usr/bin/chromium." >&2
echo "       install it with: sudo apt-get install chromium fonts-noto-core" >&2
exit 1
