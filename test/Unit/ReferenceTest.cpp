//===- ReferenceTest.cpp - The reference implementation is right ----------===//
//
// Small cases worked out by hand from `full[i0 * s + k0 * d] += x[i0] * w[k0]`
// and identities (1x1 stride-1 is a matmul, layouts are permutations).
//
//===----------------------------------------------------------------------===//

#include "TConv/Reference/Conv2DTranspose.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>
#include <vector>

using namespace mlir::tconv;
using mlir::tconv::reference::applyActivation;
using mlir::tconv::reference::conv2DTranspose;

namespace {

/// A 1 x 1 x W x 1 layer with a 1 x K kernel: a 1-D transposed convolution.
Conv2DTransposeLayer makeRowLayer(int64_t w, int64_t k, int64_t s,
                                  Padding padding, int64_t d = 1) {
  Conv2DTransposeLayer layer;
  layer.inputSize = {1, w};
  layer.kernelSize = {1, k};
  layer.strides = {1, s};
  layer.dilations = {1, d};
  layer.padding = padding;
  return layer;
}

std::vector<float> run(const Conv2DTransposeLayer &layer,
                       const std::vector<float> &x, const std::vector<float> &w,
                       const std::vector<float> &b = {}) {
  std::vector<float> y(layer.getOutputNumElements(), -1.0f);
  conv2DTranspose<float>(layer, x.data(), w.data(),
                         b.empty() ? nullptr : b.data(), y.data());
  return y;
}

TEST(ReferenceTest, KernelEqualsStrideTilesWithoutOverlap) {
  Conv2DTransposeLayer layer = makeRowLayer(3, 2, 2, Padding::Valid);
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {1, 2, 3}, {10, 1}),
            (std::vector<float>{10, 1, 20, 2, 30, 3}));
}

TEST(ReferenceTest, OverlappingTapsAddUp) {
  // full = [1, 10, 100 + 2, 20, 200 + 3, 30, 300].
  Conv2DTransposeLayer layer = makeRowLayer(3, 3, 2, Padding::Valid);
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {1, 2, 3}, {1, 10, 100}),
            (std::vector<float>{1, 10, 102, 20, 203, 30, 300}));
  // same: o = 6, pad_before = (7 - 6) / 2 = 0, the extra column goes at the end.
  layer.padding = Padding::Same;
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {1, 2, 3}, {1, 10, 100}),
            (std::vector<float>{1, 10, 102, 20, 203, 30}));
  // explicit pads left 1, right 1: out = full[1 .. 5].
  layer.padding = Padding::Explicit;
  layer.pads = {0, 0, 1, 1};
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {1, 2, 3}, {1, 10, 100}),
            (std::vector<float>{10, 102, 20, 203, 30}));
}

TEST(ReferenceTest, SameCropsOddExcessAtTheEnd) {
  // i=3, k=4, s=2: full = 8, same o = 6, pad_before = 1, one more cropped at
  // the end. full = [1, 10, 100 + 2, 1000 + 20, 200 + 3, 2000 + 30, 300, 3000].
  Conv2DTransposeLayer layer = makeRowLayer(3, 4, 2, Padding::Same);
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {1, 2, 3}, {1, 10, 100, 1000}),
            (std::vector<float>{10, 102, 1020, 203, 2030, 300}));
}

TEST(ReferenceTest, DilationSpreadsTaps) {
  // ke = 3: full[0] = 1, full[2] = 10, full[1] = 2, full[3] = 20.
  Conv2DTransposeLayer layer = makeRowLayer(2, 2, 1, Padding::Valid, 2);
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {1, 2}, {1, 10}), (std::vector<float>{1, 2, 10, 20}));
}

TEST(ReferenceTest, KernelSmallerThanStrideLeavesBiasOnly) {
  Conv2DTransposeLayer layer = makeRowLayer(2, 1, 3, Padding::Valid);
  layer.inferOutputSize();
  EXPECT_EQ(run(layer, {5, 7}, {2}), (std::vector<float>{10, 0, 0, 14, 0, 0}));
  layer.hasBias = true;
  layer.activation = Activation::Relu;
  EXPECT_EQ(run(layer, {5, -7}, {2}, {1}),
            (std::vector<float>{11, 1, 1, 0, 1, 1}));
}

