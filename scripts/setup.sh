#!/usr/bin/env bash
# Installs what TConv needs on Debian 12 (only what is missing), then
# configures and builds into build/. Safe to run again.
#   --sanitize   build into build-sanitize/ with AddressSanitizer and
#                UndefinedBehaviorSanitizer instead
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build
CMAKE_EXTRA=()
if [ "${1:-}" = "--sanitize" ]; then
  BUILD=build-sanitize
  FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  # A JIT compile takes about ten times longer under ASan: the differential
  # test checks its first 100 random configurations (and 10 on two threads).
  CMAKE_EXTRA=(-DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_C_FLAGS="$FLAGS"
               -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
               -DTCONV_DIFFERENTIAL_CONFIGS=100)
fi

PACKAGES=(
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  cmake ninja-build g++ libgtest-dev python3 python3-numpy
  libdnnl-dev libxnnpack-dev libpthreadpool-dev libomp-22-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

LLVM=/usr/lib/llvm-22
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
    -DMLIR_DIR=$LLVM/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=$LLVM/bin/lit \
    "${CMAKE_EXTRA[@]}"
fi
cmake --build "$BUILD" -j2
