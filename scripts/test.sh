#!/usr/bin/env bash
# Sets up and builds TConv (scripts/setup.sh), then runs every test: lit
# regression tests and the GoogleTest unit tests, through check-tconv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --build build --target check-tconv -j2
