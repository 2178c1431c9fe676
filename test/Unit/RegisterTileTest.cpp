//===- RegisterTileTest.cpp - The register tiles tconv-tile chooses -------===//
//
// For fixed register files (not the host's): the default tile fills the
// registers with accumulators, and narrow segments get tiles of several rows
// that still fit and divide the segment.
//
//===----------------------------------------------------------------------===//

#include "TConv/Strategy/CostModel.h"

#include "TestUtils.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/Support/MathExtras.h"

#include "gtest/gtest.h"

#include <tuple>

using namespace mlir;
using namespace mlir::tconv;

namespace {

const TargetDescription kAVX512 = {512, 32, 2, int64_t(32) << 10,
                                   int64_t(1) << 20};
const TargetDescription kAVX2 = {256, 16, 2, int64_t(32) << 10,
                                 int64_t(1) << 20};
/// With 2 MiB of L2 (Sapphire Rapids): dcgan_g3's phases are not
/// filter-bound.
const TargetDescription kAVX512L2 = {512, 32, 2, int64_t(32) << 10,
                                     int64_t(2) << 20};

/// Registers a tile occupies: accumulators, the filter vectors of one input
/// channel and one broadcast input.
int64_t countRegisters(const RegisterTile &tile, const TargetDescription &target,
                       int64_t elementBits) {
  int64_t lanes = target.vectorBits / elementBits;
  int64_t vectors = (tile.channels + lanes - 1) / lanes;
  return tile.batch * tile.rows * tile.cols * vectors + vectors + 1;
}

TEST(RegisterTileTest, DefaultTileFillsTheRegisters) {
  RegisterTile tile = getDefaultRegisterTile(kAVX512, 512, 32);
  EXPECT_EQ(tile.rows, 1);
  EXPECT_EQ(tile.cols, 6);
  EXPECT_EQ(tile.channels, 64);
  EXPECT_EQ(countRegisters(tile, kAVX512, 32), 29);
  // AVX2's 16 registers: 6 columns of 2 vectors (12 accumulators), not 2 of
  // 4 (8).
  tile = getDefaultRegisterTile(kAVX2, 512, 32);
  EXPECT_EQ(tile.cols, 6);
  EXPECT_EQ(tile.channels, 16);
  EXPECT_EQ(countRegisters(tile, kAVX2, 32), 15);
  // Three output channels: one (partial) vector, eight columns.
  tile = getDefaultRegisterTile(kAVX512, 3, 32);
  EXPECT_EQ(tile.channels, 3);
  EXPECT_EQ(tile.cols, 8);
}

TEST(RegisterTileTest, ThreeVectorsOfChannelsAreOneTile) {
  // 48 channels on AVX-512: 8 x 3 vectors (24 accumulators) rather than
  // 8 x 2 and a last tile of one vector.
  RegisterTile tile = getDefaultRegisterTile(kAVX512, 48, 32);
  EXPECT_EQ(tile.channels, 48);
  EXPECT_EQ(tile.cols, 8);
  EXPECT_LE(countRegisters(tile, kAVX512, 32), kAVX512.numRegisters);
  // Not on AVX2: 4 x 3 vectors keep no more accumulators than 6 x 2.
  EXPECT_EQ(getDefaultRegisterTile(kAVX2, 24, 32).channels, 16);
  // Nor when the channels are more than 3 vectors.
  EXPECT_EQ(getDefaultRegisterTile(kAVX512, 96, 32).channels, 64);
}

TEST(RegisterTileTest, LastChannelTileIsOneVectorOrAPowerOfTwo) {
  // 8 folded column phases of 21 channels: tiles of 64 would leave 40 (two
  // vectors and a half), tiles of 32 leave 8.
  EXPECT_EQ(getDefaultRegisterTile(kAVX512, 168, 32).channels, 32);
  EXPECT_EQ(getDefaultRegisterTile(kAVX512, 120, 32).channels, 16);
  EXPECT_EQ(getDefaultRegisterTile(kAVX512, 42, 32).channels, 32);
  EXPECT_EQ(getDefaultRegisterTile(kAVX512, 96, 32).channels, 64);
  EXPECT_EQ(getDefaultRegisterTile(kAVX2, 168, 32).channels, 16);
  for (int64_t channels = 1; channels <= 600; ++channels) {
    for (const TargetDescription &target : {kAVX512, kAVX2}) {
      int64_t lanes = target.vectorBits / 32;
      RegisterTile tile = getDefaultRegisterTile(target, channels, 32);
      int64_t rest = channels % tile.channels;
      bool wholeVectors =
          rest % lanes == 0 && llvm::isPowerOf2_64(rest / lanes);
      EXPECT_TRUE(rest <= lanes || wholeVectors)
          << channels << " channels by " << tile.channels;
    }
  }
}

TEST(RegisterTileTest, NarrowSegmentsGetSeveralRows) {
  // DCGAN's 4x4 phases with 512 channels: two rows of four columns by two
  // vectors, instead of one row of four by four vectors.
  RegisterTile tile = getSegmentRegisterTile(kAVX512, 512, 32, 4, 4);
  EXPECT_EQ(tile.rows, 2);
  EXPECT_EQ(tile.cols, 4);
  EXPECT_EQ(tile.channels, 32);
  // Wide enough segments keep the default tile.
  tile = getSegmentRegisterTile(kAVX512, 512, 32, 16, 16);
  EXPECT_EQ(tile.rows, 1);
  EXPECT_EQ(tile.cols, 6);
  tile = getSegmentRegisterTile(kAVX512, 512, 32, ShapedType::kDynamic, 2);
  EXPECT_EQ(tile.rows, 1);
  // One vector of channels cannot be halved.
  tile = getSegmentRegisterTile(kAVX512, 16, 32, 8, 2);
  EXPECT_EQ(tile.rows, 1);
  // Over many segment shapes: the rows divide the segment, leave at least
  // two row tiles, and the tile fits in the registers.
  for (const TargetDescription &target : {kAVX512, kAVX2})
    for (int64_t bits : {32, 64})
      for (int64_t channels : {16, 32, 64, 100, 512})
        for (int64_t rows = 1; rows <= 12; ++rows)
          for (int64_t cols = 1; cols <= 10; ++cols) {
            tile = getSegmentRegisterTile(target, channels, bits, rows, cols);
            EXPECT_EQ(rows % tile.rows, 0);
            EXPECT_TRUE(tile.rows == 1 || rows / tile.rows >= 2);
            EXPECT_LE(countRegisters(tile, target, bits), target.numRegisters)
                << rows << "x" << cols << "x" << channels;
          }
}

TEST(RegisterTileTest, WideSegmentsOfSeveralTapsGetTwiceTheColumns) {
  TileOptions options;
  options.target = kAVX512L2;
  // A segment 13 columns wide, 128 channels, 3 x 3 taps of 256: 12 x 32.
  SegmentShape shape{1, 16, 13, 128, 9 * 256 * 128 * 4, 32, 9};
  RegisterTile tile = chooseRegisterTile(shape, options);
  EXPECT_EQ(tile.rows, 1);
  EXPECT_EQ(tile.cols, 12);
  EXPECT_EQ(tile.channels, 32);
  EXPECT_LE(countRegisters(tile, kAVX512, 32), kAVX512.numRegisters);
  // Fewer columns, not under 8, where they split the segment evenly:
  // dcgan_g3's 16 and pix2pix_up's 32 columns in tiles of 8, 20 in tiles of
  // 10, 24 in tiles of 12.
  for (auto [cols, expected] : {std::pair{16, 8}, std::pair{32, 8},
                                std::pair{20, 10}, std::pair{24, 12},
                                std::pair{18, 9}, std::pair{26, 12}}) {
    shape.cols = cols;
    EXPECT_EQ(chooseRegisterTile(shape, options).cols, expected) << cols;
  }
  // One tap, one tile of channels, narrower than 12 columns, or AVX2's 16
  // registers: the default tile.
  for (auto [taps, channels, cols, target] :
       {std::tuple{1, 128, 16, kAVX512L2}, std::tuple{9, 64, 16, kAVX512L2},
        std::tuple{9, 128, 11, kAVX512L2}, std::tuple{9, 128, 16, kAVX2}}) {
    shape = {1, 16, cols, channels, taps * 256 * channels * 4, 32, taps};
    options.target = target;
    tile = chooseRegisterTile(shape, options);
    RegisterTile fallback = getDefaultRegisterTile(target, channels, 32);
    EXPECT_EQ(tile.cols, fallback.cols) << taps << " taps, " << cols;
    EXPECT_EQ(tile.channels, fallback.channels) << taps << " taps, " << cols;
  }
  // A given tile wins.
  options.target = kAVX512L2;
  options.tile = {6, 64, 0};
  shape = {1, 16, 16, 128, 9 * 256 * 128 * 4, 32, 9};
  tile = chooseRegisterTile(shape, options);
  EXPECT_EQ(tile.cols, 6);
  EXPECT_EQ(tile.channels, 64);
}

/// The cost model's borders and folding for `layer` on `target`.
Strategy selectLayout(const Conv2DTransposeLayer &layer,
                      const TargetDescription &target) {
  Strategy strategy;
  strategy.borders = selectBorders(layer);
  strategy.foldColumns =
      selectFoldColumns(layer, strategy.borders, /*accBits=*/32, target);
  return strategy;
}

TEST(RegisterTileTest, FilterBlockIsTheInteriorTilesChannels) {
  TileOptions options;
  options.target = kAVX512;
  auto block = [&](int64_t n, int64_t h, int64_t cin, int64_t cout, int64_t k,
                   int64_t s, Padding padding) {
    Conv2DTransposeLayer layer =
        test::makeLayer(n, h, h, cin, cout, k, k, s, s, padding);
    return getFilterBlock(layer, selectLayout(layer, options.target), options);
  };
  // DCGAN's 8x8 layer: filter-bound 8x8 phases, 8 columns by 32 channels.
  EXPECT_EQ(block(1, 8, 512, 256, 5, 2, Padding::Same), 32);
  // Its 4x4 layer: filter-bound 4x4 phases, two rows of 4 by 32 channels.
  EXPECT_EQ(block(1, 4, 1024, 512, 5, 2, Padding::Same), 32);
  // The same with batch 16: outputs beyond a quarter of L2, not
  // filter-bound; two rows of 4 by 32 channels.
  EXPECT_EQ(block(16, 4, 1024, 512, 5, 2, Padding::Same), 32);
  // Wide phases: the default 6 x 64 for one such tile of channels, or one
  // tap...
  EXPECT_EQ(block(1, 56, 64, 64, 3, 1, Padding::Same), 64);
  EXPECT_EQ(block(1, 28, 512, 256, 2, 2, Padding::Valid), 64);
  // ...else 12 x 32 (dcgan_g3, pix2pix_up, not filter-bound with 2 MiB).
  options.target = kAVX512L2;
  EXPECT_EQ(block(1, 16, 256, 128, 5, 2, Padding::Same), 32);
  EXPECT_EQ(block(1, 16, 512, 256, 4, 2, Padding::Same), 32);
  options.target = kAVX512;
  // odd_k3s2: its 48 channels in one tile of 3 vectors.
  EXPECT_EQ(block(1, 33, 96, 48, 3, 2, Padding::Valid), 48);
  // Not blocked: 21 (folded column phases); 3 (columns along the vectors);
  // NCHW.
  EXPECT_EQ(block(1, 16, 21, 21, 4, 2, Padding::Valid), 0);
  EXPECT_EQ(block(1, 32, 128, 3, 5, 2, Padding::Same), 0);
  Conv2DTransposeLayer nchw =
      test::makeLayer(1, 8, 8, 512, 256, 5, 5, 2, 2, Padding::Same);
  nchw.dataFormat = DataFormat::ChannelsFirst;
  EXPECT_EQ(getFilterBlock(nchw, selectLayout(nchw, options.target), options), 0);
}

TEST(RegisterTileTest, PrefetchOnAVX512OrFromMemory) {
  constexpr int64_t kMiB = int64_t(1) << 20;
  // 512-bit tiles: every stream; 256-bit ones: a stream larger than L3.
  EXPECT_EQ(getPrefetchDistance(kAVX512, 1 * kMiB), kDefaultPrefetchDistance);
  EXPECT_EQ(getPrefetchDistance(kAVX2, 13 * kMiB), 0);
  EXPECT_EQ(getPrefetchDistance(kAVX2, 52 * kMiB), kDefaultPrefetchDistance);
  TargetDescription bigL3 = kAVX2;
  bigL3.l3Bytes = 64 * kMiB;
  EXPECT_EQ(getPrefetchDistance(bigL3, 52 * kMiB), 0);
}

TEST(RegisterTileTest, FilterBoundAVX2TilesLoadEachFilterVectorForMore) {
  TileOptions options;
  options.target = kAVX2;
  options.target.l2Bytes = int64_t(512) << 10;
  // dcgan_g2's 8 x 8 phases, 256 channels, 3 x 3 taps of 512: filter-bound.
  SegmentShape shape{1, 8, 8, 256, 9 * 512 * 256 * 4, 32, 9};
  ASSERT_TRUE(isFilterBound(shape, options.target));
  // 2 x 3 (column tiles of 3, 3, 2: 16 FMAs per 3 filter loads) rather
  // than 1 x 6 (6, 2: 8 per 2), in the same 12 accumulators.
  RegisterTile tile = chooseRegisterTile(shape, options);
  EXPECT_EQ(tile.rows, 2);
  EXPECT_EQ(tile.cols, 3);
  EXPECT_EQ(tile.channels, 16);
  EXPECT_LE(countRegisters(tile, kAVX2, 32), kAVX2.numRegisters);
  // 12 columns: 1 x 6 loads as often as 2 x 3; the fewer rows.
  shape.cols = 12;
  tile = chooseRegisterTile(shape, options);
  EXPECT_EQ(tile.rows, 1);
  EXPECT_EQ(tile.cols, 6);
  // Not filter-bound (a larger L2): the default tile.
  options.target.l2Bytes = int64_t(8) << 20;
  shape.cols = 8;
  EXPECT_EQ(chooseRegisterTile(shape, options).rows, 1);
}

TEST(RegisterTileTest, ColumnsInnerRowsFitInHalfOfL1) {
  TileOptions options;
  options.target = kAVX512;
  options.target.l1Bytes = int64_t(1) << 20;
  // dcgan_g4's phases: 32 rows, 3 output channels (the columns of the
  // columns-inner form) by 32 output columns (its channels), 128 inputs.
  SegmentShape shape{1, 32, 3, 32, 9 * 128 * 3 * 4, 32, 9, true, 128};
  RegisterTile tile = chooseRegisterTile(shape, options);
  EXPECT_EQ(tile.rows, 4);
  // 4 rows x 128 input channels x 2 lines do not fit in 16 KiB: one row,
  // the default tile.
  options.target.l1Bytes = int64_t(32) << 10;
  tile = chooseRegisterTile(shape, options);
  RegisterTile fallback = getDefaultRegisterTile(kAVX512, 32, 32);
  EXPECT_EQ(tile.rows, 1);
  EXPECT_EQ(tile.cols, fallback.cols);
  EXPECT_EQ(tile.channels, fallback.channels);
  // The NHWC form keeps its rows.
  shape.columnsInner = false;
  EXPECT_EQ(chooseRegisterTile(shape, options).rows, 4);
}

TEST(RegisterTileTest, NarrowSegmentsOfABatchTakeSeveralImages) {
  TileOptions options;
  options.target = kAVX512;
  // DCGAN's exact borders with a batch of 16: a segment of one output per
  // image, 512 channels, 5 MiB of filter (filter-bound). The default 6 x 64
  // tile would hold 4 accumulators of its 24; 4 images hold 16.
  SegmentShape shape{16, 1, 1, 512, 5 << 20, 32, 1};
  RegisterTile tile = chooseRegisterTile(shape, options);
  EXPECT_EQ(tile.channels, 64);
  EXPECT_EQ(tile.batch, 4);
  EXPECT_LE(countRegisters({1, 64, 1, tile.batch}, kAVX512, 32),
            kAVX512.numRegisters);
  // Three columns: the room of 6 pixels x 4 vectors takes 2 images.
  shape.cols = 3;
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 2);
  // The most images that divide the batch: with room for 6, all 5 of a
  // batch of 5, and 1 of a batch of 7.
  shape = {5, 1, 1, 512, 5 << 20, 32, 1};
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 5);
  shape.batch = 7;
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 1);
  // One image, a segment as wide as the tile, the columns-inner form, or a
  // tile given: one image per tile.
  shape = {1, 1, 1, 512, 5 << 20, 32, 1};
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 1);
  shape = {16, 4, 32, 512, 5 << 20, 32, 1};
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 1);
  shape = {16, 1, 1, 32, 9 * 128 * 3 * 4, 32, 9, true, 128};
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 1);
  shape = {16, 1, 1, 512, 5 << 20, 32, 1};
  options.tile.cols = 1;
  EXPECT_EQ(chooseRegisterTile(shape, options).batch, 1);
}

} // namespace
