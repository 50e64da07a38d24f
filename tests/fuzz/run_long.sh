#!/usr/bin/env bash
# A long fuzzing session: runs the fuzz targets one after the other for a total time, each from
# the committed corpus and its own working corpus (kept between sessions), and keeps every new
# kind of crash as a test case: minimised, written to tests/fuzz/crashes/<target>/ with a note,
# and listed in crashes/known.txt so that the regression run passes until the reader is fixed.
#   tests/fuzz/run_long.sh [--cpu] [SECONDS] [TARGET...]
# SECONDS is the total (default 3600), shared equally by the targets (default: all four); with
# --cpu it counts the targets' CPU time instead of the clock's, for a fair budget on a busy
# machine. A crash ends the fuzzer; it starts again for the time left. Builds the targets first
# (tests/fuzz/build.sh). Runs on one core; start it with `nice` on a shared machine.
# KUNLUN_FUZZ_BUILD_DIR (build-fuzz) and KUNLUN_FUZZ_WORK (<build>/fuzz-work) move the build and
# the working corpora; the session's numbers are in <work>/summary.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
clock=wall
if [ "${1:-}" = --cpu ]; then
  clock=cpu
  shift
fi
total=${1:-3600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario_loader region_table population_margins csv_reader)
build=${KUNLUN_FUZZ_BUILD_DIR:-$root/build-fuzz}
work=${KUNLUN_FUZZ_WORK:-$build/fuzz-work}
per_target=$((total / ${#targets[@]}))

KUNLUN_BUILD_JOBS=${KUNLUN_BUILD_JOBS:-1} "$here/build.sh" "$build"
mkdir -p "$work"
# The targets write each input to a file under TMPDIR, which crashing processes leave behind.
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
options=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024)

# What tells two crashes apart: the kind of failure (with the exception's type when one escaped)
# and the first engine line on the stack; only the file for a stack overflow or a timeout, whose
# innermost line is wherever the stack ran out or the clock struck.
signature() {
  local kind exception frame
  kind=$(grep -m1 -E '^SUMMARY:' "$1" | awk '{ print $2, $3 }') || true
  exception=$(grep -m1 -oE "throwing an instance of '[^']+'" "$1" | cut -d"'" -f2) || true
  frame=$(grep -m1 -oE '/engine/[^ :]+:[0-9]+' "$1" | sed 's|^/||') || true
  case $kind in *stack-overflow* | *timeout*) frame=${frame%:*} ;; esac
  echo "${kind:-no summary}${exception:+ ($exception)} at ${frame:-no engine frame}"
}

# Runs the target on one input; its report goes to $2, the signature to stdout, or nothing when
# the input runs through.
reproduce() {
  "$binary" "${options[@]}" "$1" > "$2" 2>&1 && return
  signature "$2"
}

# Keeps an input as a test case of its kind unless a committed case has its signature.
keep_case() {
  local input=$1 kind=$2 sig=$3 name
  if grep -qxF "signature: $sig" "$here/crashes/$target"/*.txt 2>/dev/null; then
    echo "  $kind already kept: $sig"
    return
  fi
  name=$kind-$(sha1sum "$input" | cut -c1-12)
  [ -e "$here/crashes/$target/$name" ] && return
  cp "$input" "$here/crashes/$target/$name"
  reproduce "$here/crashes/$target/$name" "$dir/reproduce.log" > /dev/null
  {
    echo "found by run_long.sh on $(date -u +%Y-%m-%d), not fixed"
    echo "signature: $sig"
    echo "reproduce: build-fuzz/tests/fuzz/fuzz_$target tests/fuzz/crashes/$target/$name"
    echo
    grep -E 'ERROR|SUMMARY|what\(\)|terminate|runtime error|^ +#[0-9]+ ' "$dir/reproduce.log" |
      sed -E "s| \(BuildId: [0-9a-f]+\)||; s|$build/\.\./||g; s|$root/||g" | head -24 || true
  } > "$here/crashes/$target/$name.txt"
  echo "$target/$name $sig" >> "$here/crashes/known.txt"
  echo "  new $kind kept: tests/fuzz/crashes/$target/$name ($sig)" | tee -a "$summary_file"
}

summary_file=$work/summary.txt
: > "$summary_file"
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  dir=$work/$target
  mkdir -p "$dir/corpus" "$dir/artifacts"
  rm -f "$dir/artifacts"/* "$dir/fuzz.log"
  echo "kunlun fuzz: $target for $per_target s ($clock; log: $dir/fuzz.log)"
  left=$per_target executions=0 cpu=0 wall=0 starts=0
  TIMEFORMAT='%R %U %S'
  while [ "$left" -ge 5 ] && [ "$starts" -lt 100 ]; do
    starts=$((starts + 1))
    times=$({ time "$binary" "${options[@]}" -max_total_time="$left" -print_final_stats=1 \
                -artifact_prefix="$dir/artifacts/" "$dir/corpus" "$here/corpus/$target" \
                > "$dir/start.log" 2>&1; } 2>&1) || true
    cat "$dir/start.log" >> "$dir/fuzz.log"
    read -r real user sys <<< "$times"
    used_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", u + s + 0.5 }')
    used_wall=$(awk -v r="$real" 'BEGIN { printf "%d", r + 0.5 }')
    cpu=$((cpu + used_cpu)) wall=$((wall + used_wall))
    runs=$(grep -E '^stat::number_of_executed_units' "$dir/start.log" | tail -1 | awk '{ print $2 }')
    executions=$((executions + ${runs:-0}))
    if [ "$clock" = cpu ]; then left=$((left - used_cpu)); else left=$((left - used_wall)); fi
    # At least a second a start, so that an input crashing at once cannot spin.
    left=$((left - 1))
  done
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED)' "$dir/fuzz.log" | tail -1 |
         grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+') || true
  echo "$target: $executions executions, ${last:-no coverage line}, ${cpu} s CPU, ${wall} s," \
       "$starts starts" | tee -a "$summary_file"

  mkdir -p "$here/crashes/$target"
  for artifact in "$dir/artifacts"/*; do
    [ -f "$artifact" ] || continue
    kind=$(basename "$artifact" | cut -d- -f1)  # crash, timeout, oom, leak, slow-unit
    [ "$kind" = slow ] && continue
    sig=$(reproduce "$artifact" "$dir/reproduce.log")
    if [ -z "$sig" ]; then
      # A timeout on a busy machine may be a process that got no CPU for 10 s.
      echo "  $kind does not happen again, not kept: $artifact" | tee -a "$summary_file"
      continue
    fi
    grep -qxF "signature: $sig" "$here/crashes/$target"/*.txt 2>/dev/null && continue
    # Minimising may end in another failure than the one found (a timeout shrinks to a stack
    # overflow): each is kept as its own case, the original unminimised if need be.
    minimised=$dir/minimised
    rm -f "$minimised"
    timeout 600 "$binary" "${options[@]}" -minimize_crash=1 -max_total_time=120 \
      -exact_artifact_path="$minimised" "$artifact" > "$dir/minimise.log" 2>&1 || true
    if [ -s "$minimised" ]; then
      minimised_sig=$(reproduce "$minimised" "$dir/reproduce.log")
      if [ "$minimised_sig" = "$sig" ]; then
        keep_case "$minimised" "$kind" "$sig"
        continue
      fi
      if [ -n "$minimised_sig" ]; then
        minimised_kind=crash
        grep -q 'libFuzzer: timeout' "$dir/reproduce.log" && minimised_kind=timeout
        grep -q 'libFuzzer: out-of-memory' "$dir/reproduce.log" && minimised_kind=oom
        keep_case "$minimised" "$minimised_kind" "$minimised_sig"
      fi
    fi
    keep_case "$artifact" "$kind" "$sig"
  done
done
rm -rf "$TMPDIR"
echo "kunlun fuzz: summary in $summary_file"
