#!/usr/bin/env bash
# Wall time of the whole suite run as N shards in parallel processes on this machine, each with its
# own bundled reference server and stand-ins, then merged into one report and verdict: what a CI
# matrix of N jobs does, squeezed onto one host. Time 1 shard against 4 from outside with a process
# timer, in turn, several times:
#
#   mvn -B -q package -DskipTests
#   /usr/bin/time -v dev/bench/shards.sh 1
#   /usr/bin/time -v dev/bench/shards.sh 4 --threads 1
# Extra arguments go to every shard, e.g. dev/bench/shards.sh 4 --tags '@API-1.1 or @WF-04' --threads 1;
# KIT_JAVA_OPTS to each shard's JVM, e.g. KIT_JAVA_OPTS=-Dagents.timeout.startup=180s.
# Exits non-zero when a shard or the merge does: a run that timed a failure is not a figure.
# The shards' and the merged reports stay in $SHARDS_WORK (default: a fresh temporary directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:?usage: dev/bench/shards.sh N [kit options...]}"
shift
jar="target/kit/agents-conformance-kit.jar"
[ -f "$jar" ] || { echo "no $jar: mvn -B -q package -DskipTests first" >&2; exit 2; }
work="${SHARDS_WORK:-$(mktemp -d)}"
mkdir -p "$work"
start=$(date +%s.%N)
pids=()
for i in $(seq 1 "$count"); do
  if [ "$count" -eq 1 ]; then shard=(); else shard=(--shard "$i/$count"); fi
  # shellcheck disable=SC2086
  java ${KIT_JAVA_OPTS:-} -jar "$jar" "${shard[@]}" --no-html-report --report-dir "$work/shard-$i" "$@" > "$work/shard-$i.out" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "shard $((i + 1))/$count failed: see $work/shard-$((i + 1)).out" >&2
    status=1
  fi
done
ran=$(date +%s.%N)
if [ "$count" -gt 1 ]; then
  dirs=(); for i in $(seq 1 "$count"); do dirs+=("$work/shard-$i"); done
  java -jar "$jar" merge --no-html-report --report-dir "$work/merged" "${dirs[@]}" > "$work/merge.out" 2>&1 \
    || { echo "the merge failed: see $work/merge.out" >&2; status=1; }
  grep '^Verdict:' "$work/merge.out" || true
else
  grep '^Verdict:' "$work/shard-1.out" || true
fi
end=$(date +%s.%N)
awk -v n="$count" -v s="$start" -v r="$ran" -v e="$end" -v w="$work" \
  'BEGIN { printf "%d shard(s): shards %.1f s, merge %.1f s, total %.1f s (reports in %s)\n", n, r - s, e - r, e - s, w }'
exit $status