TEST(ReferenceTest, OutputLongerThanFullResultIsZeroFilled) {
  // valid, i=3, k=3, s=2: o may be 8 (> full 7); out[7] is zero.
  Conv2DTransposeLayer layer = makeRowLayer(3, 3, 2, Padding::Valid);
  layer.outputSize = {1, 8};
  ASSERT_TRUE(layer.hasLegalOutputSize());
  EXPECT_EQ(run(layer, {1, 2, 3}, {1, 10, 100}),
            (std::vector<float>{1, 10, 102, 20, 203, 30, 300, 0}));
}

TEST(ReferenceTest, ChannelsMixAsTheFilterSays) {
  // 1x1 pixel, 2 -> 2 channels, 1x1 kernel: y[o] = sum_c x[c] * w[o][c].
  Conv2DTransposeLayer layer;
  layer.inChannels = 2;
  layer.outChannels = 2;
  layer.inferOutputSize();
  // hwoi: w[0][0][o][c] = {{1, 2}, {3, 4}}.
  EXPECT_EQ(run(layer, {1, 10}, {1, 2, 3, 4}), (std::vector<float>{21, 43}));
  // iohw: w[c][o] = {{1, 3}, {2, 4}} is the same filter.
  layer.filterFormat = FilterFormat::IOHW;
  EXPECT_EQ(run(layer, {1, 10}, {1, 3, 2, 4}), (std::vector<float>{21, 43}));
}

TEST(ReferenceTest, ActivationsByHand) {
  EXPECT_DOUBLE_EQ(applyActivation(Activation::None, -3.0, 0), -3.0);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::Relu, -3.0, 0), 0.0);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::Relu6, 7.0, 0), 6.0);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::LeakyRelu, -1.0, 0.2), -0.2);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::Elu, 0.0, 1.0), 0.0);
  EXPECT_NEAR(applyActivation(Activation::Elu, -1.0, 1.0), -0.6321205588, 1e-9);
  EXPECT_NEAR(applyActivation(Activation::Selu, 1.0, 0), 1.0507009874, 1e-9);
  EXPECT_NEAR(applyActivation(Activation::Selu, -1.0, 0), -1.1113307378, 1e-9);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::Sigmoid, 0.0, 0), 0.5);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::HardSigmoid, 1.0, 0), 0.7);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::HardSigmoid, 3.0, 0), 1.0);
  EXPECT_NEAR(applyActivation(Activation::Tanh, 1.0, 0), 0.7615941560, 1e-9);
  EXPECT_NEAR(applyActivation(Activation::Softplus, 0.0, 0), 0.6931471806, 1e-9);
  EXPECT_NEAR(applyActivation(Activation::Softplus, 100.0, 0), 100.0, 1e-9);
  EXPECT_DOUBLE_EQ(applyActivation(Activation::Softsign, 1.0, 0), 0.5);
  EXPECT_NEAR(applyActivation(Activation::Swish, 1.0, 0), 0.7310585786, 1e-9);
  EXPECT_NEAR(applyActivation(Activation::Gelu, 1.0, 0), 0.8413447461, 1e-9);
}

//===----------------------------------------------------------------------===//
// Identities on random data
//===----------------------------------------------------------------------===//

std::vector<double> randomVector(int64_t n, std::mt19937 &rng) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> v(n);
  for (double &x : v)
    x = dist(rng);
  return v;
}

TEST(ReferenceTest, OneByOneStrideOneIsAMatmul) {
  std::mt19937 rng(7);
  Conv2DTransposeLayer layer;
  layer.batch = 2;
  layer.inChannels = 5;
  layer.outChannels = 3;
  layer.inputSize = {4, 3};
  layer.inferOutputSize();
  ASSERT_EQ(layer.outputSize, layer.inputSize);
  std::vector<double> x = randomVector(layer.getInputNumElements(), rng);
  std::vector<double> w = randomVector(layer.getFilterNumElements(), rng);
  std::vector<double> y(layer.getOutputNumElements());
  conv2DTranspose<double>(layer, x.data(), w.data(), nullptr, y.data());
  int64_t pixels = 2 * 4 * 3;
  for (int64_t p = 0; p < pixels; ++p)
    for (int64_t o = 0; o < 3; ++o) {
      double expected = 0;
      for (int64_t c = 0; c < 5; ++c)
        expected += x[p * 5 + c] * w[o * 5 + c];
      EXPECT_NEAR(y[p * 3 + o], expected, 1e-12);
    }
}

