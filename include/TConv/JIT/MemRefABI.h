//===- MemRefABI.h - Memref descriptors of the C interface ------*- C++ -*-===//
//
// The one place TConv builds the ranked memref descriptors that functions
// compiled with `llvm.emit_c_interface` take (`_mlir_ciface_*`): the layout
// of MLIR's StridedMemRefType<T, N>, for a rank known only at run time (the
// compiled function's argument type), so no caller picks a rank by hand.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_JIT_MEMREFABI_H
#define TCONV_JIT_MEMREFABI_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"

namespace mlir {
namespace tconv {

/// {allocated, aligned, offset, sizes[rank], strides[rank]} of a dense
/// row-major buffer: StridedMemRefType<T, rank>, whatever T.
class MemRefDescriptor {
public:
  MemRefDescriptor(const void *data, ArrayRef<int64_t> shape);

  /// The descriptor, as `_mlir_ciface_*` functions take it.
  void *get() { return fields.data(); }
  int64_t getRank() const { return (fields.size() - 3) / 2; }
  ArrayRef<int64_t> getSizes() const {
    return ArrayRef<int64_t>(fields).slice(3, getRank());
  }
  ArrayRef<int64_t> getStrides() const {
    return ArrayRef<int64_t>(fields).slice(3 + getRank(), getRank());
  }
  /// Bytes of the descriptor (sizeof(StridedMemRefType<T, rank>)).
  size_t getSizeInBytes() const { return fields.size() * sizeof(int64_t); }

private:
  SmallVector<int64_t, 11> fields;
};

/// The descriptor of `data`, a buffer of `shape` passed where the compiled
/// function takes `type`: an error when the ranks differ or a static size
/// of `type` is not `shape`'s.
llvm::Expected<MemRefDescriptor> describeArgument(const void *data,
                                                  ArrayRef<int64_t> shape,
                                                  MemRefType type);

} // namespace tconv
} // namespace mlir

#endif // TCONV_JIT_MEMREFABI_H
