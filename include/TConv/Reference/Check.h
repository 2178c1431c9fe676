//===- Check.h - Comparing an output with the reference ---------*- C++ -*-===//
//
// How every check of TConv's results judges them (the unit tests and
// `tconv-run --check`): element by element against the reference, with a
// tolerance scaled by that element's terms.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_REFERENCE_CHECK_H
#define TCONV_REFERENCE_CHECK_H

#include "TConv/Dialect/Conv2DTransposeLayer.h"

#include <vector>

namespace mlir {
namespace tconv {
namespace reference {

/// The reference's output of a layer, and the scale of each element: the
/// sum of the magnitudes of its terms (|bias| + sum |x| * |w|), which bounds
/// the rounding error of any order of summation. `inputScales`, when given,
/// replaces |x| (the scales of a previous layer's output, so that its error
/// is carried along).
struct Expected {
  std::vector<double> values;
  std::vector<double> scales;
};
Expected computeExpected(const Conv2DTransposeLayer &layer,
                         const std::vector<double> &input,
                         const std::vector<double> &filter,
                         const std::vector<double> &bias,
                         const std::vector<double> &inputScales = {});

/// What an element may differ from the reference by: `output` times its
/// value (the rounding of the stored result) plus `accumulation` times one
/// plus its scale (the rounding of the sum of its terms, in any order).
struct Tolerance {
  double output = 0;
  double accumulation = 0;
};

/// The outcome of comparing an output with the reference.
struct CheckResult {
  int64_t numElements = 0;
  int64_t numMismatches = 0;
  /// The element with the largest error relative to what it may have
  /// (above 1: beyond the tolerance), and that ratio.
  int64_t worstIndex = -1;
  double worstError = 0;
  bool ok() const { return numMismatches == 0; }
};

/// Compares `got` with `expected` element by element: |got - expected| must
/// be within `tolerance`, and a non-finite expected value must be matched
/// exactly (NaN for NaN, the same infinity). An element left NaN where a
/// finite value is expected is a mismatch.
CheckResult checkOutput(const std::vector<double> &got, const Expected &expected,
                        Tolerance tolerance);

} // namespace reference
} // namespace tconv
} // namespace mlir

#endif // TCONV_REFERENCE_CHECK_H
