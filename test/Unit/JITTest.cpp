//===- JITTest.cpp - JIT results agree with the reference -----------------===//
//
// Differential tests: the JIT-compiled lowering against the reference
// implementation on random data, for every attribute and element type, then
// on many seeded random configurations.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "TConv/Dialect/TConvAttrs.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::tconv;
using mlir::tconv::test::compareWithReference;
using mlir::tconv::test::makeLayer;

namespace {

/// One JIT shared by the tests of this file, so the cache is exercised too.
/// It is destroyed when the suite ends, not by static destructors: a JIT torn
/// down after LLVM's own statics crashes.
class JITTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { jit = new TConvJIT(); }
  static void TearDownTestSuite() {
    delete jit;
    jit = nullptr;
  }
  static TConvJIT *jit;
  friend TConvJIT &getJIT();
};
TConvJIT *JITTest::jit = nullptr;

TConvJIT &getJIT() { return *JITTest::jit; }

TEST_F(JITTest, StridesOneToEight) {
  for (int64_t s = 1; s <= 8; ++s)
    for (Padding p : {Padding::Valid, Padding::Same})
      EXPECT_EQ(compareWithReference(getJIT(),
                                     makeLayer(1, 3, 4, 3, 5, 3, 4, s, s, p),
                                     ElementKind::F32, 1, s),
                "");
}

TEST_F(JITTest, NonSquareStridesAndKernels) {
  EXPECT_EQ(compareWithReference(
                getJIT(), makeLayer(2, 5, 3, 4, 3, 5, 2, 3, 2, Padding::Same),
                ElementKind::F32, 2, 1),
            "");
  EXPECT_EQ(compareWithReference(
                getJIT(), makeLayer(1, 4, 6, 2, 3, 1, 7, 1, 4, Padding::Valid),
                ElementKind::F32, 1, 2),
            "");
}

TEST_F(JITTest, KernelSmallerThanStrideGetsBiasAndActivation) {
  Conv2DTransposeLayer layer =
      makeLayer(1, 3, 3, 2, 4, 2, 1, 4, 3, Padding::Valid);
  layer.hasBias = true;
  layer.activation = Activation::Sigmoid;
  EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 1, 3), "");
}

TEST_F(JITTest, Dilation) {
  Conv2DTransposeLayer layer =
      makeLayer(1, 4, 5, 3, 2, 3, 2, 2, 3, Padding::Same);
  layer.dilations = {2, 3};
  layer.inferOutputSize();
  EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 1, 4), "");
  layer.strides = {1, 1};
  layer.padding = Padding::Valid;
  layer.inferOutputSize();
  EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 1, 5), "");
}

TEST_F(JITTest, ExplicitPadsAndOutputPadding) {
  Conv2DTransposeLayer layer =
      makeLayer(1, 4, 4, 3, 2, 4, 3, 2, 2, Padding::Explicit);
  layer.pads = {1, 2, 0, 3};
  layer.inferOutputSize({{1, 1}});
  ASSERT_TRUE(layer.hasLegalOutputSize());
  EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 1, 6), "");
}

TEST_F(JITTest, SameWithOutputPaddingAndShorterOutput) {
  Conv2DTransposeLayer layer =
      makeLayer(1, 5, 5, 3, 2, 3, 3, 2, 2, Padding::Same);
  layer.inferOutputSize({{0, 1}});
  ASSERT_EQ(layer.outputSize, (std::array<int64_t, 2>{9, 10}));
  EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 1, 7), "");
}

TEST_F(JITTest, OutputLongerThanFullResult) {
  // valid, i=3, k=3, s=4: full 11, outputs up to 12 are legal.
  Conv2DTransposeLayer layer =
      makeLayer(1, 3, 3, 2, 2, 3, 3, 4, 4, Padding::Valid);
  layer.outputSize = {12, 11};
  ASSERT_TRUE(layer.hasLegalOutputSize());
  EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 1, 8), "");
}

TEST_F(JITTest, ChannelsFirstAndFilterFormats) {
  for (DataFormat d : {DataFormat::ChannelsLast, DataFormat::ChannelsFirst})
    for (FilterFormat f :
         {FilterFormat::HWOI, FilterFormat::IOHW, FilterFormat::OHWI}) {
      Conv2DTransposeLayer layer =
          makeLayer(2, 4, 3, 3, 5, 3, 3, 2, 2, Padding::Same);
      layer.dataFormat = d;
      layer.filterFormat = f;
      layer.hasBias = true;
      EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, 2, 9),
                "")
          << stringifyDataFormat(d).str() << " "
          << stringifyFilterFormat(f).str();
    }
}

