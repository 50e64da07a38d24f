#!/usr/bin/env bash
# kunlun test suite: installs what is missing, builds, and runs every test (GoogleTest via ctest).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --build-only
ctest --test-dir build --output-on-failure -j "$(nproc)"
# The ASan+UBSan suite as well, once tests/sanitize.sh has made its build folder: building it takes
# many minutes, so the default run never starts one (README.md, "Testing").
if [ -f build-asan/CMakeCache.txt ]; then
  tests/sanitize.sh asan
fi
