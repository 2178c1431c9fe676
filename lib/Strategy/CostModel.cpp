//===- CostModel.cpp - What the lowering's choices are made from ----------===//
//
// The rules behind every choice of TConv's lowering. Each threshold says in
// one line why it is what it is; docs/tuning.md has how it was measured.
//
//===----------------------------------------------------------------------===//

#include "TConv/Strategy/CostModel.h"

#include "TConv/Conversion/TConvToLinalg/FilterPacking.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::tconv;

//===----------------------------------------------------------------------===//
// Phase borders
//===----------------------------------------------------------------------===//

/// Whether padded borders keep the rows of `layer` exact (see
/// selectBorders).
static bool keepsExactRows(const Conv2DTransposeLayer &layer,
                           double filterElements) {
  if (layer.outChannels < kMaxColumnsInnerChannels ||
      getNumContractionSegments(layer, PaddedDims{false, true}) >
          kPaddedMinExactSegments)
    return false;
  // Each segment is more code to compile: worth it for the zeros of a few
  // rows per phase, not when the padded row phases are one group.
  double paddedMacs =
      static_cast<double>(getNumTapProducts(layer, PaddedDims{true, true}));
  double exactRowsMacs =
      static_cast<double>(getNumTapProducts(layer, PaddedDims{false, true}));
  SmallVector<PhaseSegment> paddedRows =
      withTaps(getLayerPhaseSegments(layer, 0, true));
  if (paddedMacs < exactRowsMacs * (1 + kExactRowsMinSavings) ||
      groupPhases(paddedRows).size() < paddedRows.size())
    return false;
  int64_t colsPerPhase =
      llvm::divideCeilSigned(layer.outputSize[1], layer.strides[1]);
  return filterElements <= kExactRowsMaxFilterElements ||
         ShapedType::isDynamic(layer.batch) ||
         layer.batch * colsPerPhase >= kExactRowsMinReuse;
}

Borders tconv::selectBorders(const Conv2DTransposeLayer &layer) {
  // Padding that would exceed the input's size (a large dilation) is
  // exact anyway.
  if (!getPaddedDims(layer, Borders::Padded).any())
    return Borders::Exact;
  double exact = static_cast<double>(getNumTapProducts(layer, PaddedDims{}));
  double padded =
      static_cast<double>(getNumTapProducts(layer, PaddedDims{true, true}));
  if (padded > exact * (1 + kMaxPaddedOverhead))
    return Borders::Exact;
  double filterElements = static_cast<double>(layer.kernelSize[0]) *
                          layer.kernelSize[1] * layer.inChannels *
                          layer.outChannels;
  if (filterElements < kPaddedMinFilterElements &&
      getNumContractionSegments(layer, PaddedDims{}) <=
          kPaddedMinExactSegments &&
      layer.outChannels >= kMaxColumnsInnerChannels)
    return Borders::Exact;
  if (keepsExactRows(layer, filterElements))
    return Borders::ExactRows;
  return Borders::Padded;
}

bool tconv::selectFoldColumns(const Conv2DTransposeLayer &layer,
                              Borders borders, int64_t accBits,
                              const TargetDescription &target) {
  return layer.outChannels % target.getLanes(accBits) != 0 &&
         getFoldedColumnGroup(layer, borders).has_value();
}

//===----------------------------------------------------------------------===//
// Register tiles
//===----------------------------------------------------------------------===//

/// Most output columns of a register tile...
static constexpr int64_t kMaxTileCols = 8;
/// ...but for wide segments of several taps (see chooseRegisterTile).
static constexpr int64_t kMaxWideTileCols = 12;

/// Whether any of the register tile's rows, columns or channels is given:
/// its images then stay 1 unless given too.
static bool isTileGiven(const RegisterTile &tile) {
  return tile.cols > 0 || tile.channels > 0 || tile.rows > 0;
}

TileOptions tconv::getTileOptions(const Strategy &strategy,
                                  const TargetDescription &target) {
  TileOptions options;
  options.tile = strategy.tile;
  options.inputChannelBlock = strategy.inputChannelBlock;
  options.target = target;
  options.parallel = strategy.parallel;
  options.minParallelFlops = strategy.minParallelFlops;
  return options;
}

