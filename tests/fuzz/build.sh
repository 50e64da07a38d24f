#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) in a clang build folder of their own, build-fuzz by
# default: the engine and the targets with ASan, UBSan and libFuzzer's coverage, -O1 with line
# tables for readable stack traces and assertions left on. Uses ccache when it is installed.
#   tests/fuzz/build.sh [BUILD_DIR] [--if-clang]
# --if-clang (the test suite's build step) ends quietly when clang is not installed; the fuzz tests
# are then skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=build-fuzz if_clang=
for arg in "$@"; do
  case $arg in --if-clang) if_clang=1 ;; *) dir=$arg ;; esac
done

for tool in clang clang++; do
  if ! command -v "$tool" >/dev/null; then
    echo "kunlun fuzz: $tool not found; ./setup.sh installs it (Debian package clang)" >&2
    [ -n "$if_clang" ] && exit 0
    exit 1
  fi
done
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

if [ ! -f "$dir/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DKUNLUN_BUILD_FUZZERS=ON -DKUNLUN_BUILD_TESTS=OFF -DKUNLUN_BUILD_BENCHMARKS=OFF \
    -DKUNLUN_BUILD_PYTHON=OFF -DKUNLUN_INSTALL=OFF -DPython3_EXECUTABLE=/usr/bin/python3 \
    "${launcher[@]}" >/dev/null
fi
cmake --build "$dir" --target kunlun_fuzzers -j "${KUNLUN_BUILD_JOBS:-$(nproc)}"
