#!/usr/bin/env bash
# kunlun test suite: installs what is missing, builds, and runs every test (GoogleTest via ctest).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --build-only
# The fuzz targets' clang build, which ctest's fuzz_* tests run on the committed corpus.
tests/fuzz/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