RegisterTile tconv::getDefaultRegisterTile(const TargetDescription &target,
                                           int64_t outChannels,
                                           int64_t elementBits) {
  int64_t lanes = target.getLanes(elementBits);
  // Accumulators, the filter vectors of one input channel, one broadcast.
  auto getCols = [&](int64_t vectors) {
    return std::clamp<int64_t>((target.numRegisters - vectors - 1) / vectors, 1,
                               kMaxTileCols);
  };
  // Up to 4 vectors of channels, as many as keep the most accumulators:
  // 6 x 4 of AVX-512's 32 registers, 6 x 2 of AVX2's 16 (4 vectors would
  // leave 2 x 4).
  int64_t vectors = llvm::bit_floor(
      static_cast<uint64_t>(std::clamp<int64_t>(outChannels / lanes, 1, 4)));
  while (vectors > 1 &&
         (vectors / 2) * getCols(vectors / 2) > vectors * getCols(vectors))
    vectors /= 2;
  // And no last tile of several vectors that are not a power of two (168
  // channels by 64 leave 40: 6 x <40 x float> accumulators): fewer vectors
  // per tile instead (168 by 32 leave 8).
  auto isAwkward = [&](int64_t vectors) {
    int64_t rest = outChannels % (vectors * lanes);
    return rest > lanes &&
           !(rest % lanes == 0 && llvm::isPowerOf2_64(rest / lanes));
  };
  while (vectors > 1 && isAwkward(vectors))
    vectors /= 2;
  // Exactly 3 vectors of channels: one tile of 3 vectors when it keeps more
  // accumulators (48 f32 on AVX-512: 8 x 3 instead of 8 x 2, then 16 x 1).
  // tconv-vectorize unrolls each column's accumulators into 3 vectors.
  if (outChannels == 3 * lanes && 3 * getCols(3) > vectors * getCols(vectors))
    vectors = 3;
  RegisterTile tile;
  tile.channels = std::min(outChannels, vectors * lanes);
  tile.cols = getCols(vectors);
  return tile;
}

RegisterTile tconv::getSegmentRegisterTile(const TargetDescription &target,
                                           int64_t outChannels,
                                           int64_t elementBits,
                                           int64_t segmentRows,
                                           int64_t segmentCols) {
  RegisterTile tile = getDefaultRegisterTile(target, outChannels, elementBits);
  if (ShapedType::isDynamic(segmentCols) || segmentCols >= tile.cols ||
      ShapedType::isDynamic(segmentRows))
    return tile;
  int64_t lanes = target.getLanes(elementBits);
  int64_t vectors = llvm::divideCeil(tile.channels, lanes);
  if (vectors < 2)
    return tile;
  vectors /= 2;
  // Accumulators, the filter vectors of one input channel, one broadcast.
  int64_t pixels = std::min<int64_t>(
      (target.numRegisters - vectors - 1) / vectors, 2 * kMaxTileCols);
  // At least two row tiles, for two threads.
  int64_t rows = std::min(pixels / segmentCols, segmentRows / 2);
  while (rows > 1 && segmentRows % rows != 0)
    --rows;
  if (rows < 2)
    return tile;
  return {segmentCols, vectors * lanes, rows};
}

bool tconv::isFilterBound(const SegmentShape &shape,
                          const TargetDescription &target) {
  return shape.batch * shape.rows * shape.cols * shape.channels *
                 (shape.accBits / 8) <=
             target.l2Bytes / 4 &&
         shape.filterBytes > target.l2Bytes;
}

/// For a filter-bound segment whose channels cannot be halved (AVX2's tiles
/// of 2 vectors): the rows x columns of at most `tile`'s accumulators that
/// load each filter vector for the most FMAs over the segment's column
/// tiles, remainder included; the fewest rows among equals. 8 columns: 2 x
/// 3 (tiles of 3, 3 and 2: 16 FMAs per 3 loads) instead of 1 x 6 (6 and 2:
/// 8 per 2).
static RegisterTile getFilterBoundRowsTile(RegisterTile tile,
                                           const SegmentShape &shape) {
  RegisterTile best = tile;
  int64_t bestFmas = shape.cols,
          bestLoads = llvm::divideCeil(shape.cols, tile.cols);
  for (int64_t rows = 2; rows <= tile.cols; ++rows) {
    if (shape.rows % rows != 0)
      continue;
    int64_t cols = tile.cols / rows;
    int64_t fmas = rows * shape.cols,
            loads = llvm::divideCeil(shape.cols, cols);
    if (fmas * bestLoads > bestFmas * loads) {
      best = {cols, tile.channels, rows};
      bestFmas = fmas;
      bestLoads = loads;
    }
  }
  return best;
}

