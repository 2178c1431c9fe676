#!/usr/bin/env bash
# Builds and runs a libFuzzer target with AddressSanitizer and
# UndefinedBehaviorSanitizer (clang-22):  scripts/fuzz.sh TARGET SECONDS
#   npy   the .npy reader of tconv-run (fuzz/npy-fuzzer.cpp)
# The corpus grows in fuzz/corpus/TARGET; crashes land in fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
SECONDS_TO_RUN=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
LLVM=/usr/lib/llvm-22
command -v clang++-22 >/dev/null || {
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq clang-22 >/dev/null
}
OUT=build-fuzz
mkdir -p "$OUT" "fuzz/corpus/$TARGET" fuzz/crashes
FLAGS=(-O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -std=c++17 -Iinclude -I$LLVM/include)
case "$TARGET" in
  npy)
    clang++-22 "${FLAGS[@]}" fuzz/npy-fuzzer.cpp lib/Support/Npy.cpp \
      -L$LLVM/lib -lLLVM -Wl,-rpath,$LLVM/lib -o "$OUT/npy-fuzzer" ;;
  *) echo "fuzz.sh: unknown target '$TARGET' (npy)" >&2; exit 1 ;;
esac
"$OUT/$TARGET-fuzzer" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 \
  -artifact_prefix=fuzz/crashes/ "fuzz/corpus/$TARGET"
