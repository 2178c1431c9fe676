//===- DecompositionTest.cpp - The lowering multiplies no zeros -----------===//
//
// Over many configurations: the phase segments of each spatial dimension
// cover every output once with exactly the taps that reach it (padded: all
// taps of its phase), the contractions tconv-to-linalg emits with exact
// borders perform exactly the useful multiply-adds (the pairs of input and
// tap that land on a kept output), and where `borders=auto` pads.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "TConv/Conversion/Passes.h"
#include "TConv/Conversion/TConvToLinalg.h"
#include "TConv/JIT/TConvJIT.h"
#include "TConv/Strategy/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Pass/PassManager.h"

#include "gtest/gtest.h"

#include <random>
#include <set>

using namespace mlir;
using namespace mlir::tconv;
using mlir::tconv::test::makeLayer;

namespace {

/// Leading crop, straight from DESIGN.md (not from the library).
int64_t padBefore(int64_t i, int64_t o, int64_t k, int64_t s, int64_t d,
                  Padding padding, int64_t padLo) {
  int64_t full = (i - 1) * s + (k - 1) * d + 1;
  if (padding == Padding::Same)
    return std::max<int64_t>(full - o, 0) / 2;
  return padding == Padding::Explicit ? padLo : 0;
}

/// Pairs (input, tap) of one dimension whose full position is kept.
int64_t countUsefulPairs(int64_t i, int64_t o, int64_t k, int64_t s, int64_t d,
                         int64_t pb) {
  int64_t n = 0;
  for (int64_t i0 = 0; i0 < i; ++i0)
    for (int64_t k0 = 0; k0 < k; ++k0) {
      int64_t t = i0 * s + k0 * d - pb;
      n += t >= 0 && t < o;
    }
  return n;
}

/// Over random 1-D configurations, the segments cover every output once;
/// each gives output t the (tap, input) pairs that reach it (exact), or
/// every tap of t's phase with the input it would read, possibly outside
/// [0, i) where the padding is (padded; then one segment per phase).
void checkSegments(bool padded, unsigned seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 3000; ++trial) {
    int64_t i = uniform(1, 9), k = uniform(1, 9), s = uniform(1, 8),
            d = uniform(1, 4);
    int64_t full = (i - 1) * s + (k - 1) * d + 1;
    int64_t o = uniform(1, full + s);
    int64_t pb = uniform(0, std::max<int64_t>(full - o, 0));
    SmallVector<PhaseSegment> segments =
        getPhaseSegments(i, o, k, s, d, pb, padded);
    std::vector<int> covered(o, 0);
    std::set<int64_t> phases;
    for (const PhaseSegment &seg : segments) {
      if (padded)
        EXPECT_TRUE(phases.insert(seg.firstOutput % s).second);
      for (int64_t q = 0; q < seg.numOutputs; ++q) {
        int64_t t = seg.firstOutput + q * s;
        ASSERT_LT(t, o);
        ++covered[t];
        // The taps the segment gives t, with their inputs.
        std::set<std::pair<int64_t, int64_t>> given;
        for (int64_t j = 0; j < seg.numTaps; ++j)
          given.insert({seg.firstTap + j * seg.tapStep,
                        seg.firstInput + q - j * seg.inputStep});
        // The taps that reach t (or all of its phase), by brute force.
        std::set<std::pair<int64_t, int64_t>> expected;
        for (int64_t k0 = 0; k0 < k; ++k0) {
          int64_t f = t + pb - k0 * d;
          int64_t rem = ((f % s) + s) % s;
          if (rem == 0 && (padded || (f >= 0 && f / s < i)))
            expected.insert({k0, (f - rem) / s});
        }
        ASSERT_EQ(given, expected)
            << "i=" << i << " k=" << k << " s=" << s << " d=" << d << " o=" << o
            << " pb=" << pb << " t=" << t;
      }
    }
    for (int64_t t = 0; t < o; ++t)
      ASSERT_EQ(covered[t], 1) << "output " << t << " of i=" << i << " k=" << k
                               << " s=" << s << " d=" << d << " o=" << o;
  }
}

TEST(DecompositionTest, SegmentsCoverEachOutputWithExactlyItsTaps) {
  checkSegments(/*padded=*/false, 3);
}

TEST(DecompositionTest, PaddedSegmentsGiveEachOutputAllTapsOfItsPhase) {
  checkSegments(/*padded=*/true, 5);
}

