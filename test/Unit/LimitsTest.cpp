//===- LimitsTest.cpp - Non-finite values and 64-bit sizes ----------------===//
//
// NaN and Inf in the input or the weights propagate as TensorFlow
// propagates them (what the reference loop computes); tensors whose element
// count or byte size overflows 32 bits are computed with 64-bit offsets, and
// sizes that would overflow 64 bits are rejected.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "TConv/Dialect/TConvAttrs.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>

using namespace mlir;
using namespace mlir::tconv;
using mlir::tconv::test::compareWithReference;

namespace {

Conv2DTransposeLayer makeLayer(DataFormat format, Activation activation) {
  Conv2DTransposeLayer l;
  l.batch = 2;
  l.inputSize = {5, 6};
  l.inChannels = 7;
  l.outChannels = 19;
  l.kernelSize = {3, 4};
  l.strides = {2, 2};
  l.padding = Padding::Same;
  l.dataFormat = format;
  l.activation = activation;
  l.hasBias = true;
  l.inferOutputSize();
  return l;
}

TEST(LimitsTest, NaNAndInfPropagateLikeTheReference) {
  TConvJIT jit;
  for (int a = 0; a <= static_cast<int>(Activation::Gelu); ++a) {
    auto activation = static_cast<Activation>(a);
    for (ElementKind kind : {ElementKind::F32, ElementKind::F16,
                             ElementKind::BF16, ElementKind::F64})
      for (DataFormat format :
           {DataFormat::ChannelsLast, DataFormat::ChannelsFirst}) {
        // Two formats and four types per activation would be 104 compiles:
        // f32 takes both formats, the other types channels_last.
        if (kind != ElementKind::F32 && format != DataFormat::ChannelsLast)
          continue;
        Conv2DTransposeLayer l = makeLayer(format, activation);
        int64_t numNonFinite = 0;
        EXPECT_EQ(compareWithReference(jit, l, kind, 2, 40 + a,
                                       /*nonFiniteOneIn=*/60, &numNonFinite),
                  "")
            << stringifyActivation(activation).str();
        // The test means something only if non-finite values reach the
        // output (some, not all).
        EXPECT_GT(numNonFinite, 0);
        EXPECT_LT(numNonFinite, l.getOutputNumElements());
      }
  }
}

TEST(LimitsTest, SizesBeyond64BitsAreRejected) {
  TConvJIT jit;
  Conv2DTransposeLayer l;
  l.inputSize = {int64_t(1) << 30, int64_t(1) << 30};
  l.inChannels = l.outChannels = int64_t(1) << 30;
  l.inferOutputSize();
  llvm::Error err = jit.verifyLayer(l, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("smaller than 2^62 bytes"),
            std::string::npos);
}

// Found by the layer fuzzer: the output length of unverified sizes wrapped
// around int64 (undefined behaviour) before the verifier could reject them.
TEST(LimitsTest, HugeOrNegativeSizesAreRejectedNotWrapped) {
  TConvJIT jit;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  Conv2DTransposeLayer l;
  l.inputSize = {kMax, 3};
  l.strides = {kMax, 1};
  l.kernelSize = {kMax, 1};
  l.inferOutputSize();
  EXPECT_EQ(l.outputSize[0], kMax); // Saturated.
  llvm::Error err = jit.verifyLayer(l, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("below 2^31"),
            std::string::npos);

  l = Conv2DTransposeLayer();
  l.inChannels = -3;
  err = jit.verifyLayer(l, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("expected non-empty"),
            std::string::npos);
}

TEST(LimitsTest, DynamicBatchBeyond64BitsIsRejected) {
  TConvJIT jit;
  Conv2DTransposeLayer l;
  l.batch = ShapedType::kDynamic;
  l.inputSize = {int64_t(1) << 20, int64_t(1) << 20}; // 2^42 bytes per image.
  l.inferOutputSize();
  auto kernel = jit.getKernel(l, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  // Never read: the batch is rejected first.
  float dummy = 0;
  llvm::Error err = kernel->run(&dummy, &dummy, nullptr, &dummy,
                                /*batch=*/int64_t(1) << 20);
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("2^62 bytes"),
            std::string::npos);
}

/// An f16 output of 2^31 elements (4 GiB): both its element count and its
/// byte size overflow 32 bits. With kernel = stride and valid padding each
/// output element is one product per input channel, so the expected value
/// of any element follows from the formula of DESIGN.md directly:
/// out[n, oh, ow, co] = sum_ci in[n, oh / s, ow / s, ci] *
///                               w[oh % s, ow % s, co, ci].
TEST(LimitsTest, OutputBeyond32BitOffsets) {
  constexpr int64_t s = 8, inH = 4096, inW = 4096, cin = 2, cout = 2;
  Conv2DTransposeLayer l;
  l.inputSize = {inH, inW};
  l.inChannels = cin;
  l.outChannels = cout;
  l.kernelSize = {s, s};
  l.strides = {s, s};
  l.inferOutputSize();
  const int64_t outH = l.outputSize[0], outW = l.outputSize[1];
  const int64_t outCount = l.getOutputNumElements();
  ASSERT_EQ(outCount, int64_t(1) << 31);

  TConvJIT jit;
  auto kernel = jit.getKernel(l, ElementKind::F16);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  std::mt19937 rng(7);
  std::vector<double> x, w;
  std::vector<uint8_t> xBuf = test::makeRandomBuffer(
      l.getInputNumElements(), ElementKind::F16, rng, x);
  std::vector<uint8_t> wBuf = test::makeRandomBuffer(
      l.getFilterNumElements(), ElementKind::F16, rng, w);
  // All-ones bits are a NaN in f16: an element never written stays NaN.
  std::unique_ptr<uint16_t[]> y(new uint16_t[outCount]);
  std::memset(y.get(), 0xff, outCount * sizeof(uint16_t));
  ASSERT_FALSE(static_cast<bool>(
      kernel->run(xBuf.data(), wBuf.data(), nullptr, y.get())));

  auto expected = [&](int64_t oh, int64_t ow, int64_t co) {
    double sum = 0;
    for (int64_t ci = 0; ci < cin; ++ci)
      sum += x[((oh / s) * inW + ow / s) * cin + ci] *
             w[(((oh % s) * s + ow % s) * cout + co) * cin + ci];
    return sum;
  };
  auto check = [&](int64_t oh, int64_t ow, int64_t co) {
    double got = loadElement(y.get(), (oh * outW + ow) * cout + co,
                             ElementKind::F16);
    double want = expected(oh, ow, co);
    return std::abs(got - want) <= 2e-3 * (1 + std::abs(want));
  };
  // The last rows (offsets above 2^32 bytes) in full, then random samples.
  int64_t failures = 0;
  for (int64_t oh = outH - 2; oh < outH; ++oh)
    for (int64_t ow = 0; ow < outW; ++ow)
      for (int64_t co = 0; co < cout; ++co)
        failures += !check(oh, ow, co);
  std::uniform_int_distribution<int64_t> row(0, outH - 1), col(0, outW - 1);
  for (int i = 0; i < 100000; ++i)
    failures += !check(row(rng), col(rng), i % cout);
  EXPECT_EQ(failures, 0);
}

} // namespace
