#!/usr/bin/env bash
# Runs before `npm test`: DynamoDB Local (the integration and end-to-end suites) needs Java 17+.
# Installs Debian's JRE where it can (root with apt-get), else says in one line what to install.
set -uo pipefail

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

major=$(command -v java >/dev/null 2>&1 && java_major)
if [ -n "${major:-}" ] && [ "$major" -ge 17 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-java: Java 17+ not found; installing openjdk-17-jre-headless with apt-get" >&2
  log=$(mktemp)
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >"$log" 2>&1; then
    rm -f "$log"
    exit 0
  fi
  cat "$log" >&2
  rm -f "$log"
fi

echo "npm test needs Java 17 or later for DynamoDB Local: install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), then run npm test again." >&2
exit 1
