#!/usr/bin/env bash
# Runs the conformance suite N times in a row against the bundled reference server, with the model
# answering whole and then streamed (the failsafe executions default and streamed), and prints one
# line per run; exits non-zero if any run failed. The suite must pass 20 runs out of 20.
#   mvn -B install -DskipTests && dev/repeat-suite.sh 20
# Touch nothing in the working tree while it runs: every run rebuilds nothing but shares target/.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
failed=0
for i in $(seq 1 "$runs"); do
  started=$(date +%s)
  output=$(timeout 900 mvn -B -f kit-pom.xml failsafe:integration-test failsafe:integration-test@streamed \
    failsafe:verify 2>&1)
  # One total per execution: whole answers, then streamed ones.
  summary=$(grep -E '^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' <<<"$output" \
    | sed 's/^\[[A-Z]*\] //' | paste -sd ';' -)
  echo "run $i/$runs ($(( $(date +%s) - started )) s): ${summary:-no summary}"
  totals=$(grep -o 'Failures: 0, Errors: 0' <<<"$summary" | wc -l)
  if [ "$totals" -ne 2 ] || ! grep -q 'BUILD SUCCESS' <<<"$output"; then failed=$((failed + 1)); fi
done
echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
