#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end test (test/e2e/browser.test.ts), which
# drives it with playwright-core (Playwright's own browser download is not used). Idempotent:
# does nothing when /usr/bin/chromium is already there. Quiet unless something fails; needs apt
# and root (or sudo).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser.sh: apt-get not found; install chromium as /usr/bin/chromium" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-browser.sh: run as root (or install sudo) to apt-get install chromium" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-browser.sh: failed: $*" >&2
    exit 1
  fi
}
export DEBIAN_FRONTEND=noninteractive
run "${sudo[@]}" apt-get update -qq
run "${sudo[@]}" apt-get install -y -qq chromium

if [ ! -x /usr/bin/chromium ] || ! /usr/bin/chromium --version >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-browser.sh: chromium installed but /usr/bin/chromium --version fails" >&2
  exit 1
fi
