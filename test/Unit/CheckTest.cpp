//===- CheckTest.cpp - The checks can fail ---------------------------------===//
//
// reference::checkOutput, with the tolerances of every element type, passes
// the reference's own result rounded to the type and fails one that misses
// a single tap of the filter or leaves one element unwritten, on random
// layers.
//
//===----------------------------------------------------------------------===//

#include "TConv/Reference/Check.h"
#include "TConv/Reference/Conv2DTranspose.h"

#include "TestUtils.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::tconv;

namespace {

/// `values` rounded to `kind`, as a kernel stores them.
std::vector<double> roundTo(std::vector<double> values, ElementKind kind) {
  uint8_t scratch[8];
  for (double &v : values) {
    storeElement(scratch, 0, v, kind);
    v = loadElement(scratch, 0, kind);
  }
  return values;
}

TEST(CheckTest, ADroppedTapOrAnUnwrittenElementFails) {
  std::mt19937 rng(42);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  int checked = 0;
  for (int i = 0; i < 60; ++i) {
    Conv2DTransposeLayer layer = test::makeLayer(
        1, uniform(1, 6), uniform(1, 6), uniform(1, 64), uniform(1, 24),
        uniform(1, 5), uniform(1, 5), uniform(1, 3), uniform(1, 3),
        i % 2 ? Padding::Same : Padding::Valid);
    layer.hasBias = i % 3 != 0;
    layer.activation = i % 4 == 0 ? Activation::Tanh : Activation::None;
    if (!layer.hasLegalOutputSize())
      continue;
    for (ElementKind kind : {ElementKind::F16, ElementKind::BF16,
                             ElementKind::F32, ElementKind::F64}) {
      std::vector<double> x, w, b;
      test::makeRandomBuffer(layer.getInputNumElements(), kind, rng, x);
      test::makeRandomBuffer(layer.getFilterNumElements(), kind, rng, w);
      test::makeRandomBuffer(layer.outChannels, kind, rng, b);
      reference::Expected expected = reference::computeExpected(layer, x, w, b);
      reference::Tolerance tolerance = getReferenceTolerance(kind);
      std::string what = layer.describe() + " " +
                         stringifyElementKind(kind).str();

      EXPECT_TRUE(reference::checkOutput(roundTo(expected.values, kind),
                                         expected, tolerance)
                      .ok())
          << what;

      // The filter's tap (kh, kw), every channel pair, left out.
      int64_t kh = uniform(0, layer.kernelSize[0] - 1),
              kw = uniform(0, layer.kernelSize[1] - 1);
      std::vector<double> dropped = w;
      auto shape = layer.getFilterShape(); // [KH, KW, Cout, Cin]
      for (int64_t o = 0; o < shape[2]; ++o)
        for (int64_t c = 0; c < shape[3]; ++c)
          dropped[((kh * shape[1] + kw) * shape[2] + o) * shape[3] + c] = 0;
      reference::Expected mutant =
          reference::computeExpected(layer, x, dropped, b);
      // Some layers never use that tap (it lands on cropped outputs only).
      if (mutant.values == expected.values)
        continue;
      EXPECT_FALSE(reference::checkOutput(roundTo(mutant.values, kind),
                                          expected, tolerance)
                       .ok())
          << what << " without tap " << kh << "," << kw;

      std::vector<double> unwritten = roundTo(expected.values, kind);
      unwritten[uniform(0, unwritten.size() - 1)] = std::nan("");
      EXPECT_FALSE(
          reference::checkOutput(unwritten, expected, tolerance).ok())
          << what;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

} // namespace
