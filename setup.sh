#!/usr/bin/env bash
# kunlun set-up: installs the Debian packages that are missing, builds kunlun (Release) and runs
# the main job. `./setup.sh --build-only` stops after the build (the test script uses it).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  cmake ninja-build g++ pkg-config
  libeigen3-dev libboost-program-options-dev libboost-dev libyaml-cpp-dev librandom123-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libopenmpi-dev openmpi-bin  # kunlun under mpirun (docs/cluster.md)
  pybind11-dev python3-dev python3-numpy python3-pandas python3-matplotlib python3-pytest
  python3-setuptools python3-wheel python3-pip python3-venv
  chromium
  clang libclang-rt-dev libomp-dev  # the fuzz targets' build (tests/fuzz/build.sh)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "kunlun: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build build -j "$(nproc)"

[ "${1:-}" = "--build-only" ] && exit 0

# The main job: the shipped Qinghai scenarios compared with the baseline, paired replication by
# replication, with the table on the terminal and the HTML report.
./build/kunlun compare scenarios/qinghai/baseline.yaml scenarios/qinghai/housing.yaml \
  scenarios/qinghai/finance.yaml scenarios/qinghai/title-reform.yaml scenarios/qinghai/combined.yaml \
  --out out/qinghai-comparison --report --force