int64_t tconv::getTileImages(const RegisterTile &tile,
                             const SegmentShape &shape,
                             const TargetDescription &target) {
  // A segment with fewer outputs per image than the tile has room for
  // (exact borders, a column or two per phase, with a batch of 16) takes as
  // many images as fill it and divide the batch, so that a filter vector
  // loaded feeds more accumulators.
  if (shape.columnsInner || shape.batch <= 1)
    return 1;
  int64_t vectors =
      llvm::divideCeil(tile.channels, target.getLanes(shape.accBits));
  // Accumulators, the filter vectors of one input channel, one broadcast;
  // at most as many vectors as tconv-vectorize unrolls.
  int64_t room = std::min<int64_t>(
      (target.numRegisters - vectors - 1) / vectors, 2 * kMaxTileCols);
  int64_t pixels = tile.rows * std::min(tile.cols, shape.cols);
  for (int64_t images = room / pixels; images > 1; --images)
    if (shape.batch % images == 0)
      return images;
  return 1;
}

RegisterTile tconv::chooseRegisterTile(const SegmentShape &shape,
                                       const TileOptions &options) {
  RegisterTile tile = getSegmentRegisterTile(
      options.target, shape.channels, shape.accBits, shape.rows, shape.cols);
  // A columns-inner tile reads its input as the vectors: per tap, its
  // reduction reads a run of its columns per row and input channel, which
  // the next tap reads again. Rows whose runs do not fit in half of L1 come
  // from L2 at every tap: one row instead.
  if (shape.columnsInner && tile.rows > 1) {
    int64_t runBytes =
        (llvm::divideCeil(tile.channels * shape.accBits / 8, kCacheLineBytes) +
         1) *
        kCacheLineBytes;
    if (tile.rows * shape.inputChannels * runBytes > options.target.l1Bytes / 2)
      tile =
          getDefaultRegisterTile(options.target, shape.channels, shape.accBits);
  }
  // A filter-bound segment streams its filter from memory, then through L2
  // once per column tile. At least kMaxTileCols wide, it gets kMaxTileCols
  // columns of half the channels: 2 filter vectors per 16 FMAs instead of 4
  // per 24, and no 2-column remainder tile of 4 per 8. Narrower ones keep
  // the rows of getSegmentRegisterTile: with the blocked filter each channel
  // tile reads one contiguous run anyway, and a filter vector feeds twice
  // the accumulators.
  int64_t lanes = options.target.getLanes(shape.accBits);
  if (isFilterBound(shape, options.target)) {
    RegisterTile wide =
        getDefaultRegisterTile(options.target, shape.channels, shape.accBits);
    int64_t halfVectors = wide.channels / lanes / 2;
    if (tile.rows > 1) {
      // Already several rows (getSegmentRegisterTile): kept.
    } else if (shape.cols >= kMaxTileCols && halfVectors >= 2 &&
               // Accumulators, the filter vectors of one input channel, one
               // broadcast: within the register file (not on AVX2's 16).
               (kMaxTileCols + 1) * halfVectors + 1 <=
                   options.target.numRegisters) {
      tile = {kMaxTileCols, halfVectors * lanes, 1};
    } else if (shape.cols > tile.cols && !ShapedType::isDynamic(shape.rows)) {
      tile = getFilterBoundRowsTile(tile, shape);
    }
  } else if (shape.taps > 1 && tile.rows == 1 && tile.channels == 4 * lanes &&
             shape.channels > tile.channels && shape.cols >= kMaxWideTileCols &&
             (kMaxWideTileCols + 1) * 2 + 1 <= options.target.numRegisters) {
    // A wide segment of several taps rereads its input rows from L1 (the
    // next tap, the next column) but streams its filter slice from L2 once
    // per column tile: kMaxWideTileCols columns of 2 vectors halve that
    // stream per FMA against 6 of 4. Kept at 6 x 64: a segment of one such
    // tile (two tiles would read its input twice), and a one-tap segment,
    // which streams its input from L2 as well. Fewer columns, down to
    // kMaxTileCols, where they divide the segment's: no peeled remainder
    // tile to compile.
    int64_t cols = kMaxWideTileCols;
    for (int64_t even = kMaxWideTileCols; even >= kMaxTileCols; --even)
      if (shape.cols % even == 0) {
        cols = even;
        break;
      }
    tile = {cols, 2 * lanes, 1};
  }
  // A tile given in part: the rest as the default tile has it, one row of
  // one image.
  const RegisterTile &given = options.tile;
  if (given.cols > 0 || given.channels > 0)
    tile.rows = 1;
  if (given.cols > 0)
    tile.cols = given.cols;
  if (given.channels > 0)
    tile.channels = given.channels;
  if (given.rows > 0)
    tile.rows = given.rows;
  if (given.batch > 0)
    tile.batch = given.batch;
  else if (!isTileGiven(given))
    tile.batch = getTileImages(tile, shape, options.target);
  return tile;
}