TEST(DecompositionTest, ContractionsPerformExactlyTheUsefulMACs) {
  TConvJIT jit;
  MLIRContext &ctx = jit.getContext();
  std::mt19937 rng(11);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  int uncropped = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Conv2DTransposeLayer layer;
    layer.batch = uniform(1, 3);
    layer.inChannels = uniform(1, 5);
    layer.outChannels = uniform(1, 5);
    for (int d = 0; d < 2; ++d) {
      layer.inputSize[d] = uniform(1, 6);
      layer.kernelSize[d] = uniform(1, 6);
      layer.strides[d] = uniform(1, 5);
      layer.dilations[d] = uniform(1, 3);
    }
    layer.padding = static_cast<Padding>(uniform(0, 2));
    if (layer.padding == Padding::Explicit)
      layer.pads = {uniform(0, 1), uniform(0, 1), uniform(0, 1), uniform(0, 1)};
    layer.dataFormat = static_cast<DataFormat>(uniform(0, 1));
    layer.filterFormat = static_cast<FilterFormat>(uniform(0, 2));
    layer.inferOutputSize();
    if (!layer.hasLegalOutputSize() || layer.outputSize[0] < 1 ||
        layer.outputSize[1] < 1)
      continue;

    OwningOpRef<ModuleOp> module =
        buildConv2DTransposeModule(&ctx, layer, ElementKind::F32, "layer");
    PassManager pm(&ctx);
    TConvSelectStrategyPassOptions options;
    options.borders = "exact";
    options.packFilter = false;
    OpPassManager &func = pm.nest<func::FuncOp>();
    func.addPass(createTConvSelectStrategyPass(options));
    func.addPass(createTConvToLinalgPass());
    ASSERT_TRUE(succeeded(pm.run(*module))) << layer.describe();

    int64_t macs = 0;
    module->walk([&](linalg::GenericOp op) {
      if (op.getNumReductionLoops() == 0)
        return;
      int64_t domain = 1;
      for (int64_t size : op.getStaticLoopRanges())
        domain *= size;
      macs += domain;
    });
    int64_t pairs[2];
    for (int d = 0; d < 2; ++d)
      pairs[d] = countUsefulPairs(
          layer.inputSize[d], layer.outputSize[d], layer.kernelSize[d],
          layer.strides[d], layer.dilations[d],
          padBefore(layer.inputSize[d], layer.outputSize[d],
                    layer.kernelSize[d], layer.strides[d], layer.dilations[d],
                    layer.padding, layer.pads[2 * d]));
    int64_t useful = layer.batch * layer.inChannels * layer.outChannels *
                     pairs[0] * pairs[1];
    EXPECT_EQ(macs, useful) << layer.describe();
    // Without cropping, that is the whole of 2 * N*H*W*Cin*Cout*KH*KW / 2.
    if (pairs[0] == layer.inputSize[0] * layer.kernelSize[0] &&
        pairs[1] == layer.inputSize[1] * layer.kernelSize[1]) {
      EXPECT_EQ(2.0 * macs, layer.getUsefulFlops()) << layer.describe();
      ++uncropped;
    }
  }
  EXPECT_GT(uncropped, 10);
}

TEST(DecompositionTest, AutoPadsLargeFiltersAndManySegments) {
  // DCGAN's first layer: a 52 MB filter on a 4x4 input, 38% more
  // multiply-adds padded (20 x 20 tap products instead of 17 x 17).
  Conv2DTransposeLayer dcgan =
      makeLayer(1, 4, 4, 1024, 512, 5, 5, 2, 2, Padding::Same);
  EXPECT_EQ(getNumTapProducts(dcgan, PaddedDims{}), 17 * 17);
  EXPECT_EQ(getNumTapProducts(dcgan, PaddedDims{true, true}), 20 * 20);
  EXPECT_TRUE(getPaddedDims(dcgan, selectBorders(dcgan)).any());
  // FCN's 16x16 stride-8 layer: 576 exact segments, 64 padded.
  Conv2DTransposeLayer fcn8 =
      makeLayer(1, 34, 34, 21, 21, 16, 16, 8, 8, Padding::Valid);
  EXPECT_EQ(getNumContractionSegments(fcn8, PaddedDims{}), 576);
  EXPECT_EQ(getNumContractionSegments(fcn8, PaddedDims{true, true}), 64);
  EXPECT_TRUE(getPaddedDims(fcn8, selectBorders(fcn8)).any());
  // DCGAN's last layer, 3 output channels: padded (vectors along columns).
  Conv2DTransposeLayer rgb =
      makeLayer(1, 32, 32, 128, 3, 5, 5, 2, 2, Padding::Same);
  EXPECT_TRUE(getPaddedDims(rgb, selectBorders(rgb)).any());
  // FCN's 16x16 stride-2 layer: 36 exact segments to compile, padded (13%
  // more multiply-adds).
  Conv2DTransposeLayer fcn2 =
      makeLayer(1, 16, 16, 21, 21, 4, 4, 2, 2, Padding::Valid);
  EXPECT_EQ(getNumContractionSegments(fcn2, PaddedDims{}), 36);
  EXPECT_TRUE(getPaddedDims(fcn2, selectBorders(fcn2)).any());
  EXPECT_FALSE(getPaddedDims(fcn2, Borders::Exact).any());
  // A small filter with few segments stays exact.
  Conv2DTransposeLayer odd =
      makeLayer(1, 33, 33, 96, 48, 3, 3, 2, 2, Padding::Valid);
  EXPECT_EQ(getNumContractionSegments(odd, PaddedDims{}), 16);
  EXPECT_FALSE(getPaddedDims(odd, selectBorders(odd)).any());
  EXPECT_TRUE(getPaddedDims(odd, Borders::Padded).any());
  // A large filter on a 1x1 input would be mostly zeros padded.
  Conv2DTransposeLayer tiny =
      makeLayer(1, 1, 1, 1024, 512, 5, 5, 2, 2, Padding::Valid);
  EXPECT_GT(getNumTapProducts(tiny, PaddedDims{true, true}), 2 * getNumTapProducts(tiny, PaddedDims{}));
  EXPECT_FALSE(getPaddedDims(tiny, selectBorders(tiny)).any());
  EXPECT_FALSE(getPaddedDims(dcgan, Borders::Exact).any());
  // A dilation of 2^20 would pad the input by 2^21 zeros per side: exact
  // borders even when padded ones are asked for.
  Conv2DTransposeLayer dilated =
      makeLayer(1, 4, 4, 2, 2, 3, 3, 1, 1, Padding::Valid);
  dilated.dilations = {int64_t(1) << 20, int64_t(1) << 20};
  dilated.inferOutputSize();
  EXPECT_FALSE(getPaddedDims(dilated, Borders::Padded).any());
  EXPECT_FALSE(getPaddedDims(dilated, selectBorders(dilated)).any());
  dilated.dilations = {2, 2};
  dilated.inferOutputSize();
  EXPECT_TRUE(getPaddedDims(dilated, Borders::Padded).any());
}

