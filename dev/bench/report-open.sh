#!/usr/bin/env bash
# How long the suite's single-file HTML report takes to open in a real headless Chromium: the
# browser is started, the page loaded and its scripts run until the DOM settles, as ReportCheck
# does at verify. `--floor` opens an empty page instead, so the browser's own start-up, measured in
# the same session, can be taken off. Time it from outside with farm-bench (the figure in the
# issue 10 note came from this):
#
#   mvn -B verify                          # writes reports/allure-report/index.html
#   farm-bench -n 5 --timeout 600 --vs 'dev/bench/report-open.sh --floor' -- dev/bench/report-open.sh
#
# Exits non-zero when the page does not show a count of test cases, so a run that timed a broken
# report is not mistaken for a fast one.
set -euo pipefail
cd "$(dirname "$0")/../.."
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$browser" ] || { echo "no headless Chromium: apt-get install chromium, or set CHROMIUM" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
page="${1:-reports/allure-report/index.html}"
if [ "$page" = "--floor" ]; then
  page="$work/empty.html"
  echo '<!doctype html><title>floor</title><p>0 test cases' > "$page"
fi
[ -f "$page" ] || { echo "no report at $page: run mvn -B verify first" >&2; exit 2; }
dom="$("$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --user-data-dir="$work/profile" --virtual-time-budget=30000 --dump-dom "file://$(realpath "$page")" 2>/dev/null)"
grep -q 'test cases' <<<"$dom" || { echo "the page shows no count of test cases: $page" >&2; exit 1; }
echo "opened $page ($(du -k "$page" | cut -f1) KiB)"
