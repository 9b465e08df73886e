#!/usr/bin/env bash
# Debian packages `make pdf` needs: XeLaTeX with kotex (Korean line breaking), the Nanum fonts
# (Myeongjo/Gothic for text, GothicCoding for code), Symbola for the emoji Nanum lacks, latexmk, and
# poppler-utils (pdffonts, pdftotext, pdfimages) for tests/pdf_checks.py.
set -euo pipefail
exec "$(dirname "$0")/apt_install.sh" setup_tex texlive-xetex texlive-lang-korean texlive-latex-recommended \
  texlive-latex-extra texlive-fonts-recommended texlive-plain-generic fonts-nanum fonts-nanum-coding \
  fonts-symbola latexmk poppler-utils
