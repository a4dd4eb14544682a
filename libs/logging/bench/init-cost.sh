#!/usr/bin/env bash
# What the logging provider adds to a cold start: a fresh JVM per run, timing the first SLF4J call
# (provider discovery, initialisation, first line written) with Klaxon's provider and with
# slf4j-simple (what the functions used before). Usage, from the repository root, after
# `./mvnw -B -q -pl libs/logging verify`:
#   libs/logging/bench/init-cost.sh [runs]
set -euo pipefail
runs="${1:-10}"
here="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
m2="${M2_REPO:-$HOME/.m2/repository}/org/slf4j"
version=2.0.17
api="$m2/slf4j-api/$version/slf4j-api-$version.jar"
simple="$m2/slf4j-simple/$version/slf4j-simple-$version.jar"
[ -f "$simple" ] || { echo "needs $simple (e.g. ./mvnw dependency:get -Dartifact=org.slf4j:slf4j-simple:$version)" >&2; exit 2; }

probe() { # name, class path
  local name="$1" cp="$2" us=()
  for ((i = 0; i < runs; i++)); do
    us+=($("$java" -XX:TieredStopAtLevel=1 -cp "$cp" io.klaxon.logging.bench.InitCostProbe 2>&1 >/dev/null \
      | sed -n 's/.*first_line_us=\([0-9]*\).*/\1/p'))
  done
  printf '%s first line µs, sorted: %s\n' "$name" "$(printf '%s\n' "${us[@]}" | sort -n | tr '\n' ' ')"
}

"$java" -version 2>&1 | head -1
probe klaxon-logging "$here/target/test-classes:$here/target/classes:$api"
probe slf4j-simple "$here/target/test-classes:$api:$simple"
