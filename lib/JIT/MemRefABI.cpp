//===- MemRefABI.cpp - Memref descriptors of the C interface --------------===//

#include "TConv/JIT/MemRefABI.h"

#include "TConv/Dialect/Conv2DTransposeLayer.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"

using namespace mlir;
using namespace mlir::tconv;

// The layout this class writes, for two ranks.
static_assert(sizeof(StridedMemRefType<float, 4>) == 11 * sizeof(int64_t));
static_assert(sizeof(StridedMemRefType<double, 5>) == 13 * sizeof(int64_t));

MemRefDescriptor::MemRefDescriptor(const void *data, ArrayRef<int64_t> shape) {
  int64_t rank = shape.size();
  fields.assign(3 + 2 * rank, 0);
  fields[0] = fields[1] = reinterpret_cast<intptr_t>(data);
  int64_t stride = 1;
  for (int64_t r = rank - 1; r >= 0; --r) {
    fields[3 + r] = shape[r];
    fields[3 + rank + r] = stride;
    stride *= shape[r];
  }
}

llvm::Expected<MemRefDescriptor>
tconv::describeArgument(const void *data, ArrayRef<int64_t> shape,
                        MemRefType type) {
  auto fail = [&](const Twine &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "buffer of shape " + formatShape(shape) +
                                       " " + what + " " +
                                       formatShape(type.getShape()));
  };
  if (static_cast<int64_t>(shape.size()) != type.getRank())
    return fail("passed for a memref of another rank:");
  for (auto [size, expected] : llvm::zip(shape, type.getShape()))
    if (!ShapedType::isDynamic(expected) && size != expected)
      return fail("passed for a memref of shape");
  return MemRefDescriptor(data, shape);
}
