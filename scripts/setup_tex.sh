#!/usr/bin/env bash
# Debian packages `make pdf` needs: XeLaTeX with kotex (Korean line breaking), the Nanum fonts
# (Myeongjo/Gothic for text, GothicCoding for code), Symbola for the emoji Nanum lacks, latexmk, and
# poppler-utils (pdffonts, pdftotext, pdfimages) for tests/pdf_checks.py.
set -euo pipefail
pkgs=(texlive-xetex texlive-lang-korean texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
      texlive-plain-generic fonts-nanum fonts-nanum-coding fonts-symbola latexmk poppler-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup_tex: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
