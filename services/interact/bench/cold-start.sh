#!/usr/bin/env bash
# Times InteractHandler's cold start: process start → first signed Slack click answered.
# Usage (from the repository root, after `./mvnw -B -o -q -pl services/interact install`):
#   services/interact/bench/cold-start.sh [runs]
# Every run is a fresh JVM. The wall time is taken outside the JVM, from just before exec to the
# moment the probe prints its COLD_START line (it prints right after the reply JSON is written).
set -euo pipefail
runs="${1:-5}"
here="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
shaded="$(ls "$here"/target/klaxon-interact-*-lambda.jar)"
domain_tests="$(ls "$here"/../../libs/domain/target/klaxon-domain-*-tests.jar 2>/dev/null \
  || ls ~/.m2/repository/io/klaxon/klaxon-domain/*/klaxon-domain-*-tests.jar | tail -1)"
cp="$shaded:$here/target/test-classes:$domain_tests"

probe() { # name, main class, args...
  local name="$1"; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start line end
    start=$(date +%s%N)
    line=$("$java" -XX:TieredStopAtLevel=1 -cp "$cp" "$@" | grep -m1 '^COLD_START')
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    echo "$name run $((i + 1)): wall_ms=${times[-1]} $line"
  done
  printf '%s wall ms, sorted: %s\n' "$name" "$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
}

"$java" -version 2>&1 | head -1
probe bare-jvm io.klaxon.interact.coldstart.BareJvmProbe
probe interact io.klaxon.interact.coldstart.ColdStartProbe
probe interact+aws-clients io.klaxon.interact.coldstart.ColdStartProbe aws-clients
probe interact+primed io.klaxon.interact.coldstart.ColdStartProbe primed
