//===- DifferentialTest.cpp - Random layers against the reference ---------===//
//
// Seeded random configurations over every attribute (strides 1 to 8,
// kernels smaller and larger than the stride, dilation, all paddings, both
// data formats, all filter formats, bias, every activation, every element
// type, batch 1 to 3 and dynamic, channels 1 to 33, odd sizes), each compiled
// through the CPU pipeline and compared with the reference implementation,
// with exact, zero-padded and exact-row phase borders in turn. Two threads with
// a JIT each keep the run short on the 2-core CI machine. A second, smaller set
// runs kernels that use two threads (OpenMP), a third blocked filters, a fourth
// output channels of three vectors, a fifth batches of 4 to 8 images.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "TConv/Dialect/TConvAttrs.h"

#include "gtest/gtest.h"

#include <atomic>
#include <mutex>
#include <thread>

using namespace mlir;
using namespace mlir::tconv;

namespace {

/// Number of random configurations (1000; the sanitizer build runs the
/// first ones only, see TCONV_DIFFERENTIAL_CONFIGS in CMake).
constexpr int kNumConfigs = TCONV_DIFFERENTIAL_CONFIGS;

/// One random configuration.
struct Config {
  Conv2DTransposeLayer layer;
  ElementKind kind;
  int64_t batch;
};

/// Draws a legal configuration from `seed`.
Config makeConfig(uint32_t seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  Config c;
  Conv2DTransposeLayer &l = c.layer;
  c.batch = uniform(1, 3);
  // One configuration in eight has a dynamic batch.
  l.batch = uniform(0, 7) == 0 ? ShapedType::kDynamic : c.batch;
  // Channels 1 to 33, mostly small to keep the reference quick.
  l.inChannels = uniform(0, 3) == 0 ? uniform(1, 33) : uniform(1, 6);
  l.outChannels = uniform(0, 3) == 0 ? uniform(1, 33) : uniform(1, 6);
  for (int d = 0; d < 2; ++d) {
    l.strides[d] = uniform(0, 4) == 0 ? uniform(5, 8) : uniform(1, 4);
    l.kernelSize[d] = uniform(1, l.strides[d] > 4 ? 4 : 6);
    l.dilations[d] = uniform(0, 4) == 0 ? uniform(2, 3) : 1;
    l.inputSize[d] = uniform(1, 7);
  }
  l.padding = static_cast<Padding>(uniform(0, 2));
  if (l.padding == Padding::Explicit)
    for (int64_t &p : l.pads)
      p = uniform(0, 2);
  l.dataFormat = static_cast<DataFormat>(uniform(0, 1));
  l.filterFormat = static_cast<FilterFormat>(uniform(0, 2));
  l.activation = static_cast<Activation>(uniform(0, 12));
  if (activationTakesAlpha(l.activation) && uniform(0, 1))
    l.alpha = uniform(1, 9) / 10.0;
  l.hasBias = uniform(0, 1);
  std::optional<std::array<int64_t, 2>> outputPadding;
  if (uniform(0, 2) == 0)
    outputPadding = std::array<int64_t, 2>{uniform(0, l.strides[0] - 1),
                                           uniform(0, l.strides[1] - 1)};
  l.inferOutputSize(outputPadding);
  // Output padding or large pads can give an illegal or empty output: fall
  // back to the default length then.
  if (!l.hasLegalOutputSize() || l.outputSize[0] < 1 || l.outputSize[1] < 1) {
    l.pads = {0, 0, 0, 0};
    l.inferOutputSize();
  }
  static const ElementKind kinds[] = {ElementKind::F32, ElementKind::F32,
                                      ElementKind::F32, ElementKind::F64,
                                      ElementKind::F16, ElementKind::BF16};
  c.kind = kinds[uniform(0, 5)];
  return c;
}

TEST(DifferentialTest, RandomConfigurationsMatchTheReference) {
  std::atomic<int> next{0}, compared{0};
  std::mutex failuresMutex;
  std::vector<std::string> failures;
  auto worker = [&] {
    // Exact, padded and exact-row phase borders in turn.
    KernelOptions exact, padded, exactRows;
    exact.borders = Borders::Exact;
    padded.borders = Borders::Padded;
    exactRows.borders = Borders::ExactRows;
    TConvJIT jits[3] = {TConvJIT(exact), TConvJIT(padded), TConvJIT(exactRows)};
    for (int i = next++; i < kNumConfigs; i = next++) {
      Config c = makeConfig(1000 + i);
      ASSERT_TRUE(c.layer.hasLegalOutputSize()) << c.layer.describe();
      std::string error = test::compareWithReference(jits[i % 3], c.layer,
                                                     c.kind, c.batch, 5000 + i);
      ++compared;
      if (!error.empty()) {
        std::lock_guard<std::mutex> lock(failuresMutex);
        failures.push_back("seed " + std::to_string(1000 + i) + ": " + error);
      }
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(compared.load(), kNumConfigs);
  for (const std::string &f : failures)
    ADD_FAILURE() << f;
}

/// Compiles and compares `count` configurations drawn from seeds `seed`,
/// `seed` + 1, ..., with exact, padded and exact-row phase borders in turn,
/// every fourth on two threads, each changed by `adjust` first.
void checkConfigurations(
    int count, uint32_t seed,
    llvm::function_ref<void(int, Config &, KernelOptions &)> adjust) {
  const Borders borders[] = {Borders::Exact, Borders::Padded,
                             Borders::ExactRows};
  for (int i = 0; i < count; ++i) {
    Config c = makeConfig(seed + i);
    KernelOptions options;
    options.borders = borders[i % 3];
    if (i % 4 == 0) {
      options.threads = 2;
      options.minParallelFlops = 0;
    }
    adjust(i, c, options);
    TConvJIT jit(options);
    std::string error = test::compareWithReference(jit, c.layer, c.kind,
                                                   c.batch, seed + 4000 + i);
    EXPECT_TRUE(error.empty()) << "seed " << seed + i << ": " << error;
  }
}

/// Configurations whose packed filter is blocked (NHWC, Cout a multiple of
/// the block): tiles of one block, of part of one (64-channel blocks, tiles
/// of 32 on narrow segments) and channel tiles in an scf.forall.
constexpr int kNumBlockedConfigs = kNumConfigs / 10;

TEST(DifferentialTest, BlockedFiltersMatchTheReference) {
  checkConfigurations(
      kNumBlockedConfigs, 4000, [](int i, Config &c, KernelOptions &options) {
        const int64_t blocks[] = {8, 16, 32, 64};
        int64_t block = blocks[i % 4];
        c.layer.dataFormat = DataFormat::ChannelsLast;
        c.layer.outChannels = block * (1 + i % 3);
        options.filterBlock = block;
        Strategy blocked;
        blocked.borders = *options.borders;
        blocked.filterBlock = block;
        EXPECT_TRUE(usesBlockedFilter(c.layer, blocked) ||
                    getFoldedColumnPhases(c.layer, blocked.borders) > 0)
            << c.layer.describe();
      });
}

/// Configurations with exactly three vectors of output channels on the host
/// (48 f32 with AVX-512): one register tile of 3 vectors, each column's
/// accumulators unrolled into 3 vectors (see getDefaultRegisterTile).
constexpr int kNumThreeVectorConfigs = kNumConfigs / 20;

TEST(DifferentialTest, ThreeVectorTilesMatchTheReference) {
  const int64_t lanes = getHostTarget().getLanes(32);
  checkConfigurations(kNumThreeVectorConfigs, 6000,
                      [&](int, Config &c, KernelOptions &) {
                        c.layer.outChannels = 3 * lanes;
                      });
}

/// Configurations with a batch of 4 to 8 images: narrow segments (a small
/// input, exact borders) take register tiles of several images.
constexpr int kNumBatchConfigs = kNumConfigs / 20;

TEST(DifferentialTest, BatchTilesMatchTheReference) {
  checkConfigurations(kNumBatchConfigs, 10000,
                      [](int i, Config &c, KernelOptions &) {
                        c.batch = 4 + i % 5;
                        c.layer.batch = c.batch;
                      });
}

/// Kernels whose row loops run on an OpenMP team of two threads.
constexpr int kNumThreadedConfigs = kNumConfigs / 10;

TEST(DifferentialTest, TwoThreadsMatchTheReference) {
  // Every segment on the OpenMP team, however small.
  KernelOptions options;
  options.threads = 2;
  options.minParallelFlops = 0;
  options.borders = Borders::Exact;
  TConvJIT exact(options);
  options.borders = Borders::Padded;
  TConvJIT padded(options);
  options.borders = Borders::ExactRows;
  TConvJIT exactRows(options);
  TConvJIT *jits[3] = {&exact, &padded, &exactRows};
  for (int i = 0; i < kNumThreadedConfigs; ++i) {
    Config c = makeConfig(3000 + i);
    std::string error = test::compareWithReference(*jits[i % 3], c.layer,
                                                   c.kind, c.batch, 7000 + i);
    EXPECT_TRUE(error.empty()) << "seed " << 3000 + i << ": " << error;
  }
}

} // namespace
