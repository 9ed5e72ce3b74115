#!/usr/bin/env bash
# Regenerate the pictures in docs/render/ (run from anywhere):
#   docs/render/make.sh
# For two real plans: the .docx turned into PDF by LibreOffice and into PNG by pdftoppm (the
# first two pages and the annex); the print HTML printed to PDF by headless Chromium (the
# same pages); and the report page as a Chromium screenshot.
# Needs (Debian): libreoffice-writer-nogui poppler-utils chromium fonts-noto-cjk
# fonts-arphic-ukai imagemagick.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/docs/render"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export FONTCONFIG_FILE="$out/fonts.conf"
cargo build --quiet --manifest-path "$root/Cargo.toml"
plan="$root/target/debug/plan"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/chrome")

# Pages 1, 2 and the annex's first (附件 / 任务分工表) of a PDF, as PNGs $2-1.png, $2-2.png,
# $2-annex.png.
pages() {
  local pdf=$1 name=$2 n
  n=$(pdftotext -layout "$pdf" - | awk 'BEGIN {RS="\f"} /任务分工表/ && !n {n = NR} END {print n}')
  pdftoppm -png -r 45 -f 1 -l 2 "$pdf" "$tmp/$name"
  pdftoppm -png -r 45 -f "$n" -l "$n" -singlefile "$pdf" "$tmp/$name-annex"
  for f in "$tmp/$name"-*1.png "$tmp/$name"-*2.png; do
    mv "$f" "$out/$name-${f##*-}"
  done
  mv "$tmp/$name-annex.png" "$out/$name-annex.png"
}

# Each plan with a "today" inside its period, so the report shows what is past and ahead.
for pt in anju-2025:2025-06-15 kaifeng-2024-h2:2024-10-15; do
  p=${pt%%:*} today=${pt#*:}
  "$plan" render "$root/plans/$p.plan" --allow-errors --to docx -o "$tmp/$p.docx" 2>/dev/null
  soffice -env:UserInstallation="file://$tmp/lo" --headless --convert-to pdf \
    --outdir "$tmp" "$tmp/$p.docx" >/dev/null 2>&1
  pages "$tmp/$p.pdf" "$p-docx"

  "$plan" render "$root/plans/$p.plan" --allow-errors --to html -o "$tmp/$p.html" 2>/dev/null
  "${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$tmp/$p-html.pdf" \
    "file://$tmp/$p.html" >/dev/null 2>&1
  pages "$tmp/$p-html.pdf" "$p-html"

  (cd "$root" && "$plan" report "plans/$p.plan" --today "$today" --lang zh -o "$tmp/$p-report.html")
  "${chrome[@]}" --hide-scrollbars --window-size=1000,1300 \
    --screenshot="$tmp/$p-report.png" "file://$tmp/$p-report.html" >/dev/null 2>&1
  convert "$tmp/$p-report.png" -resize 70% "$out/$p-report.png"
done
ls -la "$out"
