#!/usr/bin/env bash
# Builds and runs a libFuzzer target with AddressSanitizer and
# UndefinedBehaviorSanitizer (clang-22):  scripts/fuzz.sh TARGET SECONDS
#   npy    the .npy reader of tconv-run (fuzz/npy-fuzzer.cpp)
#   mlir   MLIR text -> parse -> verify -> CPU pipeline -> LLVM IR
#          (fuzz/mlir-fuzzer.cpp)
#   layer  random layers, legal or not: verify, compile, run, compare with
#          the reference (fuzz/layer-fuzzer.cpp)
# Every TConv library is built instrumented into build-fuzz/. The corpus
# grows in fuzz/corpus/TARGET; crashes land in fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: scripts/fuzz.sh npy|mlir|layer SECONDS}
SECONDS_TO_RUN=${2:?usage: scripts/fuzz.sh npy|mlir|layer SECONDS}
case "$TARGET" in
  npy)   ARGS=(-max_len=4096) ;;
  mlir)  ARGS=(-max_len=8192 -dict=fuzz/mlir.dict -timeout=60) ;;
  layer) ARGS=(-max_len=256 -timeout=60) ;;
  *) echo "fuzz.sh: unknown target '$TARGET' (npy, mlir, layer)" >&2; exit 1 ;;
esac
bash scripts/setup.sh >/dev/null  # the packages TConv needs
command -v clang++-22 >/dev/null || {
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq clang-22 >/dev/null
}
BUILD=build-fuzz
FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
if [ ! -f "$BUILD/build.ninja" ]; then
  LLVM=/usr/lib/llvm-22
  cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_CXX_FLAGS="$FLAGS" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DMLIR_DIR=$LLVM/lib/cmake/mlir -DLLVM_EXTERNAL_LIT=$LLVM/bin/lit \
    -DTCONV_ENABLE_FUZZERS=ON >/dev/null
fi
cmake --build "$BUILD" --target "tconv-$TARGET-fuzzer" -j2
mkdir -p "fuzz/corpus/$TARGET" fuzz/crashes
"$BUILD/fuzz/tconv-$TARGET-fuzzer" -max_total_time="$SECONDS_TO_RUN" "${ARGS[@]}" \
  -artifact_prefix=fuzz/crashes/ "fuzz/corpus/$TARGET"