TEST_F(JITTest, DynamicBatch) {
  Conv2DTransposeLayer layer =
      makeLayer(ShapedType::kDynamic, 3, 3, 2, 3, 3, 3, 2, 2, Padding::Same);
  layer.hasBias = true;
  for (int64_t n : {1, 2, 3})
    EXPECT_EQ(compareWithReference(getJIT(), layer, ElementKind::F32, n, n),
              "");
}

TEST_F(JITTest, EveryElementType) {
  for (ElementKind kind : {ElementKind::F16, ElementKind::BF16,
                           ElementKind::F32, ElementKind::F64}) {
    Conv2DTransposeLayer layer =
        makeLayer(1, 4, 4, 7, 3, 3, 3, 2, 2, Padding::Same);
    layer.hasBias = true;
    layer.activation = Activation::Tanh;
    EXPECT_EQ(compareWithReference(getJIT(), layer, kind, 1, 10), "")
        << stringifyElementKind(kind).str();
  }
}

TEST_F(JITTest, EveryActivation) {
  for (uint32_t a = 0; a <= static_cast<uint32_t>(Activation::Gelu); ++a) {
    Conv2DTransposeLayer layer =
        makeLayer(1, 3, 3, 4, 3, 3, 3, 2, 2, Padding::Valid);
    layer.hasBias = true;
    layer.activation = *symbolizeActivation(a);
    if (activationTakesAlpha(layer.activation))
      layer.alpha = 0.3;
    for (ElementKind kind : {ElementKind::F32, ElementKind::F64})
      EXPECT_EQ(compareWithReference(getJIT(), layer, kind, 1, 20 + a), "")
          << stringifyActivation(layer.activation).str();
  }
}

// Many input channels: a channel tile's filter slice exceeds a quarter of
// L2, so tconv-tile splits the reduction into blocks of input channels
// (accumulating in the output in between; the last block partial when the
// block does not divide Cin), with bias and activation around the blocks.
// f64 and f16 (f32 accumulators): f32 rounding over sums of 9x1024 products
// exceeds the fixed f32 tolerance of compareWithReference, and f32 runs the
// same loops as f64.
TEST_F(JITTest, InputChannelBlocks) {
  // The filter of a channel tile (about 9 taps x Cin x 64 channels) beyond a
  // quarter of L2: its input channels run in blocks that accumulate in the
  // output, in every element type.
  for (int64_t cin : {500, 1024}) {
    Conv2DTransposeLayer layer =
        makeLayer(2, 3, 5, cin, 80, 5, 5, 2, 2, Padding::Same);
    layer.hasBias = true;
    layer.activation = Activation::Relu;
    for (ElementKind kind :
         {ElementKind::F32, ElementKind::F64, ElementKind::F16})
      EXPECT_EQ(compareWithReference(getJIT(), layer, kind, 2, 30 + cin), "")
          << cin << " " << stringifyElementKind(kind).str();
  }
}

TEST_F(JITTest, KernelsAreCached) {
  TConvJIT jit;
  Conv2DTransposeLayer layer =
      makeLayer(1, 3, 3, 2, 2, 3, 3, 2, 2, Padding::Same);
  auto first = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(first)) << llvm::toString(first.takeError());
  auto second = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(second)) << llvm::toString(second.takeError());
  EXPECT_EQ(&*first, &*second);
  EXPECT_EQ(jit.getNumCompiled(), 1u);
  layer.activation = Activation::Relu;
  ASSERT_TRUE(static_cast<bool>(jit.getKernel(layer, ElementKind::F32)));
  EXPECT_EQ(jit.getNumCompiled(), 2u);
}

TEST_F(JITTest, IllegalLayerIsAnErrorWithTheVerifierMessage) {
  TConvJIT jit;
  Conv2DTransposeLayer layer =
      makeLayer(1, 4, 4, 2, 2, 3, 3, 2, 2, Padding::Same);
  layer.outputSize = {9, 8};
  auto kernel = jit.getKernel(layer, ElementKind::F32);
  ASSERT_FALSE(static_cast<bool>(kernel));
  EXPECT_NE(llvm::toString(kernel.takeError())
                .find("expected output height 9 to be legal"),
            std::string::npos);
}

