#!/usr/bin/env bash
# Runs the conformance suite N times in a row against the bundled reference server and prints one
# line per run; exits non-zero if any run failed. The suite must pass 20 runs out of 20.
#   mvn -B install -DskipTests && dev/repeat-suite.sh 20
# Touch nothing in the working tree while it runs: every run rebuilds nothing but shares target/.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
failed=0
for i in $(seq 1 "$runs"); do
  started=$(date +%s)
  summary=$(timeout 900 mvn -B -f kit-pom.xml failsafe:integration-test failsafe:verify 2>&1 \
    | grep -E 'Tests run: [0-9]+, Failures' | tail -1)
  echo "run $i/$runs ($(( $(date +%s) - started )) s): ${summary:-no summary}"
  case "$summary" in *"Failures: 0, Errors: 0"*) ;; *) failed=$((failed + 1)) ;; esac
done
echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
