#!/usr/bin/env bash
# Installs what foi-contracts needs to build and test, from Debian 12's
# packages. Run as root (or with sudo available).
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libcli11-dev libfmt-dev libtomlplusplus-dev
          catch2 nlohmann-json3-dev liborcus-dev libfreexl-dev zlib1g-dev)
# clang and its runtime build the libFuzzer targets; optional for users.
if [ "${FOI_WITH_FUZZ:-0}" = 1 ]; then packages+=(clang libclang-rt-14-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
