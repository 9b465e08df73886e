#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser check, a Korean font
# so pages render Hangul.
set -euo pipefail
exec "$(dirname "$0")/apt_install.sh" setup_system chromium fonts-nanum
