#!/usr/bin/env bash
# kunlun under sanitizers: builds and runs the three configurations, each in its own build folder
# with ccache, so that a second run rebuilds only what changed.
#
#   tests/sanitize.sh [default] [asan] [tsan]   (none given: all three, in that order)
#
#   default  build/       Release, GCC, libgomp: the whole suite (ctest), as ./test.sh runs it.
#   asan     build-asan/  -DKUNLUN_SANITIZE=address,undefined, GCC: the whole C++ and Python suite
#                         (ctest). Every finding fails its test (-fno-sanitize-recover=all). The
#                         Python tests run Debian's python3, which is not built with ASan: ctest
#                         preloads GCC's libasan and libstdc++ for them (LD_PRELOAD) with
#                         ASAN_OPTIONS=detect_leaks=0, since CPython never frees its interned
#                         objects (CMakeLists.txt sets both).
#   tsan     build-tsan/  -DKUNLUN_SANITIZE=thread, clang with LLVM's libomp and its Archer tool
#                         (libarcher.so, OMP_TOOL_LIBRARIES): the determinism and parallel tests
#                         (TSAN_FILTER below). GCC's libgomp is not built with TSan, so TSan cannot
#                         see its barriers and reports races that are not there; Archer tells TSan
#                         what libomp's barriers, tasks and locks order. No Python module here.
#
# Once build-asan/ exists, ./test.sh runs its suite too (README.md, "Testing"). Missing packages
# (ccache; clang and libomp-dev for tsan) are installed with apt-get. Times on the shared 2-core
# development machine (JOBS=2): build-asan 51 min from scratch, its suite 126 s (python_tests
# 122 s of it); build-tsan about 25 min, its subset (23 tests) 54 s; rebuilds after a small
# change take seconds to a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS="${JOBS:-$(nproc)}"
# Determinism and parallelism: output identical on 1, 2 and 4 threads (engine, golden hashes,
# shipped scenarios with every policy, the CLI), thread-independent random draws, synthesis, and
# the batches that run replications, comparisons and sweep points side by side.
TSAN_FILTER="Simulation.ResultsAreIdenticalForOneTwoAndFourThreads:ScenarioRunGolden.*:ShippedScenarios.*"
TSAN_FILTER+=":KeyedRng.*:PopulationSynthesis.*:ReplicationBatch.*:PairedComparison.*:Sweep.WritesOneRow*"
TSAN_FILTER+=":Cli.*ByteIdentical*:Cli.CompareRunsPaired*:Cli.SweepWritesARowPerPoint*"

need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "sanitize.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# configure DIR [cmake options...]: configures once; later runs only rebuild.
configure() {
  local dir="$1"
  shift
  [ -f "$dir/CMakeCache.txt" ] && return
  cmake -S . -B "$dir" -G Ninja -DPython3_EXECUTABLE=/usr/bin/python3 \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache "$@" >/dev/null
}

timed() {
  local start=$SECONDS
  "$@"
  echo "sanitize.sh: '$*' took $((SECONDS - start)) s"
}

run_default() {
  configure build -DCMAKE_BUILD_TYPE=Release
  timed cmake --build build -j "$JOBS"
  timed ctest --test-dir build --output-on-failure -j "$JOBS"
}

# The sanitized builds leave out the benchmarks (not tests) and the install test, whose consumer
# project would have to link the sanitizer runtimes too.
run_asan() {
  configure build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DKUNLUN_SANITIZE=address;undefined" \
    -DKUNLUN_BUILD_BENCHMARKS=OFF -DKUNLUN_INSTALL=OFF
  timed cmake --build build-asan -j "$JOBS"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    timed ctest --test-dir build-asan --output-on-failure -j "$JOBS"
}

run_tsan() {
  need_packages clang libomp-dev
  local archer
  archer="$(find /usr/lib/llvm-*/lib -name libarcher.so 2>/dev/null | sort -V | tail -1)"
  [ -n "$archer" ] || { echo "sanitize.sh: no libarcher.so (Debian package libomp-<version>-dev)" >&2; exit 1; }
  configure build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKUNLUN_SANITIZE=thread \
    -DCMAKE_CXX_COMPILER=clang++ -DKUNLUN_BUILD_PYTHON=OFF -DKUNLUN_BUILD_BENCHMARKS=OFF -DKUNLUN_INSTALL=OFF
  timed cmake --build build-tsan -j "$JOBS" --target kunlun kunlun_tests
  # libomp itself is not instrumented: its internal locks are Archer's to describe, and TSan is
  # told to ignore what it sees inside (ignore_noninstrumented_modules, as Archer asks). TSan's
  # exit code 66 fails the run.
  export OMP_TOOL_LIBRARIES="$archer"
  export TSAN_OPTIONS="${TSAN_OPTIONS:-ignore_noninstrumented_modules=1 halt_on_error=1 second_deadlock_stack=1}"
  # Archer says on stdout that it is attached (verbose=1), which would disturb the tests that read
  # stdout: one parallel test shows it first, the others run without it.
  local shown
  shown="$(ARCHER_OPTIONS=verbose=1 build-tsan/tests/kunlun_tests --gtest_filter=KeyedRng.DrawsDoNotDependOnThreadCountOrOrder)"
  grep -q "Archer detected OpenMP application with TSan" <<<"$shown" ||
    { echo "sanitize.sh: Archer ($archer) is not attached to libomp" >&2; exit 1; }
  timed build-tsan/tests/kunlun_tests --gtest_filter="$TSAN_FILTER"
}

need_packages ccache
configurations=("$@")
[ ${#configurations[@]} -gt 0 ] || configurations=(default asan tsan)
for c in "${configurations[@]}"; do
  case "$c" in
    default) run_default ;;
    asan) run_asan ;;
    tsan) run_tsan ;;
    *) echo "sanitize.sh: unknown configuration '$c' (default, asan or tsan)" >&2; exit 2 ;;
  esac
done
echo "sanitize.sh: ${configurations[*]}: passed"
