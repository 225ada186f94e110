# SPDX-License-Identifier: MIT
# Helpers shared by run.sh and test.sh (sourced, not run): logging and configure+build through CMakePresets.json.
# shellcheck shell=bash

# All paths below are relative to the project root; callers cd there first.
OPENKS_JOBS=${OPENKS_JOBS:-$(nproc 2>/dev/null || echo 2)}

log() {
    printf '\n=== %s\n' "$*"
}

# binary_dir <preset>: the build directory a configure preset uses.
binary_dir() {
    case "$1" in
    default) echo build ;;
    *) echo "build-$1" ;;
    esac
}

# configure_and_build <preset>: configure (if needed) and build everything in the preset's directory.
configure_and_build() {
    local preset=$1 dir
    dir=$(binary_dir "$preset")
    if [[ -f "$dir/CMakeCache.txt" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
        echo "error: $dir/ was configured with another generator; remove it (rm -rf $dir) and run again" >&2
        return 1
    fi
    log "configure $dir/ (preset $preset)"
    cmake --preset "$preset" || return 1
    log "build $dir/ (-j$OPENKS_JOBS)"
    cmake --build --preset "$preset" -j "$OPENKS_JOBS" || return 1
}
