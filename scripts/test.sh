#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds openks and runs the whole test suite: plain, then under ASan+UBSan.
#
# usage: bash scripts/test.sh [--tsan] [--no-asan] [--no-deps]
#
#   (default)   build/ (RelWithDebInfo) and build-asan/ (ASan+UBSan), each
#               configured from CMakePresets.json, built, and tested with
#               `ctest -j2 --output-on-failure`, soak tests excluded
#   --tsan      build-tsan/ (ThreadSanitizer) instead of both
#   --no-asan   build/ only
#   --no-deps   do not check the Debian packages (scripts/deps.sh)
#
# With CI=true, tests labelled `soak-ci` (bounded soaks) run as well.
# Every stage runs even if an earlier one failed; the last line is a
# summary, and the exit status is non-zero if anything failed.
# OPENKS_JOBS overrides the parallelism (default: nproc).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
source scripts/common.sh

presets=(default asan)
check_deps=1
for arg in "$@"; do
    case "$arg" in
    --tsan) presets=(tsan) ;;
    --no-asan) presets=(default) ;;
    --no-deps) check_deps=0 ;;
    -h | --help)
        sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "test.sh: unknown option $arg (try --help)" >&2
        exit 2
        ;;
    esac
done

start=$SECONDS
results=()
failed=0

elapsed() {
    local s=$(($1))
    printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# run_tests <preset>: the suite (minus soaks), then the bounded soaks on CI.
run_tests() {
    local preset=$1 dir wrap=() log_file
    dir=$(binary_dir "$preset")
    log_file="$dir/test-suite.log"
    if [[ "$preset" == tsan ]] && setarch "$(uname -m)" -R true 2>/dev/null; then
        # Older TSan runtimes cannot map their shadow under full ASLR; a
        # process without randomisation always works.
        wrap=(setarch "$(uname -m)" -R)
    fi
    log "test $dir/ (-j$OPENKS_JOBS)"
    "${wrap[@]}" ctest --preset "$preset" -j "$OPENKS_JOBS" 2>&1 | tee "$log_file"
    local status=${PIPESTATUS[0]}
    summary=$(grep -E 'tests passed|No tests were found' "$log_file" | tail -1)
    if [[ "${CI:-}" == true ]] && ctest --test-dir "$dir" -N -L '^soak-ci$' | grep -qE 'Total Tests: [1-9]'; then
        log "bounded soak tests in $dir/ (CI=true)"
        "${wrap[@]}" ctest --preset "$preset" -j "$OPENKS_JOBS" -L '^soak-ci$' -LE '^soak$' 2>&1 | tee "$log_file.soak"
        ((PIPESTATUS[0] == 0)) || status=1
        summary="$summary; soak-ci: $(grep -E 'tests passed' "$log_file.soak" | tail -1)"
    fi
    return "$status"
}

if ((check_deps)); then
    log "dependencies"
    if ! bash scripts/deps.sh; then
        echo "test.sh: FAIL (could not install the dependencies)"
        exit 1
    fi
fi

for preset in "${presets[@]}"; do
    stage_start=$SECONDS
    dir=$(binary_dir "$preset")
    if ! configure_and_build "$preset"; then
        results+=("$dir: BUILD FAILED")
        failed=1
        continue
    fi
    summary=""
    if run_tests "$preset"; then
        results+=("$dir: ok, ${summary:-no summary} ($(elapsed $((SECONDS - stage_start))))")
    else
        results+=("$dir: FAILED, ${summary:-no summary} ($(elapsed $((SECONDS - stage_start))))")
        failed=1
    fi
done

log "summary"
printf '  %s\n' "${results[@]}"
if ((failed)); then
    echo "test.sh: FAIL in $(elapsed $((SECONDS - start)))"
    exit 1
fi
echo "test.sh: PASS in $(elapsed $((SECONDS - start)))"