/// Whether `padded` pads the rows and the columns as expected.
testing::AssertionResult pads(PaddedDims padded, bool rows, bool cols) {
  if (padded.rows == rows && padded.cols == cols)
    return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << "rows " << (padded.rows ? "padded" : "exact") << ", columns "
         << (padded.cols ? "padded" : "exact");
}

TEST(DecompositionTest, AutoKeepsExactRowsWhereTheirZerosCount) {
  // DCGAN's 4x4 layer with a batch of 16 and its 8x8 layer: padded rows
  // would add 18% and 8% multiply-adds (20 and 40 tap products per column
  // against 17 and 37); 10 segments each (5 row segments, 2 column phases).
  Conv2DTransposeLayer b16 =
      makeLayer(16, 4, 4, 1024, 512, 5, 5, 2, 2, Padding::Same);
  EXPECT_TRUE(pads(getPaddedDims(b16, selectBorders(b16)), false, true));
  EXPECT_EQ(getNumContractionSegments(b16, PaddedDims{false, true}), 10);
  EXPECT_EQ(getNumTapProducts(b16, PaddedDims{false, true}), 17 * 20);
  Conv2DTransposeLayer g1 =
      makeLayer(1, 4, 4, 1024, 512, 5, 5, 2, 2, Padding::Same);
  struct Case {
    const char *name;
    Conv2DTransposeLayer layer;
    bool rowsPadded;
  };
  for (const Case &c :
       {Case{"dcgan_g2",
             makeLayer(1, 8, 8, 512, 256, 5, 5, 2, 2, Padding::Same), false},
        // Batch 1 on the 4x4 input: the 52 MB filter would come from
        // memory again for each row segment, for 4 outputs per element.
        Case{"dcgan_g1", g1, true},
        // 4% (dcgan_g3) and 2% (pix2pix_up) more multiply-adds.
        Case{"dcgan_g3",
             makeLayer(1, 16, 16, 256, 128, 5, 5, 2, 2, Padding::Same), true},
        Case{"pix2pix_up",
             makeLayer(1, 32, 32, 512, 256, 4, 4, 2, 2, Padding::Same), true},
        // FCN's stride-2 layer (6%): its padded row phases are one group.
        Case{"fcn_up2",
             makeLayer(1, 16, 16, 21, 21, 4, 4, 2, 2, Padding::Valid), true}})
    EXPECT_TRUE(
        pads(getPaddedDims(c.layer, selectBorders(c.layer)), c.rowsPadded, true))
        << c.name;
  // Asked for: exact rows, padded columns, for any layer...
  Conv2DTransposeLayer odd =
      makeLayer(1, 33, 33, 96, 48, 3, 3, 2, 2, Padding::Valid);
  EXPECT_TRUE(pads(getPaddedDims(odd, Borders::ExactRows), false, true));
  EXPECT_TRUE(pads(getPaddedDims(g1, Borders::ExactRows), false, true));
  // ...unless the columns would be padded beyond the limit; a large
  // dilation along the rows only is no concern then.
  Conv2DTransposeLayer dilated =
      makeLayer(1, 4, 4, 2, 2, 3, 3, 1, 1, Padding::Valid);
  dilated.dilations = {int64_t(1) << 20, 1};
  dilated.inferOutputSize();
  EXPECT_TRUE(
      pads(getPaddedDims(dilated, Borders::ExactRows), false, true));
  EXPECT_TRUE(pads(getPaddedDims(dilated, Borders::Padded), false, false));
  dilated.dilations = {1, int64_t(1) << 20};
  dilated.inferOutputSize();
  EXPECT_TRUE(
      pads(getPaddedDims(dilated, Borders::ExactRows), false, false));
}

} // namespace
