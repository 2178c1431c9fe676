#!/usr/bin/env bash
# Sets up and builds TConv, then runs the main job: tconv-run on its built-in
# default layer (a DCGAN generator layer). Extra arguments go to tconv-run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
./build/bin/tconv-run "$@"