TEST_F(JITTest, ImpossibleTargetIsAnError) {
  KernelOptions options;
  options.target.vectorBits = 1;
  TConvJIT jit(options);
  auto kernel = jit.getKernel(makeLayer(1, 4, 4, 2, 2, 3, 3, 2, 2,
                                        Padding::Same),
                              ElementKind::F32);
  ASSERT_FALSE(static_cast<bool>(kernel));
  EXPECT_NE(llvm::toString(kernel.takeError())
                .find("invalid target: KernelOptions::target: expected "
                      "vector_bits of 128, 256 or 512, got 1"),
            std::string::npos);
}

TEST_F(JITTest, ThreadsConstructorCompilesForTheHost) {
  TConvJIT jit(/*threads=*/2);
  EXPECT_EQ(jit.getOptions().threads, 2u);
  EXPECT_EQ(jit.getOptions().target, getHostTarget());
  EXPECT_EQ(jit.getOptions().filterBlock, KernelOptions::kAutoFilterBlock);
}

TEST_F(JITTest, RunRejectsBadArguments) {
  TConvJIT jit;
  Conv2DTransposeLayer layer =
      makeLayer(2, 3, 3, 2, 2, 3, 3, 2, 2, Padding::Same);
  auto kernel = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  std::vector<float> x(layer.getInputNumElements()),
      w(layer.getFilterNumElements()), b(2), y(layer.getOutputNumElements());
  auto message = [](llvm::Error e) { return llvm::toString(std::move(e)); };
  EXPECT_EQ(message(kernel->run(nullptr, w.data(), nullptr, y.data())),
            "null input, filter or output buffer");
  EXPECT_EQ(message(kernel->run(x.data(), w.data(), b.data(), y.data())),
            "a bias buffer was given to a layer without bias");
  EXPECT_EQ(message(kernel->run(x.data(), w.data(), nullptr, y.data(), 3)),
            "kernel compiled for batch 2, called with batch 3");
  EXPECT_FALSE(
      static_cast<bool>(kernel->run(x.data(), w.data(), nullptr, y.data())));
  std::vector<char> packed(kernel->getPreparedFilterBytes());
  EXPECT_EQ(message(kernel->prepareFilter(nullptr, packed.data())),
            "null filter or prepared filter buffer");
  EXPECT_EQ(message(kernel->prepareFilter(w.data(), nullptr)),
            "null filter or prepared filter buffer");
  EXPECT_EQ(
      message(kernel->runPrepared(x.data(), nullptr, nullptr, y.data(), 2)),
      "null input, filter or output buffer");
  EXPECT_EQ(message(kernel->runPrepared(x.data(), packed.data(), nullptr,
                                        y.data(), 0)),
            "batch must be >= 1, got 0");
}

// Weights prepared once give the same bits as run(), which prepares them on
// every call; the prepared filter is [KH, KW, Cin, Cout].
TEST_F(JITTest, PreparedFilterMatchesRun) {
  TConvJIT jit;
  Conv2DTransposeLayer layer =
      makeLayer(1, 5, 4, 3, 20, 3, 4, 2, 2, Padding::Same);
  layer.hasBias = true;
  layer.activation = Activation::Relu;
  auto kernel = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ(kernel->getPreparedFilterBytes(),
            size_t(3 * 4 * 3 * 20) * sizeof(float));
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<float> x(layer.getInputNumElements()),
      w(layer.getFilterNumElements()), b(20), y(layer.getOutputNumElements()),
      yPrepared(y.size());
  for (std::vector<float> *v : {&x, &w, &b})
    for (float &e : *v)
      e = dist(rng);
  ASSERT_FALSE(
      static_cast<bool>(kernel->run(x.data(), w.data(), b.data(), y.data())));
  std::vector<char> packed(kernel->getPreparedFilterBytes());
  ASSERT_FALSE(
      static_cast<bool>(kernel->prepareFilter(w.data(), packed.data())));
  for (int call = 0; call < 2; ++call) {
    std::fill(yPrepared.begin(), yPrepared.end(), NAN);
    ASSERT_FALSE(static_cast<bool>(kernel->runPrepared(
        x.data(), packed.data(), b.data(), yPrepared.data(), 1)));
    EXPECT_EQ(y, yPrepared);
  }
}

