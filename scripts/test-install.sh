#!/usr/bin/env bash
# The CMake package as a user meets it: installs build/ to a temporary
# prefix, builds examples/downstream-opt against the installed tree (and
# against the build tree), and runs its --tconv-cpu-pipeline on a test input.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=$(cd "${1:-build}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
for tree in "$WORK/prefix" "$BUILD"; do
  cmake -G Ninja -S examples/downstream-opt -B "$WORK/example" \
    -DTConv_DIR="$tree/lib/cmake/tconv" >/dev/null
  cmake --build "$WORK/example" >/dev/null
  "$WORK/example/downstream-opt" test/Integration/Inputs/small-layer.mlir \
    --tconv-cpu-pipeline="target=x86-64" > "$WORK/out.mlir"
  grep -q "llvm.func @layer" "$WORK/out.mlir" || {
    echo "test-install: downstream-opt built against $tree did not lower" \
         "the layer" >&2
    exit 1
  }
  rm -rf "$WORK/example"
  echo "test-install: downstream-opt built against $tree runs the pipeline"
done
for f in bin/tconv-opt bin/tconv-run bin/tconv-bench \
         include/TConv/InitAll.h include/TConv/Dialect/TConvOps.h.inc \
         include/TConv/Dialect/TConvOps.td lib/cmake/tconv/TConvConfig.cmake \
         lib/cmake/tconv/TConvConfigVersion.cmake; do
  [ -e "$WORK/prefix/$f" ] || { echo "test-install: $f not installed" >&2; exit 1; }
done
