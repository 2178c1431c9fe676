//===- TestUtils.cpp - Shared helpers of the unit tests -------------------===//

#include "TestUtils.h"

#include "TConv/Reference/Check.h"

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

  reference::Expected expected =
      reference::computeExpected(actual, x, w, b);
  if (numNonFinite)
    *numNonFinite = llvm::count_if(
        expected.values, [](double v) { return !std::isfinite(v); });
  std::vector<double> got(outCount);
  for (int64_t i = 0; i < outCount; ++i)
    got[i] = loadElement(yBuf.data(), i, kind);
  reference::CheckResult check =
      reference::checkOutput(got, expected, getReferenceTolerance(kind));
  if (check.ok())
    return "";
  int64_t worstIndex = check.worstIndex;
  std::ostringstream os;
  os << actual.describe() << " " << stringifyElementKind(kind).str()
     << ": element " << worstIndex << " is "
     << got[worstIndex] << ", expected " << expected.values[worstIndex]
     << " (" << check.worstError << " times the tolerance)";
  return os.str();
}