TEST_F(JITTest, NarrowSegmentsAndPaddedFilterRows) {
  // Padded 4x4 phases are narrower than the default register tile: tiles
  // of two rows by four columns by 32 channels. 64 and 128 output channels
  // give the prepared filter rows 16 unused channels (unblocked filters).
  KernelOptions options;
  options.borders = Borders::Padded;
  options.filterBlock = 0;
  TConvJIT jit(options);
  Conv2DTransposeLayer layer =
      makeLayer(2, 4, 4, 24, 64, 5, 5, 2, 2, Padding::Same);
  auto kernel = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ(kernel->getPreparedFilterBytes(),
            size_t(5 * 5 * 24 * 80) * sizeof(float));
  for (ElementKind kind : {ElementKind::F32, ElementKind::F16,
                           ElementKind::BF16, ElementKind::F64})
    EXPECT_EQ(compareWithReference(jit, layer, kind, 2, 17), "")
        << stringifyElementKind(kind).str();
  Conv2DTransposeLayer tall =
      makeLayer(1, 6, 2, 7, 128, 3, 3, 2, 2, Padding::Valid);
  tall.hasBias = true;
  tall.activation = Activation::Tanh;
  EXPECT_EQ(compareWithReference(jit, tall, ElementKind::F32, 1, 18), "");
}

TEST_F(JITTest, BlockedPreparedFilter) {
  // Blocks of 32 of the 64 output channels: [2, KH, KW, Cin, 32], no unused
  // channels; run and runPrepared agree with the reference and each other.
  KernelOptions options;
  options.filterBlock = 32;
  TConvJIT jit(options);
  Conv2DTransposeLayer layer =
      makeLayer(1, 6, 6, 24, 64, 5, 5, 2, 2, Padding::Same);
  auto kernel = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ(kernel->getPreparedFilterBytes(),
            size_t(2 * 5 * 5 * 24 * 32) * sizeof(float));
  for (ElementKind kind : {ElementKind::F32, ElementKind::F16})
    EXPECT_EQ(compareWithReference(jit, layer, kind, 1, 19), "")
        << stringifyElementKind(kind).str();
}

TEST_F(JITTest, FilterBoundSegmentsShareChannelTilesOnTwoThreads) {
  // A 4x4 input with a 3.3 MB filter: with L2 of 1 MB (this machine kind),
  // each phase is filter-bound, and two threads take a channel tile each
  // (see tconv-tile-filter-bound.mlir for the loops).
  KernelOptions options;
  options.threads = 2;
  options.minParallelFlops = 0;
  TConvJIT jit(options);
  Conv2DTransposeLayer layer =
      makeLayer(1, 4, 4, 256, 128, 5, 5, 2, 2, Padding::Same);
  layer.hasBias = true;
  layer.activation = Activation::Relu;
  for (ElementKind kind : {ElementKind::F32, ElementKind::F16})
    EXPECT_EQ(compareWithReference(jit, layer, kind, 1, 19), "")
        << stringifyElementKind(kind).str();
}

TEST_F(JITTest, FewOutputChannelsVectorizeAlongColumns) {
  // Fewer than 8 output channels: vectors along output columns over a
  // channel-major copy of the input, exact and padded borders, a dynamic
  // batch, f32 and bf16 (the differential test has the other types).
  for (Borders borders : {Borders::Exact, Borders::Padded}) {
    KernelOptions options;
    options.borders = borders;
    TConvJIT jit(options);
    for (int64_t cout : {1, 7}) {
      Conv2DTransposeLayer layer = makeLayer(ShapedType::kDynamic, 9, 37, 20,
                                             cout, 5, 5, 2, 2, Padding::Same);
      layer.hasBias = true;
      layer.activation = Activation::Tanh;
      for (ElementKind kind : {ElementKind::F32, ElementKind::BF16})
        EXPECT_EQ(compareWithReference(jit, layer, kind, 2, 20 + cout), "")
            << stringifyElementKind(kind).str() << " cout " << cout;
    }
  }
}

} // namespace

