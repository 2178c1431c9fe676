//===- Check.cpp - Comparing an output with the reference -----------------===//

#include "TConv/Reference/Check.h"

#include "TConv/Reference/Conv2DTranspose.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tconv;

reference::Expected reference::computeExpected(
    const Conv2DTransposeLayer &layer, const std::vector<double> &input,
    const std::vector<double> &filter, const std::vector<double> &bias,
    const std::vector<double> &inputScales) {
  Expected expected;
  int64_t count = layer.getOutputNumElements();
  expected.values.resize(count);
  conv2DTranspose<double>(layer, input.data(), filter.data(),
                          layer.hasBias ? bias.data() : nullptr,
                          expected.values.data());
  auto magnitudes = [](std::vector<double> v) {
    for (double &e : v)
      e = std::abs(e);
    return v;
  };
  Conv2DTransposeLayer linear = layer;
  linear.activation = Activation::None;
  std::vector<double> xAbs =
      inputScales.empty() ? magnitudes(input) : inputScales;
  std::vector<double> wAbs = magnitudes(filter), bAbs = magnitudes(bias);
  expected.scales.resize(count);
  conv2DTranspose<double>(linear, xAbs.data(), wAbs.data(),
                          layer.hasBias ? bAbs.data() : nullptr,
                          expected.scales.data());
  return expected;
}

reference::CheckResult reference::checkOutput(const std::vector<double> &got,
                                              const Expected &expected,
                                              Tolerance tolerance) {
  CheckResult result;
  result.numElements = got.size();
  for (int64_t i = 0; i < result.numElements; ++i) {
    double want = expected.values[i];
    double allowed = tolerance.output * std::abs(want) +
                     tolerance.accumulation * (1.0 + expected.scales[i]);
    double err = std::abs(got[i] - want) / allowed;
    if (!std::isfinite(want) || !std::isfinite(got[i]))
      err = (std::isnan(got[i]) && std::isnan(want)) || got[i] == want
                ? 0
                : INFINITY;
    bool bad = !(err <= 1.0);
    if (bad)
      ++result.numMismatches;
    // The worst element: the first mismatch that is no better than those
    // before it, else the largest error.
    if (result.worstIndex < 0 || !(err <= result.worstError)) {
      result.worstError = err;
      result.worstIndex = i;
    }
  }
  return result;
}
