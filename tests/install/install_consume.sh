#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs a finished build into a scratch prefix and builds three outside consumers against it.
#
# usage: install_consume.sh <build-dir> <work-dir> <c++ compiler> <c compiler> [sanitizer flags...]
#
# 1. cmake --install <build-dir> --prefix <work-dir>/prefix
# 2. openks.pc names that prefix (prefix, libdir, includedir, and the rpath).
# 3. consumer.cpp built with `c++ consumer.cpp $(pkg-config --cflags --libs openks)` runs.
# 4. consumer.c built the same way as C11 runs.
# 5. cmake_consumer/ (find_package(openks) + openks::openks) configures, builds and runs.
# The consumers run with no LD_LIBRARY_PATH: the installed rpath must find libopenks.so.
set -euo pipefail

build_dir=$1
work_dir=$2
cxx=$3
cc=$4
shift 4
san_flags=("$@")  # the sanitizer flags the library was built with, if any
here=$(cd "$(dirname "$0")" && pwd)

fail() {
    echo "install_consume: FAIL: $*" >&2
    exit 1
}

rm -rf "$work_dir"
mkdir -p "$work_dir"
prefix=$(cd "$work_dir" && pwd)/prefix
unset LD_LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH

echo "== cmake --install $build_dir --prefix $prefix"
cmake --install "$build_dir" --prefix "$prefix" >"$work_dir/install.log" || {
    cat "$work_dir/install.log" >&2
    fail "cmake --install failed"
}

pc=$(find "$prefix" -path '*/pkgconfig/openks.pc' -print -quit)
[[ -n "$pc" ]] || fail "no openks.pc under $prefix"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")

echo "== $pc"
cat "$pc"
[[ "$(pkg-config --variable=prefix openks)" == "$prefix" ]] || fail "openks.pc prefix is not $prefix"
libdir=$(pkg-config --variable=libdir openks)
includedir=$(pkg-config --variable=includedir openks)
[[ "$libdir" == "$prefix"/* && -e "$libdir/libopenks.so" ]] || fail "openks.pc libdir $libdir has no libopenks.so"
[[ "$includedir" == "$prefix"/* && -f "$includedir/openks/ks/ntstatus.h" ]] ||
    fail "openks.pc includedir $includedir has no openks/ks/ntstatus.h"
[[ "$(pkg-config --libs openks)" == *"-Wl,-rpath,$libdir"* ]] || fail "openks.pc does not set the rpath to $libdir"
[[ "$(pkg-config --modversion openks)" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "openks.pc has no version"

read -r -a pc_flags <<<"$(pkg-config --cflags --libs openks)"

echo "== C++ consumer via pkg-config"
"$cxx" -std=c++20 -Wall -Wextra -Werror "${san_flags[@]}" "$here/consumer.cpp" -o "$work_dir/consumer_cxx" \
    "${pc_flags[@]}"
"$work_dir/consumer_cxx"

echo "== C consumer via pkg-config"
"$cc" -std=c11 -Wall -Wextra -Werror "${san_flags[@]}" "$here/consumer.c" -o "$work_dir/consumer_c" "${pc_flags[@]}"
"$work_dir/consumer_c"

echo "== CMake consumer via find_package(openks)"
cmake -S "$here/cmake_consumer" -B "$work_dir/cmake_consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="${san_flags[*]}" >"$work_dir/cmake_consumer.log" || {
    cat "$work_dir/cmake_consumer.log" >&2
    fail "configuring the find_package(openks) consumer failed"
}
cmake --build "$work_dir/cmake_consumer" >>"$work_dir/cmake_consumer.log" || {
    cat "$work_dir/cmake_consumer.log" >&2
    fail "building the find_package(openks) consumer failed"
}
"$work_dir/cmake_consumer/consumer"

echo "install_consume: OK"
