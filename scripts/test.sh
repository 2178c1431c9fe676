#!/usr/bin/env bash
# Sets up and builds TConv (scripts/setup.sh), then runs every test: lit
# regression tests and the GoogleTest unit tests, through check-tconv, and
# the installed package built against by examples/downstream-opt.
#   --sanitize   the same suite built with AddressSanitizer and
#                UndefinedBehaviorSanitizer (in build-sanitize/)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build
[ "${1:-}" = "--sanitize" ] && BUILD=build-sanitize
bash scripts/setup.sh "$@"
cmake --build "$BUILD" --target check-tconv -j2
# The installed CMake package, used by a downstream project (not for the
# sanitizer build, whose libraries need the sanitizer runtime to link).
[ "$BUILD" = build ] && bash scripts/test-install.sh build
exit 0
