#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds openks (build/), and runs the main job.
#
# usage: bash scripts/run.sh [arguments for the main job...]

# The main job: the program this script runs once the build is done.
# `ksctl demo` captures ~2 s from the tone driver through KS into a WAV file
# and renders it back through the alsa driver when a sound card is
# published, else through wavout (checking the round trip byte for byte),
# printing each step (docs/ksctl.md).
MAIN_JOB=build/bin/ksctl
MAIN_JOB_ARGS=(demo)

set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

bash scripts/deps.sh
configure_and_build default

if [[ -x "$MAIN_JOB" ]]; then
    log "run $MAIN_JOB ${MAIN_JOB_ARGS[*]} $*"
    exec "$MAIN_JOB" "${MAIN_JOB_ARGS[@]}" "$@"
fi
log "openks is built, but $MAIN_JOB is missing"
echo "$MAIN_JOB does not exist: the build did not produce ksctl (is tools/ksctl in the tree?)."
echo "'bash scripts/test.sh' builds and runs the whole test suite."
exit 1
