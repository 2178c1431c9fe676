//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reads and writes NumPy's .npy format, the format ML users already have
// their tensors in: reads versions 1.0 to 3.0 of f2/f4/f8 arrays in every
// spelling NumPy loads (either byte order, C or Fortran order), writes
// version 1.0, little-endian, C order. Every header NumPy rejects is an
// llvm::Error naming the problem.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_SUPPORT_NPY_H
#define TCONV_SUPPORT_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir {
namespace tconv {

/// Element types the .npy reader and writer handle.
enum class NpyDType { F16, F32, F64 };

/// An array read from or to be written to a .npy file.
struct NpyArray {
  NpyDType dtype = NpyDType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<uint8_t> data; ///< Raw little-endian elements, C order.

  int64_t getNumElements() const;
  size_t getElementSize() const;
};

/// The descr NumPy writes for `dtype` ("<f2", "<f4" or "<f8").
llvm::StringRef getDescr(NpyDType dtype);

/// Parses the bytes of a .npy file.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes);

/// Reads a .npy file.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Serializes `array` as a version 1.0 .npy file.
std::string serializeNpy(const NpyArray &array);

/// Writes `array` to `path` as an OutputFile (atomically where the path is a
/// regular file).
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

} // namespace tconv
} // namespace mlir

#endif // TCONV_SUPPORT_NPY_H
