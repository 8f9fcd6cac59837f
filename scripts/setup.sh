#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine: install the build dependencies,
# build foi-contracts (Release) and run the main job on the bundled sample:
# reproduce the published figures of the BJGP 2019 study.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFOI_TESTS=OFF
cmake --build build
echo
./build/foi-contracts analyse data/samples/bjgp2019 --study data/samples/bjgp2019/study.toml
