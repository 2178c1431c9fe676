//===- layer-fuzzer.cpp - Structured fuzzer over layer attributes and shapes ===//
//
// The bytes choose a Conv2DTransposeLayer: mostly small sizes, sometimes an
// edge value (0, negative, 2^31, the int64 extremes, mismatched output
// sizes, odd alpha). The JIT must reject an illegal layer with an error; a
// layer it accepts must compile and, on random data, match the reference
// implementation (test/Unit/TestUtils). Legal layers too big to run quickly
// are only verified.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "TConv/Dialect/TConvAttrs.h"
#include "mlir/IR/BuiltinTypes.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace mlir;
using namespace mlir::tconv;

namespace {

/// A size in [lo, hi], or one time in sixteen an edge value.
int64_t drawSize(FuzzedDataProvider &fdp, int64_t lo, int64_t hi) {
  static const int64_t edges[] = {0,
                                  -1,
                                  -7,
                                  int64_t(1) << 31,
                                  (int64_t(1) << 31) - 1,
                                  int64_t(1) << 20,
                                  std::numeric_limits<int64_t>::max(),
                                  std::numeric_limits<int64_t>::min()};
  if (fdp.ConsumeIntegralInRange<int>(0, 15) == 0)
    return edges[fdp.ConsumeIntegralInRange<size_t>(0, std::size(edges) - 1)];
  return fdp.ConsumeIntegralInRange<int64_t>(lo, hi);
}

template <typename Enum>
Enum drawEnum(FuzzedDataProvider &fdp, Enum last) {
  return static_cast<Enum>(
      fdp.ConsumeIntegralInRange<uint32_t>(0, static_cast<uint32_t>(last)));
}

/// Small enough to compile and compare in well under a second.
bool isSmall(const Conv2DTransposeLayer &l, int64_t batch) {
  auto small = [](int64_t v, int64_t hi) { return v >= 1 && v <= hi; };
  if (!small(batch, 3) || !small(l.inChannels, 64) ||
      !small(l.outChannels, 64))
    return false;
  for (int d = 0; d < 2; ++d)
    if (!small(l.inputSize[d], 32) || !small(l.outputSize[d], 256) ||
        !small(l.kernelSize[d], 16))
      return false;
  return l.getUsefulFlops() / l.batch * batch <= 2e7;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  Conv2DTransposeLayer l;
  int64_t batch = drawSize(fdp, 1, 3);
  l.batch = fdp.ConsumeIntegralInRange<int>(0, 7) == 0 ? ShapedType::kDynamic
                                                        : batch;
  l.inChannels = drawSize(fdp, 1, 40);
  l.outChannels = drawSize(fdp, 1, 40);
  for (int d = 0; d < 2; ++d) {
    l.inputSize[d] = drawSize(fdp, 1, 12);
    l.kernelSize[d] = drawSize(fdp, 1, 7);
    l.strides[d] = drawSize(fdp, 1, 8);
    l.dilations[d] = fdp.ConsumeBool() ? drawSize(fdp, 1, 3) : 1;
  }
  l.padding = drawEnum(fdp, Padding::Explicit);
  if (l.padding == Padding::Explicit)
    for (int64_t &p : l.pads)
      p = drawSize(fdp, 0, 4);
  l.dataFormat = drawEnum(fdp, DataFormat::ChannelsFirst);
  l.filterFormat = drawEnum(fdp, FilterFormat::OHWI);
  l.activation = drawEnum(fdp, Activation::Gelu);
  if (fdp.ConsumeBool())
    l.alpha = fdp.ConsumeFloatingPoint<double>();
  l.hasBias = fdp.ConsumeBool();
  switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
  case 0: // Keras default.
    l.inferOutputSize();
    break;
  case 1: // With output padding (legal or not).
    l.inferOutputSize(std::array<int64_t, 2>{drawSize(fdp, 0, 7),
                                             drawSize(fdp, 0, 7)});
    break;
  default: // Any output size.
    l.outputSize = {drawSize(fdp, 1, 64), drawSize(fdp, 1, 64)};
  }
  auto kind = drawEnum(fdp, ElementKind::F64);
  uint32_t seed = fdp.ConsumeIntegral<uint32_t>();

  TConvJIT jit;
  if (!isSmall(l, batch)) {
    // Only the verdict: a big legal layer would take too long to run here.
    llvm::consumeError(jit.verifyLayer(l, kind));
    return 0;
  }
  llvm::Error verdict = jit.verifyLayer(l, kind);
  if (verdict) {
    llvm::consumeError(std::move(verdict));
    return 0;
  }
  // Accepted: it must compile and compute what the reference computes.
  std::string mismatch = test::compareWithReference(jit, l, kind, batch, seed);
  if (!mismatch.empty()) {
    fprintf(stderr, "layer-fuzzer: %s\n", mismatch.c_str());
    abort();
  }
  return 0;
}
