#!/bin/sh
# Regenerates small.pdf (the PDF fuzz seed) from score_page.html with Chromium.
set -e
cd "$(dirname "$0")"
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=small.pdf "file://$PWD/score_page.html"