TEST_F(JITTest, ColumnPhasesFoldIntoChannels) {
  // Padded borders, kernels a multiple of the stride with valid padding,
  // NHWC, a channel count that leaves vector lanes empty: one contraction
  // computes every column phase, over S x Cout channels (see
  // getFoldedColumnPhases). Rows grouped (f32) or one by one (f16, bf16: f32
  // accumulators), with bias and activation, a dynamic batch and two
  // threads.
  struct Case {
    Conv2DTransposeLayer layer;
    int64_t phases;
  };
  Conv2DTransposeLayer fcn2 =
      makeLayer(1, 6, 7, 21, 21, 4, 4, 2, 2, Padding::Valid);
  Conv2DTransposeLayer fcn8 =
      makeLayer(1, 4, 5, 5, 21, 16, 16, 8, 8, Padding::Valid);
  Conv2DTransposeLayer unet =
      makeLayer(ShapedType::kDynamic, 5, 3, 9, 12, 2, 4, 2, 2, Padding::Valid);
  unet.hasBias = true;
  unet.activation = Activation::Relu;
  Conv2DTransposeLayer tall =
      makeLayer(2, 3, 4, 3, 40, 3, 6, 1, 3, Padding::Valid);
  tall.hasBias = true;
  tall.activation = Activation::Gelu;
  for (const Case &c :
       {Case{fcn2, 2}, Case{fcn8, 8}, Case{unet, 2}, Case{tall, 3}})
    EXPECT_EQ(getFoldedColumnPhases(c.layer, Borders::Padded), c.phases)
        << c.layer.describe();
  // Foldable, but not folded: 32 channels fill their vectors (16 f32 lanes
  // of 512 bits; 8 of 256), 24 fill those of 256 bits.
  Conv2DTransposeLayer full =
      makeLayer(1, 6, 7, 21, 32, 4, 4, 2, 2, Padding::Valid);
  Conv2DTransposeLayer half =
      makeLayer(1, 6, 7, 21, 24, 4, 4, 2, 2, Padding::Valid);
  TargetDescription avx512 = *getNamedTarget("x86-64-v4"),
                    avx2 = *getNamedTarget("x86-64-v3");
  EXPECT_EQ(getFoldedColumnPhases(full, Borders::Padded), 2);
  EXPECT_FALSE(selectFoldColumns(full, Borders::Padded, 32, avx512));
  EXPECT_FALSE(selectFoldColumns(full, Borders::Padded, 32, avx2));
  EXPECT_TRUE(selectFoldColumns(half, Borders::Padded, 32, avx512));
  EXPECT_FALSE(selectFoldColumns(half, Borders::Padded, 32, avx2));
  EXPECT_TRUE(selectFoldColumns(fcn2, Borders::Padded, 32, avx2));
  // Not foldable: NCHW; same padding shifts the input of every other phase;
  // a 3-tap kernel gives phases of 2 and 1 taps.
  Conv2DTransposeLayer nchw = fcn2;
  nchw.dataFormat = DataFormat::ChannelsFirst;
  Conv2DTransposeLayer same =
      makeLayer(1, 6, 7, 21, 21, 4, 4, 2, 2, Padding::Same);
  Conv2DTransposeLayer odd =
      makeLayer(1, 6, 7, 21, 21, 3, 3, 2, 2, Padding::Valid);
  for (const Conv2DTransposeLayer &layer : {nchw, same, odd})
    EXPECT_EQ(getFoldedColumnPhases(layer, Borders::Padded), 0)
        << layer.describe();
  // Exact borders cut the border columns off the phases.
  EXPECT_EQ(getFoldedColumnPhases(fcn2, Borders::Exact), 0);

  KernelOptions options;
  options.borders = Borders::Padded;
  TConvJIT jit(options);
  options.threads = 2;
  options.minParallelFlops = 0;
  TConvJIT threaded(options);
  uint32_t seed = 40;
  for (const Case &c :
       {Case{fcn2, 2}, Case{fcn8, 8}, Case{unet, 2}, Case{tall, 3}}) {
    int64_t batch = ShapedType::isDynamic(c.layer.batch) ? 3 : c.layer.batch;
    for (ElementKind kind :
         {ElementKind::F32, ElementKind::F16, ElementKind::BF16})
      EXPECT_EQ(compareWithReference(jit, c.layer, kind, batch, ++seed), "")
          << c.layer.describe() << " " << stringifyElementKind(kind).str();
    EXPECT_EQ(compareWithReference(threaded, c.layer, ElementKind::F32, batch,
                                   ++seed),
              "")
        << c.layer.describe() << " on two threads";
  }
}
