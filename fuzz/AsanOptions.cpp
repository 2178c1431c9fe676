//===- AsanOptions.cpp - AddressSanitizer defaults of the fuzz targets ----===//
//
// LLVM's headers poison BumpPtrAllocator slabs when the including code is
// instrumented, but libMLIR.so (Debian's, not instrumented) allocates from
// the same slabs without unpoisoning them: every MLIR context then reports a
// false use-after-poison. Ignoring manual poisoning keeps the real checks
// (heap, stack and global bounds, use after free) of the TConv code.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
