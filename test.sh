#!/usr/bin/env bash
# kunlun test suite: installs what is missing, builds, and runs every test (GoogleTest via ctest).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --build-only
ctest --test-dir build --output-on-failure -j "$(nproc)"
