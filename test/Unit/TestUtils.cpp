//===- TestUtils.cpp - Shared helpers of the unit tests -------------------===//

#include "TestUtils.h"

#include "TConv/Reference/Conv2DTranspose.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Error.h"

#include <cmath>
#include <cstring>
#include <sstream>

using namespace mlir;
using namespace mlir::tconv;

Conv2DTransposeLayer test::makeLayer(int64_t n, int64_t h, int64_t w,
                                     int64_t cin, int64_t cout, int64_t kh,
                                     int64_t kw, int64_t sh, int64_t sw,
                                     Padding padding) {
  Conv2DTransposeLayer layer;
  layer.batch = n;
  layer.inputSize = {h, w};
  layer.inChannels = cin;
  layer.outChannels = cout;
  layer.kernelSize = {kh, kw};
  layer.strides = {sh, sw};
  layer.padding = padding;
  layer.inferOutputSize();
  return layer;
}

std::vector<uint8_t> test::makeRandomBuffer(int64_t count, ElementKind kind,
                                            std::mt19937 &rng,
                                            std::vector<double> &values,
                                            int nonFiniteOneIn) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  static const double nonFinite[] = {std::nan(""), INFINITY, -INFINITY};
  std::vector<uint8_t> buffer(count * getElementSize(kind));
  values.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    double v = dist(rng);
    if (nonFiniteOneIn > 0 && rng() % nonFiniteOneIn == 0)
      v = nonFinite[rng() % 3];
    storeElement(buffer.data(), i, v, kind);
    values[i] = loadElement(buffer.data(), i, kind);
  }
  return buffer;
}

/// Tolerance per element kind, relative to an output's scale: a few ulps of
/// the accumulation type for f32/f64, the output rounding for f16/bf16.
static double getTolerance(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return 2e-3;
  case ElementKind::BF16:
    return 1.6e-2;
  case ElementKind::F32:
    return 1e-5;
  case ElementKind::F64:
    return 1e-12;
  }
  return 0;
}

std::string test::compareWithReference(TConvJIT &jit,
                                       const Conv2DTransposeLayer &layer,
                                       ElementKind kind, int64_t batch,
                                       uint32_t seed, int nonFiniteOneIn,
                                       int64_t *numNonFinite) {
  auto kernel = jit.getKernel(layer, kind);
  if (!kernel)
    return "compile error: " + llvm::toString(kernel.takeError());
  Conv2DTransposeLayer actual = layer;
  actual.batch = batch;
  std::mt19937 rng(seed);
  std::vector<double> x, w, b;
  std::vector<uint8_t> xBuf = makeRandomBuffer(actual.getInputNumElements(),
                                               kind, rng, x, nonFiniteOneIn);
  std::vector<uint8_t> wBuf = makeRandomBuffer(actual.getFilterNumElements(),
                                               kind, rng, w, nonFiniteOneIn);
  std::vector<uint8_t> bBuf =
      makeRandomBuffer(actual.outChannels, kind, rng, b);
  int64_t outCount = actual.getOutputNumElements();
  // NaN-filled output: an element the kernel forgets to write shows up.
  std::vector<uint8_t> yBuf(outCount * getElementSize(kind));
  for (int64_t i = 0; i < outCount; ++i)
    storeElement(yBuf.data(), i, std::nan(""), kind);
  if (llvm::Error err = kernel->run(xBuf.data(), wBuf.data(),
                                    layer.hasBias ? bBuf.data() : nullptr,
                                    yBuf.data(), batch))
    return "run error: " + llvm::toString(std::move(err));

  std::vector<double> expected(outCount);
  reference::conv2DTranspose<double>(actual, x.data(), w.data(),
                                     layer.hasBias ? b.data() : nullptr,
                                     expected.data());
  if (numNonFinite)
    *numNonFinite =
        llvm::count_if(expected, [](double v) { return !std::isfinite(v); });
  // The scale of each output: the sum of the magnitudes of its terms
  // (|bias| + sum |x * w|), which bounds the rounding error of any order of
  // summation (a long sum of mixed signs can end near 0 whatever the
  // accumulation order rounds away).
  Conv2DTransposeLayer linear = actual;
  linear.activation = Activation::None;
  auto magnitudes = [](std::vector<double> v) {
    for (double &e : v)
      e = std::abs(e);
    return v;
  };
  std::vector<double> xAbs = magnitudes(x), wAbs = magnitudes(w),
                      bAbs = magnitudes(b), scale(outCount);
  reference::conv2DTranspose<double>(linear, xAbs.data(), wAbs.data(),
                                     layer.hasBias ? bAbs.data() : nullptr,
                                     scale.data());
  double tol = getTolerance(kind);
  double worst = 0;
  int64_t worstIndex = -1;
  for (int64_t i = 0; i < outCount; ++i) {
    double got = loadElement(yBuf.data(), i, kind);
    double err = std::abs(got - expected[i]) /
                 (1.0 + std::max(std::abs(expected[i]), scale[i]));
    // Non-finite results must match exactly: NaN for NaN, same infinity.
    if (!std::isfinite(expected[i]) || !std::isfinite(got))
      err = (std::isnan(got) && std::isnan(expected[i])) || got == expected[i]
                ? 0
                : INFINITY;
    if (!(err <= tol) && (worstIndex < 0 || !(err <= worst))) {
      worst = err;
      worstIndex = i;
    }
  }
  if (worstIndex < 0)
    return "";
  std::ostringstream os;
  os << actual.describe() << " " << stringifyElementKind(kind).str()
     << ": element " << worstIndex << " is "
     << loadElement(yBuf.data(), worstIndex, kind) << ", expected "
     << expected[worstIndex] << " (relative error " << worst << ")";
  return os.str();
}
