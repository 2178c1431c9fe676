//===- ThreadsFlag.cpp - The --threads flag of the TConv tools ------------===//

#include "TConv/Support/ThreadsFlag.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace llvm;

Error mlir::tconv::takeThreadsFlag(int argc, char **argv,
                                   SmallVectorImpl<char *> &rest,
                                   unsigned &threads) {
  for (int i = 0; i < argc; ++i) {
    StringRef arg = argv[i];
    std::optional<StringRef> value;
    if (arg.consume_front("--threads=") || arg.consume_front("-threads="))
      value = arg;
    else if (arg == "--threads" || arg == "-threads") {
      if (i + 1 == argc)
        return createStringError(inconvertibleErrorCode(), "needs a value");
      value = argv[++i];
    }
    if (!value) {
      rest.push_back(argv[i]);
      continue;
    }
    if (value->getAsInteger(10, threads) || threads < 1)
      return createStringError(inconvertibleErrorCode(),
                               "expected a number >= 1, got '" +
                                   *value + "'");
  }
  return Error::success();
}

unsigned mlir::tconv::capThreads(StringRef tool, unsigned threads,
                                 unsigned cores) {
  if (threads <= cores)
    return threads;
  errs() << tool << ": warning: --threads " << threads << " is more than the "
         << cores << " cores this process may use; using " << cores << "\n";
  return cores;
}
