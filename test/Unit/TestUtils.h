//===- TestUtils.h - Shared helpers of the unit tests -----------*- C++ -*-===//
//
// Layers from their sizes, random buffers in any element kind, and the
// comparison of a JIT result with the reference implementation.
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

/// An NHWC layer with an HWOI filter, no bias, no activation; the output
/// size inferred from `padding` (explicit: no pads).
Conv2DTransposeLayer makeLayer(int64_t n, int64_t h, int64_t w, int64_t cin,
                               int64_t cout, int64_t kh, int64_t kw, int64_t sh,
                               int64_t sw, Padding padding);

/// A buffer of `count` elements of `kind` with uniform values in [-1, 1]
/// (with `nonFiniteOneIn` > 0, one in about that many NaN, +Inf or -Inf);
/// `values` receives what the buffer holds, exactly, as doubles.
std::vector<uint8_t> makeRandomBuffer(int64_t count, ElementKind kind,
                                      std::mt19937 &rng,
                                      std::vector<double> &values,
                                      int nonFiniteOneIn = 0);

/// Runs `layer` through the JIT and the reference on the same random data;
/// returns an empty string when every element is within the tolerance of
/// `kind`, relative to the larger of its value and the sum of its terms'
/// magnitudes (a NaN where the reference has a NaN, the same infinity where
/// it has an infinity), else a description of the worst element. With
/// `nonFiniteOneIn` > 0, about one input and filter element in that many is
/// NaN, +Inf or -Inf, and `numNonFinite` (if given) receives the number of
/// non-finite elements of the reference's result.
std::string compareWithReference(TConvJIT &jit,
                                 const Conv2DTransposeLayer &layer,
                                 ElementKind kind, int64_t batch, uint32_t seed,
                                 int nonFiniteOneIn = 0,
                                 int64_t *numNonFinite = nullptr);

} // namespace test
} // namespace tconv
} // namespace mlir

#endif // TCONV_TEST_UNIT_TESTUTILS_H
