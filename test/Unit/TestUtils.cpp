//===- TestUtils.cpp - Shared helpers of the unit tests -------------------===//

#include "TestUtils.h"

#include "TConv/Reference/Conv2DTranspose.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Error.h"

#include <cmath>
#include <cstring>
#include <sstream>

using namespace mlir;
using namespace mlir::tconv;

/// Rounds `value` to nearest-even in a 16-bit format and returns its bits.
static uint16_t toHalfBits(double value, const llvm::fltSemantics &sem) {
  llvm::APFloat f(value);
  bool losesInfo;
  f.convert(sem, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return static_cast<uint16_t>(f.bitcastToAPInt().getZExtValue());
}

/// The double value of 16-bit pattern `bits` in format `sem`.
static double fromHalfBits(uint16_t bits, const llvm::fltSemantics &sem) {
  llvm::APFloat f(sem, llvm::APInt(16, bits));
  bool losesInfo;
  f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f.convertToDouble();
}

void test::storeElement(void *dst, int64_t index, double value,
                        ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    static_cast<uint16_t *>(dst)[index] =
        toHalfBits(value, llvm::APFloat::IEEEhalf());
    return;
  case ElementKind::BF16:
    static_cast<uint16_t *>(dst)[index] =
        toHalfBits(value, llvm::APFloat::BFloat());
    return;
  case ElementKind::F32:
    static_cast<float *>(dst)[index] = static_cast<float>(value);
    return;
  case ElementKind::F64:
    static_cast<double *>(dst)[index] = value;
    return;
  }
}

double test::loadElement(const void *src, int64_t index, ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return fromHalfBits(static_cast<const uint16_t *>(src)[index],
                        llvm::APFloat::IEEEhalf());
  case ElementKind::BF16:
    return fromHalfBits(static_cast<const uint16_t *>(src)[index],
                        llvm::APFloat::BFloat());
  case ElementKind::F32:
    return static_cast<const float *>(src)[index];
  case ElementKind::F64:
    return static_cast<const double *>(src)[index];
  }
  return 0;
}

std::vector<uint8_t> test::makeRandomBuffer(int64_t count, ElementKind kind,
                                            std::mt19937 &rng,
                                            std::vector<double> &values) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<uint8_t> buffer(count * getElementSize(kind));
  values.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    storeElement(buffer.data(), i, dist(rng), kind);
    values[i] = loadElement(buffer.data(), i, kind);
  }
  return buffer;
}

/// Relative tolerance per element kind: a few ulps of the accumulation type
/// for f32/f64, the output rounding for f16/bf16.
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
                                       uint32_t seed) {
  auto kernel = jit.getKernel(layer, kind);
  if (!kernel)
    return "compile error: " + llvm::toString(kernel.takeError());
  Conv2DTransposeLayer actual = layer;
  actual.batch = batch;
  std::mt19937 rng(seed);
  std::vector<double> x, w, b;
  std::vector<uint8_t> xBuf =
      makeRandomBuffer(actual.getInputNumElements(), kind, rng, x);
  std::vector<uint8_t> wBuf =
      makeRandomBuffer(actual.getFilterNumElements(), kind, rng, w);
  std::vector<uint8_t> bBuf =
      makeRandomBuffer(actual.outChannels, kind, rng, b);
  int64_t outCount = actual.getOutputNumElements();
  // NaN-filled output: an element the kernel forgets to write shows up.
  std::vector<uint8_t> yBuf(outCount * getElementSize(kind));
  for (int64_t i = 0; i < outCount; ++i)
    storeElement(yBuf.data(), i, std::nan(""), kind);
  if (llvm::Error err =
          kernel->run(xBuf.data(), wBuf.data(),
                      layer.hasBias ? bBuf.data() : nullptr, yBuf.data(), batch))
    return "run error: " + llvm::toString(std::move(err));

  std::vector<double> expected(outCount);
  reference::conv2DTranspose<double>(actual, x.data(), w.data(),
                                     layer.hasBias ? b.data() : nullptr,
                                     expected.data());
  double tol = getTolerance(kind);
  double worst = 0;
  int64_t worstIndex = -1;
  for (int64_t i = 0; i < outCount; ++i) {
    double got = loadElement(yBuf.data(), i, kind);
    double err = std::abs(got - expected[i]) / (1.0 + std::abs(expected[i]));
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