/// A layer with every attribute away from its default.
Conv2DTransposeLayer makeOddLayer() {
  Conv2DTransposeLayer layer;
  layer.batch = 2;
  layer.inChannels = 3;
  layer.outChannels = 4;
  layer.inputSize = {5, 4};
  layer.kernelSize = {3, 4};
  layer.strides = {2, 3};
  layer.dilations = {2, 1};
  layer.padding = Padding::Same;
  layer.hasBias = true;
  layer.activation = Activation::Elu;
  layer.inferOutputSize();
  return layer;
}

TEST(ReferenceTest, ChannelsFirstIsChannelsLastTransposed) {
  std::mt19937 rng(11);
  Conv2DTransposeLayer nhwc = makeOddLayer();
  Conv2DTransposeLayer nchw = nhwc;
  nchw.dataFormat = DataFormat::ChannelsFirst;
  int64_t n = nhwc.batch, c = nhwc.inChannels, h = nhwc.inputSize[0],
          w = nhwc.inputSize[1];
  std::vector<double> x = randomVector(nhwc.getInputNumElements(), rng);
  std::vector<double> f = randomVector(nhwc.getFilterNumElements(), rng);
  std::vector<double> b = randomVector(nhwc.outChannels, rng);
  std::vector<double> xt(x.size());
  for (int64_t i0 = 0; i0 < n; ++i0)
    for (int64_t i1 = 0; i1 < h; ++i1)
      for (int64_t i2 = 0; i2 < w; ++i2)
        for (int64_t i3 = 0; i3 < c; ++i3)
          xt[((i0 * c + i3) * h + i1) * w + i2] =
              x[((i0 * h + i1) * w + i2) * c + i3];
  std::vector<double> y(nhwc.getOutputNumElements()), yt(y.size());
  conv2DTranspose<double>(nhwc, x.data(), f.data(), b.data(), y.data());
  conv2DTranspose<double>(nchw, xt.data(), f.data(), b.data(), yt.data());
  int64_t co = nhwc.outChannels, oh = nhwc.outputSize[0],
          ow = nhwc.outputSize[1];
  for (int64_t i0 = 0; i0 < n; ++i0)
    for (int64_t i1 = 0; i1 < oh; ++i1)
      for (int64_t i2 = 0; i2 < ow; ++i2)
        for (int64_t i3 = 0; i3 < co; ++i3)
          EXPECT_EQ(yt[((i0 * co + i3) * oh + i1) * ow + i2],
                    y[((i0 * oh + i1) * ow + i2) * co + i3]);
}

TEST(ReferenceTest, FilterFormatsAgreeAfterPermutingWeights) {
  std::mt19937 rng(13);
  Conv2DTransposeLayer hwoi = makeOddLayer();
  int64_t kh = hwoi.kernelSize[0], kw = hwoi.kernelSize[1],
          co = hwoi.outChannels, ci = hwoi.inChannels;
  std::vector<double> x = randomVector(hwoi.getInputNumElements(), rng);
  std::vector<double> f = randomVector(hwoi.getFilterNumElements(), rng);
  std::vector<double> b = randomVector(co, rng);
  std::vector<double> fIOHW(f.size()), fOHWI(f.size());
  for (int64_t y = 0; y < kh; ++y)
    for (int64_t x0 = 0; x0 < kw; ++x0)
      for (int64_t o = 0; o < co; ++o)
        for (int64_t c = 0; c < ci; ++c) {
          double v = f[((y * kw + x0) * co + o) * ci + c];
          fIOHW[((c * co + o) * kh + y) * kw + x0] = v;
          fOHWI[((o * kh + y) * kw + x0) * ci + c] = v;
        }
  std::vector<double> y(hwoi.getOutputNumElements()), y2(y.size()),
      y3(y.size());
  conv2DTranspose<double>(hwoi, x.data(), f.data(), b.data(), y.data());
  Conv2DTransposeLayer iohw = hwoi, ohwi = hwoi;
  iohw.filterFormat = FilterFormat::IOHW;
  ohwi.filterFormat = FilterFormat::OHWI;
  conv2DTranspose<double>(iohw, x.data(), fIOHW.data(), b.data(), y2.data());
  conv2DTranspose<double>(ohwi, x.data(), fOHWI.data(), b.data(), y3.data());
  EXPECT_EQ(y, y2);
  EXPECT_EQ(y, y3);
}

} // namespace
