//===- TestUtils.h - Shared helpers of the unit tests -----------*- C++ -*-===//
//
// Random buffers in any element kind, and the comparison of a JIT result with
// the reference implementation.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TEST_UNIT_TESTUTILS_H
#define TCONV_TEST_UNIT_TESTUTILS_H

#include "TConv/JIT/TConvJIT.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace mlir {
namespace tconv {
namespace test {

/// A buffer of `count` elements of `kind` with uniform values in [-1, 1];
/// `values` receives what the buffer holds, exactly, as doubles.
std::vector<uint8_t> makeRandomBuffer(int64_t count, ElementKind kind,
                                      std::mt19937 &rng,
                                      std::vector<double> &values);

/// Runs `layer` through the JIT and the reference on the same random data;
/// returns an empty string when every element is within the tolerance of
/// `kind`, else a description of the worst element.
std::string compareWithReference(TConvJIT &jit,
                                 const Conv2DTransposeLayer &layer,
                                 ElementKind kind, int64_t batch,
                                 uint32_t seed);

} // namespace test
} // namespace tconv
} // namespace mlir

#endif // TCONV_TEST_UNIT_TESTUTILS_H
