//===- ThreadsFlag.h - The --threads flag of the TConv tools ----*- C++ -*-===//
//
// libLLVM already registers a cl::opt named "threads", so the tools take
// their own --threads N out of argv before cl::ParseCommandLineOptions.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_SUPPORT_THREADSFLAG_H
#define TCONV_SUPPORT_THREADSFLAG_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace mlir {
namespace tconv {

/// Removes `--threads N` / `--threads=N` (or one dash) from `argv` into
/// `threads`, leaving the other arguments in `rest`. Fails (with a message
/// about the value) on a value that is not a number >= 1.
llvm::Error takeThreadsFlag(int argc, char **argv,
                            llvm::SmallVectorImpl<char *> &rest,
                            unsigned &threads);

/// `threads`, or `cores` when it asks for more (they would only wait on each
/// other), with a warning from `tool` saying so.
unsigned capThreads(llvm::StringRef tool, unsigned threads, unsigned cores);

} // namespace tconv
} // namespace mlir

#endif // TCONV_SUPPORT_THREADSFLAG_H
