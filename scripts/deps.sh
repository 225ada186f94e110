#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages openks builds and tests with, and only those that are missing.
#
# usage: bash scripts/deps.sh
#
# Safe to run again and again: when everything is installed it touches
# nothing (no apt-get update).  Runs unattended as root; as another user it
# uses sudo if there is one.  On a system without dpkg it lists the packages
# and leaves installing them to you.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config python3
    googletest libgtest-dev libgmock-dev libbenchmark-dev
    libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
    libasound2-dev libsndfile1-dev libgstreamer1.0-dev libpng-dev
    graphviz
    clang libclang-rt-14-dev # libFuzzer builds (-DOPENKS_BUILD_FUZZERS=ON)
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: no dpkg here; make sure these (Debian names) are installed: ${packages[*]}" >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "deps: all ${#packages[@]} packages are installed"
    exit 0
fi

if ((EUID == 0)); then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "deps: missing ${missing[*]}; run this script as root (no sudo here)" >&2
    exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
echo "deps: done"
