#!/usr/bin/env bash
# Vendor MathJax 3 (npm package `mathjax`, Apache-2.0) into _static/mathjax/ so math renders
# without network (air-gapped classrooms, CI). _config.yml sets
# `mathjax_path: "mathjax/tex-chtml.js"` (relative to _static).
#
# Only what the tex-chtml component needs is kept: es5/tex-chtml.js and its CHTML web fonts.
# The files keep the layout under es5/ because MathJax finds its fonts relative to the script
# ([mathjax]/output/chtml/fonts/woff-v2/). The result is committed; rerun this script to change
# the version:  scripts/vendor_mathjax.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-3.2.2}
dest=_static/mathjax

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "mathjax@$version" >/dev/null)
tar -xzf "$tmp/mathjax-$version.tgz" -C "$tmp"
pkg=$tmp/package

rm -rf "$dest"
mkdir -p "$dest/output/chtml/fonts/woff-v2"
cp "$pkg/es5/tex-chtml.js" "$dest/"
cp "$pkg"/es5/output/chtml/fonts/woff-v2/*.woff "$dest/output/chtml/fonts/woff-v2/"
cp "$pkg/LICENSE" "$dest/LICENSE"
cat >"$dest/README.txt" <<README
MathJax $version (https://www.mathjax.org), Apache License 2.0 (see LICENSE).
Vendored by scripts/vendor_mathjax.sh from the npm package \`mathjax@$version\`:
es5/tex-chtml.js and es5/output/chtml/fonts/woff-v2/*.woff, in MathJax's own layout.
Do not edit; rerun the script instead.
README
echo "vendor_mathjax: MathJax $version -> $dest ($(du -sh "$dest" | cut -f1))"
