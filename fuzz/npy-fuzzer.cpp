//===- npy-fuzzer.cpp - libFuzzer target for the .npy reader --------------===//
//
// Any bytes: parseNpy must return an array or an error, never crash, read out
// of bounds or allocate what the header merely claims. A parsed array must
// hold exactly its shape's elements and survive a write/read round trip.
//
//===----------------------------------------------------------------------===//

#include "TConv/Support/Npy.h"

#include <cstdlib>

using namespace mlir::tconv;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<NpyArray> array = parseNpy(bytes);
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  if (static_cast<size_t>(array->getNumElements()) *
          array->getElementSize() !=
      array->data.size())
    abort();
  llvm::Expected<NpyArray> again = parseNpy(serializeNpy(*array));
  if (!again || again->shape != array->shape || again->data != array->data ||
      again->dtype != array->dtype)
    abort();
  return 0;
}