int64_t tconv::getFilterBlock(const Conv2DTransposeLayer &layer,
                              const Strategy &strategy,
                              const TileOptions &options, int64_t accBits) {
  // The register tile of the phases' interior: about ceil(O / S) outputs,
  // ceil(K / S) taps per dimension.
  auto perPhase = [](int64_t size, int64_t stride) -> int64_t {
    return llvm::divideCeilSigned(size, stride);
  };
  int64_t bytes = accBits / 8;
  int64_t taps = perPhase(layer.kernelSize[0], layer.strides[0]) *
                 perPhase(layer.kernelSize[1], layer.strides[1]);
  SegmentShape shape{ShapedType::isDynamic(layer.batch) ? 1 : layer.batch,
                     perPhase(layer.outputSize[0], layer.strides[0]),
                     perPhase(layer.outputSize[1], layer.strides[1]),
                     layer.outChannels,
                     taps * layer.inChannels * layer.outChannels * bytes,
                     accBits,
                     taps};
  int64_t block = chooseRegisterTile(shape, options).channels;
  Strategy blocked = strategy;
  blocked.filterBlock = block;
  return usesBlockedFilter(layer, blocked) ? block : 0;
}

RegisterTile tconv::fitFilterBlock(RegisterTile tile, int64_t block,
                                   const std::optional<SegmentShape> &shape,
                                   const TileOptions &options) {
  if (block <= 0 || tile.channels <= block)
    return tile;
  tile.channels = block;
  if (shape && options.tile.batch == 0 && !isTileGiven(options.tile))
    tile.batch = getTileImages(tile, *shape, options.target);
  return tile;
}

int64_t tconv::getLastChannelTileCols(const RegisterTile &tile, int64_t rest,
                                      const TileOptions &options,
                                      int64_t accBits) {
  // A filter vector then feeds 16 FMAs instead of 8.
  if (tile.rows != 1 || tile.batch != 1 || rest <= 0 ||
      rest > options.target.getLanes(accBits) || options.tile.cols > 0)
    return 0;
  return std::min(2 * kMaxTileCols, options.target.numRegisters - 2);
}

int64_t tconv::getInputChannelBlock(int64_t filterBytes, int64_t inputChannels,
                                    const TileOptions &options) {
  if (ShapedType::isDynamic(inputChannels) || inputChannels <= 0)
    return 0;
  int64_t block = options.inputChannelBlock;
  if (block == 0) {
    int64_t bytesPerInputChannel =
        std::max<int64_t>(1, filterBytes / inputChannels);
    // A multiple of 16 input channels keeps the blocks even.
    block = options.target.l2Bytes / 4 / bytesPerInputChannel / 16 * 16;
    block = std::max<int64_t>(block, 16);
  }
  return block < inputChannels ? block : 0;
}

bool tconv::sharesChannelTiles(const SegmentShape &shape,
                               const RegisterTile &tile,
                               const TileOptions &options) {
  // Whole channel tiles only: an scf.forall is not peeled.
  return shape.channels % tile.channels == 0 && shape.channels > tile.channels &&
         isFilterBound(shape, options.target);
}

//===----------------------------------------------------------------------===//
// Prefetch
//===----------------------------------------------------------------------===//

int64_t tconv::getPrefetchDistance(const TargetDescription &target,
                                   int64_t streamBytes) {
  // Narrower tiles read one filter line per input channel from the caches,
  // a stream the hardware prefetchers keep up with; a filter larger than L3
  // comes from memory.
  return target.vectorBits >= 512 || streamBytes > target.l3Bytes
             ? kDefaultPrefetchDistance
             : 0;
}
