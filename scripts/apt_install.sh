#!/usr/bin/env bash
# Install the Debian packages given after NAME that are not installed yet (NAME prefixes the message).
# Shared by scripts/setup_system.sh (the test suite) and scripts/setup_tex.sh (make pdf).
#   scripts/apt_install.sh NAME PACKAGE...
set -euo pipefail
name="$1"
shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "$name: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
