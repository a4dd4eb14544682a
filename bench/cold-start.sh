#!/usr/bin/env bash
# Cold start of every Java function: process start → first invocation answered, each run a new JVM.
#   bench/cold-start.sh [RUNS] [FUNCTION…]     (default: 5 runs of ingest lifecycle notify escalate interact deliver)
# Needs the functions' shaded jars and test classes, built without installing anything:
#   ./mvnw -B -q package -DskipTests -pl services/ingest,services/lifecycle,services/notify,services/escalate,services/interact,services/deliver -am
# (`./klaxon bench cold-start` does that first when they are missing or older than the sources.)
# The wall time is taken outside the JVM, from just before exec to the moment the probe's COLD_START line
# reaches the script (printed right after the reply JSON is written), not to the JVM's exit; init and
# first request come from inside.
# Each function runs twice: as is ("cold") and with its SnapStart priming run before the request
# ("primed", what a restored snapshot starts from, minus the restore itself).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-5}"; shift || true
functions=("$@")
[ ${#functions[@]} -gt 0 ] || functions=(ingest lifecycle notify escalate interact deliver)
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
# The JVM the template gives the functions: its JAVA_TOOL_OPTIONS (C1 only, the serial collector, the heap
# and metaspace sizes), and the memory of its MemorySize (-XX:MaxRAM), so that heap ergonomics size the heap
# as in a 1 GB Lambda, not as on this machine. KLAXON_BENCH_JAVA_OPTS replaces both.
template_opts="$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' sam/template.yaml | head -1)"
template_mb="$(awk '/^Globals:/ {g = 1} g && /^ *MemorySize:/ {print $2; exit}' sam/template.yaml)"
[ -n "$template_opts" ] && [ -n "$template_mb" ] ||
  { echo "bench/cold-start.sh: no JAVA_TOOL_OPTIONS or Globals MemorySize in sam/template.yaml" >&2; exit 2; }
read -r -a java_opts <<< "${KLAXON_BENCH_JAVA_OPTS:-$template_opts -XX:MaxRAM=${template_mb}m}"
# The probes make no AWS call; this keeps a stray credential or region lookup from waiting on a network.
export AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench

one() { # pattern: the single file it must match
  local found=($1)
  [ -e "${found[0]}" ] || { echo "bench/cold-start.sh: missing $1 (build first, see the header)" >&2; exit 2; }
  echo "${found[0]}"
}

# The function's classes as Lambda has them: the Makefile extracts the shaded jar at the package root
# (/var/task), so the probe loads them from the same jar extracted into target/lambda-root (again when
# the jar is newer).
task_root() { # function → its extracted package directory
  local jar root="services/$1/target/lambda-root"
  jar="$(one "services/$1/target/klaxon-$1-*-lambda.jar")"
  if [ ! -d "$root" ] || [ "$jar" -nt "$root" ]; then
    rm -rf "$root" && mkdir -p "$root" && (cd "$root" && "$JAVA_HOME/bin/jar" xf "$OLDPWD/$jar") && touch "$root"
  fi
  echo "$root"
}

classpath() { # function → the class path of its probe
  local module="services/$1"
  local cp
  cp="$(task_root "$1"):$module/target/test-classes:$(one "libs/domain/target/klaxon-domain-*-tests.jar")"
  [ "$1" != notify ] || cp="$cp:$(one "libs/slack/target/klaxon-slack-*-tests.jar")"
  echo "$cp"
}

# shellcheck source=bench/probe-stubs.sh
source "$root/bench/probe-stubs.sh"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }

rows=()
probe() { # label, class path, main class, args…
  local label="$1" cp="$2"; shift 2
  local walls=() inits=() firsts=()
  for ((i = 0; i < runs; i++)); do
    local start line="" end=""
    # The end is stamped by the reader the moment the line arrives, not when the JVM has exited: a JVM's
    # exit waits for its compiler threads to finish their queue (up to ~300 ms after a start this busy),
    # which no invocation waits for. The reader is waited for before the next run, so runs never overlap.
    start=${EPOCHREALTIME/./}
    { read -r end line || true; } < <("$java" "${java_opts[@]}" -Dklaxon.bench.exec-us="$start" -cp "$cp" "$@" 2>/dev/null |
      while IFS= read -r out; do [[ $out != "COLD_START "* ]] || echo "${EPOCHREALTIME/./} $out"; done)
    wait $! || true
    [ -n "$line" ] || { echo "$label: the probe printed no COLD_START line; run it by hand: $java -cp $cp $*" >&2; exit 1; }
    walls+=($(( (end - start) / 1000 )))
    inits+=("$(echo " $line" | field init_ms)"); firsts+=("$(echo " $line" | field first_request_ms)")
    echo "$label run $((i + 1)): wall_ms=${walls[-1]} $line" >&2
  done
  local sorted init_range first_range
  sorted="$(printf '%s\n' "${walls[@]}" | sort -n | tr '\n' ' ')"
  init_range="$(printf '%s\n' "${inits[@]}" | grep . | sort -n | sed -n '1p;$p' | paste -sd'-' || true)"
  first_range="$(printf '%s\n' "${firsts[@]}" | grep . | sort -n | sed -n '1p;$p' | paste -sd'-' || true)"
  rows+=("| $label | ${sorted% } | $(printf '%s\n' "${walls[@]}" | median) | ${init_range:-–} | ${first_range:-–} |")
}

echo "$("$java" -version 2>&1 | head -1), options: ${java_opts[*]}, $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
probe "bare JVM" "$(one "services/interact/target/test-classes")" io.klaxon.interact.coldstart.BareJvmProbe
for f in "${functions[@]}"; do
  case "$f" in ingest|lifecycle|notify|escalate|interact|deliver) ;; *) echo "unknown function '$f'" >&2; exit 2 ;; esac
  cp="$(classpath "$f")"
  extra=()
  read -r stub_class stub_arg <<< "$(stub_of "$f")"
  if [ -n "$stub_class" ]; then
    # Slack (notify) and PagerDuty (deliver) are other machines for the deployed function: their stub runs in
    # a JVM of its own, started once, so each probe's JVM loads and runs only the function (the stub ends
    # when its input closes).
    coproc stub { exec "$java" -cp "$cp" "$stub_class" 2>/dev/null; }
    read -r -u "${stub[0]}" _ stub_url || { echo "$f: the stub $stub_class did not start" >&2; exit 1; }
    extra=("$stub_arg=$stub_url")
  fi
  probe "$f" "$cp" "io.klaxon.$f.coldstart.ColdStartProbe" "${extra[@]}"
  probe "$f, primed" "$cp" "io.klaxon.$f.coldstart.ColdStartProbe" primed "${extra[@]}"
  if [ -n "$stub_class" ]; then
    eval "exec ${stub[1]}>&-"
    wait "$stub_PID" || true
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| function | wall ms, $runs runs sorted | median | init ms | first request ms |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
