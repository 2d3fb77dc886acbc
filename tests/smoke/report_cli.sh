#!/usr/bin/env bash
# Smoke test of `socsim report`: the demo plays an attempt into a fresh database, then the HTML
# debrief, the Markdown incident report and the CSV are written as a trainer would ask for them.
# With Chromium on the machine, the HTML is opened headless and must show the score and the
# timeline as rendered text (not only in the source).
# usage: report_cli.sh SOCSIM OUT_DIR
set -euo pipefail
socsim=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
"$socsim" --db "$out/r.db" --lang en demo --no-screenshots > "$out/demo.txt"
id=$("$socsim" --db "$out/r.db" history | awk 'NR == 2 {print $1}')
[ -n "$id" ] || { echo "no attempt in the history" >&2; exit 1; }
"$socsim" --db "$out/r.db" --lang en report "$id" --format html --out "$out/debrief.html" > /dev/null
"$socsim" --db "$out/r.db" --lang ja report "$id" --format html --out "$out/debrief-ja.html" > /dev/null
"$socsim" --db "$out/r.db" --lang en report "$id" --format md > "$out/incident.md"
"$socsim" --db "$out/r.db" report --format csv > "$out/attempts.csv"
score=$(grep -o 'Total: [0-9.]*' "$out/demo.txt" | awk '{print $2}')
grep -q "Score: $score / 100" "$out/debrief.html"
grep -q "得点: $score / 100" "$out/debrief-ja.html"
grep -q '^## Affected devices' "$out/incident.md"
grep -q "^$id,demo-analyst,dns-beaconing,demo," "$out/attempts.csv"
if command -v chromium >/dev/null; then
  dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$(realpath "$out/debrief.html")" 2>/dev/null)
  echo "$dom" | grep -q "Score: $score / 100" || { echo "Chromium does not show the score" >&2; exit 1; }
  echo "$dom" | grep -q "What happened" || { echo "Chromium does not show the timeline" >&2; exit 1; }
  echo "$dom" | grep -q "<svg" || { echo "Chromium shows no chart" >&2; exit 1; }
  timeout 120 chromium --headless --no-sandbox --disable-gpu --screenshot="$out/debrief.png" --window-size=1100,2000 \
    "file://$(realpath "$out/debrief.html")" 2>/dev/null || true
  echo "report: checked in Chromium"
fi
echo "report: ok"
