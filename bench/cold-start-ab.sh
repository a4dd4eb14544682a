#!/usr/bin/env bash
# One function's cold start in two checkouts, runs alternated (A, B, A, B, …) so that both meet the same machine:
#   bench/cold-start-ab.sh RUNS FUNCTION CHECKOUT_A CHECKOUT_B [PROBE_ARG…]     (e.g. 15 notify ../base . ; "primed")
# Each checkout needs its function's shaded jar and test classes, built without installing anything:
#   (cd CHECKOUT && ./mvnw -B -q package -DskipTests -pl services/FUNCTION -am)
# Each checkout runs its own package (extracted as Lambda does, again whenever the jar changes) with its own test
# classes, in the template's JVM (as bench/cold-start.sh). For notify, one Slack stub process serves both, as in
# bench/cold-start.sh. Prints the medians (wall ms from exec to the COLD_START line, init and first request ms from
# inside), each side's sorted wall times, and the load average before and after: on a shared machine only a
# comparison made within one run means something.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,3p' "$0" >&2; exit 2; }
runs=$1 f=$2 a=$(cd "$3" && pwd) b=$(cd "$4" && pwd); shift 4
probe_args=("$@")
root="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
template_opts="$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$root/sam/template.yaml" | head -1)"
template_mb="$(awk '/^Globals:/ {g = 1} g && /^ *MemorySize:/ {print $2; exit}' "$root/sam/template.yaml")"
read -r -a java_opts <<< "${KLAXON_BENCH_JAVA_OPTS:-$template_opts -XX:MaxRAM=${template_mb}m}"
export AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench

one() { local found=($1); [ -e "${found[0]}" ] || { echo "missing $1 (build first, see the header)" >&2; exit 2; }; echo "${found[0]}"; }
classpath() { # checkout → its probe's class path, the package extracted into a directory keyed by the jar and its time
  local co=$1 jar dir
  jar="$(one "$co/services/$f/target/klaxon-$f-*-lambda.jar")"
  dir="${TMPDIR:-/tmp}/klaxon-ab-$(echo "$jar $(stat -c %Y "$jar")" | md5sum | cut -c1-10)"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir.part" && (cd "$dir.part" && "$JAVA_HOME/bin/jar" xf "$jar") && mv "$dir.part" "$dir"
  fi
  local cp="$dir:$co/services/$f/target/test-classes:$(one "$co/libs/domain/target/klaxon-domain-*-tests.jar")"
  [ "$f" != notify ] || cp="$cp:$(one "$co/libs/slack/target/klaxon-slack-*-tests.jar")"
  echo "$cp"
}
cp_a="$(classpath "$a")"; cp_b="$(classpath "$b")"
# shellcheck source=bench/probe-stubs.sh
source "$root/bench/probe-stubs.sh"
read -r stub_class stub_arg <<< "$(stub_of "$f")"
if [ -n "$stub_class" ]; then
  coproc stub { exec "$java" -cp "$cp_a" "$stub_class" 2>/dev/null; }
  read -r -u "${stub[0]}" _ stub_url || { echo "$f: the stub $stub_class did not start" >&2; exit 1; }
  probe_args+=("$stub_arg=$stub_url")
fi

field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
declare -A walls inits firsts
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); options: ${java_opts[*]}"
for ((i = 0; i < runs; i++)); do
  for side in A B; do
    cp=$cp_a; [ $side = B ] && cp=$cp_b
    start=${EPOCHREALTIME/./} end="" line=""
    { read -r end line || true; } < <("$java" "${java_opts[@]}" -Dklaxon.bench.exec-us="$start" -cp "$cp" \
        "io.klaxon.$f.coldstart.ColdStartProbe" "${probe_args[@]}" 2>/dev/null |
      while IFS= read -r out; do [[ $out != "COLD_START "* ]] || echo "${EPOCHREALTIME/./} $out"; done)
    wait $! || true
    [ -n "$line" ] || { echo "$side: the probe printed no COLD_START line" >&2; exit 1; }
    walls[$side]+="$(( (end - start) / 1000 )) "
    inits[$side]+="$(echo " $line" | field init_ms) "; firsts[$side]+="$(echo " $line" | field first_request_ms) "
  done
done
if [ -n "$stub_class" ]; then eval "exec ${stub[1]}>&-"; wait "$stub_PID" || true; fi
for side in A B; do
  co=$a; [ $side = B ] && co=$b
  printf '%s %s: median %s ms (init %s, first request %s) [%s] %s\n' "$side" "$f" \
    "$(tr ' ' '\n' <<< "${walls[$side]}" | grep . | median)" "$(tr ' ' '\n' <<< "${inits[$side]}" | grep . | median)" \
    "$(tr ' ' '\n' <<< "${firsts[$side]}" | grep . | median)" "$(tr ' ' '\n' <<< "${walls[$side]}" | grep . | sort -n | tr '\n' ' ' | sed 's/ $//')" \
    "$(git -C "$co" rev-parse --short HEAD 2>/dev/null || echo "$co")"
done
# Each B run against the A run just before it: the machine's load drifts within a run (other builds come and go),
# and the median of these paired differences is steadier than the difference of the two medians.
read -r -a wa <<< "${walls[A]}"; read -r -a wb <<< "${walls[B]}"
diffs=(); for ((i = 0; i < ${#wa[@]}; i++)); do diffs+=($(( wb[i] - wa[i] ))); done
echo "B - A, paired: median $(printf '%s\n' "${diffs[@]}" | median) ms [$(printf '%s\n' "${diffs[@]}" | sort -n | tr '\n' ' ' | sed 's/ $//')]"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
