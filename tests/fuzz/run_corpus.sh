#!/usr/bin/env bash
# The regression run of one fuzz target, as the test suite runs it: each committed crash reproducer
# that is not listed as known (crashes/known.txt), then the committed corpus and a fixed number of
# mutations from a fixed seed, so that a run is the same every time. Exit 77 (ctest: skipped) when
# the target is not built.
#   tests/fuzz/run_corpus.sh BINARY TARGET      e.g. build-fuzz/tests/fuzz/fuzz_csv_reader csv_reader
# KUNLUN_FUZZ_RUNS sets the number of mutations (default 1000).
set -euo pipefail
binary=$1 target=$2
here=$(cd "$(dirname "$0")" && pwd)
runs=${KUNLUN_FUZZ_RUNS:-1000}

if [ ! -x "$binary" ]; then
  echo "kunlun fuzz: $binary is not built (tests/fuzz/build.sh builds it); skipped"
  exit 77
fi
# The targets write their inputs to files under TMPDIR; a crashing process cannot remove them.
work=$(mktemp -d "${TMPDIR:-/tmp}/kunlun-fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
mkdir "$work/found"
options=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024)

reproducers=()
for f in "$here/crashes/$target"/*; do
  [ -f "$f" ] && [ "${f%.txt}" = "$f" ] || continue
  name=$target/$(basename "$f")
  if awk -v n="$name" '$1 == n { found = 1 } END { exit !found }' "$here/crashes/known.txt" 2>/dev/null; then
    echo "kunlun fuzz: $name is a known crash, not fixed yet (crashes/known.txt); not run"
  else
    reproducers+=("$f")
  fi
done
if [ ${#reproducers[@]} -gt 0 ]; then
  "$binary" "${options[@]}" "${reproducers[@]}"
fi

# A crash found here is written to the working folder of the test (ctest: <build>/tests/fuzz).
"$binary" "${options[@]}" -seed=1 -runs="$runs" -print_final_stats=1 \
  -artifact_prefix="$PWD/fuzz-$target-" "$work/found" "$here/corpus/$target"
