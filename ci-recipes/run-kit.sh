#!/usr/bin/env bash
# Runs the Agents Conformance Kit in any CI, and exits with the kit's exit code (0 conformant,
# 1 a MUST case failed, 2 could not judge everything, 3 a stale baseline entry).
#
#   KIT_JAR=agents-conformance-kit.jar ci-recipes/run-kit.sh --target http://localhost:8080 \
#     --token "$ADA" --other-token "$GRACE" --standin-port 4010
#   KIT_JAR=agents-conformance-kit.jar ci-recipes/run-kit.sh --target-image acme/orchestrator:1.2
#   KIT_IMAGE=agents-conformance/kit:0.1.0 ci-recipes/run-kit.sh --target http://localhost:8080 ...
#
# Every argument goes to the kit as it is (README, "Pointing the kit at your server"), and so do
# the AGENTS_* variables of the environment. Besides them:
#   KIT_JAR / KIT_IMAGE  the kit to run: its jar (with java on the PATH), or its image (docker run)
#   REPORT_DIR           where the reports go (default: reports)
#   BASELINE             a known-failures baseline file (YAML), if any
#   START_SERVER         a command that starts your server in the background of this script
#                        (stopped when the kit is done); the kit waits for its /api/health
# What to keep as artifacts afterwards: $REPORT_DIR/junit/ (JUnit XML), $REPORT_DIR/allure-report/
# (the report, one index.html), $REPORT_DIR/conformance-summary.md and .json, and
# $REPORT_DIR/conformance-badge.json (a shields.io endpoint badge).
set -uo pipefail
report_dir="${REPORT_DIR:-reports}"
mkdir -p "$report_dir"

server_pid=""
if [[ -n "${START_SERVER:-}" ]]; then
  bash -c "$START_SERVER" > "$report_dir/server.log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null' EXIT
fi

args=("$@")
if [[ -n "${BASELINE:-}" ]]; then
  args+=(--baseline "$BASELINE")
fi

if [[ -n "${KIT_IMAGE:-}" ]]; then
  # The image writes to /reports as the caller's user, and reaches a server on this machine's
  # loopback through the host network. A baseline is mounted beside it.
  mounts=(-v "$(cd "$report_dir" && pwd):/reports")
  if [[ -n "${BASELINE:-}" ]]; then
    mounts+=(-v "$(cd "$(dirname "$BASELINE")" && pwd)/$(basename "$BASELINE"):/baseline.yaml:ro")
    args=("$@" --baseline /baseline.yaml)
  fi
  docker run --rm --network host --user "$(id -u):$(id -g)" "${mounts[@]}" \
    --env-file <(env | grep '^AGENTS_' | grep -v '^AGENTS_REPORTS_DIR=') \
    "$KIT_IMAGE" "${args[@]}"
  code=$?
elif [[ -n "${KIT_JAR:-}" ]]; then
  java -jar "$KIT_JAR" --report-dir "$report_dir" "${args[@]}"
  code=$?
else
  echo "run-kit.sh: set KIT_JAR (the kit's jar) or KIT_IMAGE (the kit's image)" >&2
  exit 2
fi

if [[ -f "$report_dir/conformance-summary.md" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  cat "$report_dir/conformance-summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
echo "The kit exited with $code (reports in $report_dir)"
exit "$code"
