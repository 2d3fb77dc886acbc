#!/usr/bin/env bash
# Smoke test: the real program, under Xvfb, plays the demo and writes a screenshot of each
# screen in Japanese and in English; every PNG must be a drawn UI, not a blank frame.
# usage: gui_screenshot.sh SOCSIM PNG_CHECK OUT_DIR
set -euo pipefail
socsim=$1 png_check=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run is missing (apt-get install xvfb xauth)" >&2
  exit 1
fi
for lang in ja en; do
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$socsim" --db "$out/smoke.db" --lang "$lang" demo --out "$out/$lang" > "$out/demo-$lang.txt"
  for screen in catalogue lesson workspace alerts charts sql hostview evidence help response guide report quiz debrief; do
    test -s "$out/$lang/$screen.png" || { echo "missing $out/$lang/$screen.png" >&2; cat "$out/demo-$lang.txt" >&2; exit 1; }
  done
  "$png_check" "$out/$lang"/*.png
done
grep -q "isolated" "$out/demo-en.txt"
grep -q "隔離" "$out/demo-ja.txt"

# Without any Japanese font the program still starts, in English, with one warning.
cat > "$out/no-fonts.conf" <<CONF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><cachedir>$out/fc-cache</cachedir></fontconfig>
CONF
FONTCONFIG_FILE="$out/no-fonts.conf" xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$socsim" --db "$out/smoke.db" --lang ja demo --out "$out/nofont" > "$out/demo-nofont.txt" 2> "$out/demo-nofont.err"
test "$(grep -c 'no Japanese font' "$out/demo-nofont.err")" -eq 1 || { cat "$out/demo-nofont.err" >&2; exit 1; }
"$png_check" "$out/nofont"/*.png
echo "smoke: ok"
