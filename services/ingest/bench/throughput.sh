#!/usr/bin/env bash
# Side-by-side normalization throughput (issue 10, item 6): Klaxon's ingest normalizing and serializing
# one CloudWatch-alarm SNS event (JMH AlarmThroughputBenchmark) on one core, and the Python peer
# (terraform-aws-notify-slack's get_slack_message_payload + json.dumps) on another core, at the same
# time, on the same sample file. Prints events/s for both and the ratio. It measures; it never fails on
# a figure.
#
#   services/ingest/bench/throughput.sh [PEER_FUNCTIONS_DIR]
#
# PEER_FUNCTIONS_DIR is the peer's functions/ directory (holding notify_slack.py), fetched separately;
# without it the peer side is skipped with a message. Environment: JAVA_HOME (JDK 21+), PYTHON (a
# Python 3 for the peer; default python3), SECONDS_PER_SIDE (measurement time, default 20), SAMPLE
# (a file under services/ingest/src/test/resources/samples; default the real CloudWatch alarm below).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/.." && pwd)"
root="$(cd "$module/../.." && pwd)"
peer_dir="${1:-}"
sample="${SAMPLE:-sns-cloudwatch/rheoceros-metric-alarm-real.json}"
seconds="${SECONDS_PER_SIDE:-20}"
python="${PYTHON:-python3}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
sample_file="$module/src/test/resources/samples/$sample"
[[ -f "$sample_file" ]] || { echo "no sample $sample_file" >&2; exit 2; }

peer_ok=""
if [[ -z "$peer_dir" ]]; then
  echo "peer: skipped (no PEER_FUNCTIONS_DIR given; fetch terraform-aws-modules/terraform-aws-notify-slack and pass its functions/ directory)"
elif [[ ! -f "$peer_dir/notify_slack.py" ]]; then
  echo "peer: skipped ($peer_dir has no notify_slack.py)"
elif ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null; then
  echo "peer: skipped (no Python 3.8+ at '$python'; set PYTHON)"
else
  peer_ok=yes
fi

# Build the test classes with JMH's annotation processor (no install: the reactor resolves the libs).
# A normal build recompiles the test classes without it, so start from clean test classes.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$module/target/test-classes"
(cd "$root" && ./mvnw -B -q -pl services/ingest -am -Pbench test-compile dependency:build-classpath \
    -DskipTests -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test) > "$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; exit 1; }
cp="$module/target/test-classes:$module/target/classes:$(cat "$work/cp.txt")"

# One core each when taskset exists: Java on CPU 0 (the JMH fork inherits it), the peer on CPU 1.
pin() { if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
command -v taskset >/dev/null || echo "note: no taskset; the two sides are not pinned to one core each"

echo "machine: $(nproc) CPUs, $(uptime | sed 's/.*load average/load average/')"
echo "sample: $sample"
iterations=$(( seconds / 2 > 0 ? seconds / 2 : 1 ))
pin 0 "$java" -cp "$cp" org.openjdk.jmh.Main 'AlarmThroughputBenchmark' -p sample="$sample" \
    -f 1 -wi 5 -w 2s -i "$iterations" -r 2s -tu s -bm thrpt -rf json -rff "$work/jmh.json" > "$work/jmh.log" 2>&1 &
java_pid=$!
if [[ -n "$peer_ok" ]]; then
  # The peer warms up faster than the JVM: start it when the JMH warm-up is about done.
  sleep 10
  pin 1 "$python" "$here/peer_throughput.py" "$peer_dir" "$sample_file" "$seconds" > "$work/peer.txt" 2>&1 || true
fi
wait "$java_pid" || { tail -40 "$work/jmh.log" >&2; exit 1; }
echo "machine after: $(uptime | sed 's/.*load average/load average/')"

java_rate=$("$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]["primaryMetric"]; print("%.0f %.0f" % (r["score"], r["scoreError"]))' "$work/jmh.json")
echo "klaxon (Java, JMH, $("$java" -version 2>&1 | head -1 | cut -d'"' -f2)): ${java_rate% *} events/s (± ${java_rate#* }, 99.9 %)"
if [[ -n "$peer_ok" ]]; then
  peer_rate=$(awk '/^peer /{print $2}' "$work/peer.txt")
  if [[ -z "$peer_rate" ]]; then
    echo "peer: failed:"; cat "$work/peer.txt"
  else
    echo "peer (Python $("$python" -c 'import platform; print(platform.python_version())')): $peer_rate events/s"
    "$python" -c 'import sys; print("ratio klaxon/peer: %.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "${java_rate% *}" "$peer_rate"
  fi
fi
