//===- Tiling.cpp - Register tiling of the decomposed segments ------------===//
//
// Turns each segment contraction of tconv-to-linalg into loops around a
// register tile, with upstream's TilingInterface drivers: tile-and-fuse for
// the parallel levels (so the accumulator initialisation and the epilogue are
// computed per tile, while the tile is in registers), plain tiling for the
// reductions, loop peeling for static tile sizes.
//
//===----------------------------------------------------------------------===//

#include "TConv/Transforms/Tiling.h"

#include "TConv/Transforms/Passes.h"

#include "Canonicalize.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/ViewLikeInterfaceUtils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/TargetParser/Host.h"

#include <fstream>
#include <limits>
#include <numeric>
#include <string>

#include <unistd.h>

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVTILEPASS
#include "TConv/Transforms/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

// Loops of a segment contraction.
enum ContractionDim : unsigned { N, QH, QW, TH, TW, CI, CO, NumDims };

/// Bytes of the cache of `level` Linux lists for cpu0 ("32768K"), or 0.
static int64_t getSysfsCacheBytes(int level) {
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    int indexLevel = 0;
    if (!(std::ifstream(dir + "/level") >> indexLevel))
      return 0;
    if (indexLevel != level)
      continue;
    int64_t value = 0;
    char unit = 0;
    std::ifstream(dir + "/size") >> value >> unit;
    return unit == 'K' ? value << 10 : unit == 'M' ? value << 20 : value;
  }
  return 0;
}

/// The host's target, read once: every JIT compile asks for it (the JIT,
/// tconv-tile, tconv-prefetch), and reading it opens files.
static VectorTarget readHostVectorTarget() {
  VectorTarget target;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    target = {512, 32};
  else if (features.lookup("avx"))
    target = {256, 16};
  if (long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE); l2 > 0)
    target.l2Bytes = l2;
  if (long l1 = sysconf(_SC_LEVEL1_DCACHE_SIZE); l1 > 0)
    target.l1Bytes = l1;
  // sysfs before sysconf: in a VM, sysconf's L3 (from cpuid) can be the
  // host's (256 MiB on a Zen 3 guest whose sysfs, like lscpu, says 32).
  if (int64_t l3 = getSysfsCacheBytes(3); l3 > 0)
    target.l3Bytes = l3;
  else if (long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE); l3 > 0)
    target.l3Bytes = l3;
  return target;
}

VectorTarget tconv::getHostVectorTarget(int64_t vectorBits) {
  static const VectorTarget host = readHostVectorTarget();
  VectorTarget target = host;
  // A width given pins the register file too, so that a test or a tuning
  // run sees the same target on every host.
  if (vectorBits > 0) {
    target.vectorBits = vectorBits;
    target.numRegisters = vectorBits >= 512 ? 32 : 16;
  }
  return target;
}

int64_t tconv::getPrefetchDistance(const VectorTarget &target,
                                   int64_t streamBytes) {
  // On Zen 3 (AVX2, 32 MB L3), no prefetch against 32 ahead, ratio to
  // oneDNN in interleaved runs: dcgan_g3 1.11 -> 1.26, pix2pix_up 1.33 ->
  // 1.69, unet_up 1.59 -> 2.15, odd_k3s2 1.19 -> 1.39; but dcgan_g1 (52 MB
  // of filter) 1.08 -> 0.98.
  return target.vectorBits >= 512 || streamBytes > target.l3Bytes
             ? kDefaultPrefetchDistance
             : 0;
}

/// Elements of `elementBits` bits per vector register of `target`.
static int64_t getLanes(const VectorTarget &target, int64_t elementBits) {
  return std::max<int64_t>(1, target.vectorBits / elementBits);
}

/// Most output columns of a register tile...
static constexpr int64_t kMaxTileCols = 8;
/// ...but for wide segments of several taps (see chooseRegisterTile).
static constexpr int64_t kMaxWideTileCols = 12;

RegisterTile tconv::getDefaultRegisterTile(const VectorTarget &target,
                                           int64_t outChannels,
                                           int64_t elementBits) {
  int64_t lanes = getLanes(target, elementBits);
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
  // accumulators (48 f32 on AVX-512: 8 x 3 instead of 8 x 2, then 16 x 1;
  // odd_k3s2 on a Zen 4, 0.89-0.96 -> 0.97-1.00 of oneDNN). tconv-vectorize
  // unrolls each column's accumulators into 3 vectors.
  if (outChannels == 3 * lanes && 3 * getCols(3) > vectors * getCols(vectors))
    vectors = 3;
  RegisterTile tile;
  tile.channels = std::min(outChannels, vectors * lanes);
  tile.cols = getCols(vectors);
  return tile;
}

RegisterTile tconv::getSegmentRegisterTile(const VectorTarget &target,
                                           int64_t outChannels,
                                           int64_t elementBits,
                                           int64_t segmentRows,
                                           int64_t segmentCols) {
  RegisterTile tile = getDefaultRegisterTile(target, outChannels, elementBits);
  if (ShapedType::isDynamic(segmentCols) || segmentCols >= tile.cols ||
      ShapedType::isDynamic(segmentRows))
    return tile;
  int64_t lanes = getLanes(target, elementBits);
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

/// Whether `expr` increases (weakly) with every dimension: a sum of
/// dimensions with non-negative coefficients and constants. Linalg's tiling
/// computes operand slices from the tile's first and last iterations, which
/// is only right for such maps.
static bool isIncreasing(AffineExpr expr) {
  bool increasing = true;
  expr.walk([&](AffineExpr sub) {
    switch (sub.getKind()) {
    case AffineExprKind::Mul: {
      auto factor =
          dyn_cast<AffineConstantExpr>(cast<AffineBinaryOpExpr>(sub).getRHS());
      if (!factor || factor.getValue() < 0)
        increasing = false;
      break;
    }
    case AffineExprKind::Mod:
    case AffineExprKind::FloorDiv:
    case AffineExprKind::CeilDiv:
      increasing = false;
      break;
    default:
      break;
    }
  });
  return increasing;
}

bool tconv::isSegmentContraction(linalg::GenericOp op) {
  using utils::IteratorType;
  SmallVector<IteratorType> expected = {
      IteratorType::parallel,  IteratorType::parallel,  IteratorType::parallel,
      IteratorType::reduction, IteratorType::reduction, IteratorType::reduction,
      IteratorType::parallel};
  if (op.getIteratorTypesArray() != expected || op.getNumDpsInits() != 1 ||
      op.getNumDpsInputs() != 2 || !op.hasPureTensorSemantics())
    return false;
  for (AffineMap map : op.getIndexingMapsArray())
    if (!llvm::all_of(map.getResults(), isIncreasing))
      return false;
  // The vector loop innermost in memory: the register tile's vectors run
  // along the last loop in the output, and the input is read along input
  // channels (NHWC, broadcast) or along that same loop (tconv-to-linalg's
  // columns-inner form for few output channels: (n, qh, co | ... | qw) over
  // a channel-major input). Channels-first tiles would be strided gathers
  // and scatters.
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  AffineMap input = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  if (!output.getResults().back().isFunctionOfDim(CO) ||
      !(input.getResults().back().isFunctionOfDim(CI) ||
        input.getResults().back().isFunctionOfDim(CO)))
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  return !ShapedType::isDynamic(ranges[CO]);
}

/// The elementwise op the contraction's only use is, if any: the epilogue.
static linalg::GenericOp getEpilogue(linalg::GenericOp contraction) {
  Value result = contraction.getResult(0);
  if (!result.hasOneUse())
    return {};
  auto user = dyn_cast<linalg::GenericOp>(*result.user_begin());
  if (!user || user.getNumLoops() != 4 || user.getNumReductionLoops() != 0 ||
      !user.hasPureTensorSemantics())
    return {};
  for (OpOperand &operand : user->getOpOperands())
    if (operand.get() == result &&
        !user.getMatchingIndexingMap(&operand).isIdentity())
      return {};
  return user;
}

/// Tiles `root` by `sizes` and fuses, per tile, the segment contraction and
/// the ops initialising a destination (bias or zero fill); the other
/// producers (the filter packing) are computed once, outside the loops.
static FailureOr<scf::SCFTileAndFuseResult>
tileAndFuse(RewriterBase &rewriter, TilingInterface root,
            ArrayRef<int64_t> sizes, scf::SCFTilingOptions::LoopType loopType) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  tiling.setLoopType(loopType);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [](tensor::ExtractSliceOp, OpResult producer, bool isDestination)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        auto generic = dyn_cast<linalg::GenericOp>(producer.getOwner());
        if (isDestination || (generic && isSegmentContraction(generic)))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
  if (failed(result))
    return failure();
  for (auto [original, replacement] : result->replacements)
    rewriter.replaceAllUsesWith(original, replacement);
  return result;
}

/// The segment contractions among `ops`.
static SmallVector<linalg::GenericOp>
getContractions(const llvm::SetVector<Operation *> &ops) {
  SmallVector<linalg::GenericOp> contractions;
  for (Operation *op : ops)
    if (auto generic = dyn_cast<linalg::GenericOp>(op))
      if (generic.getNumReductionLoops() == 3)
        contractions.push_back(generic);
  return contractions;
}

/// The op a segment's loop nest is built around (the epilogue when there is
/// one, else the contraction) and, for each of its loops, the contraction
/// loop it iterates over (the epilogue runs over the output in its layout,
/// i.e. in the order of the contraction's output map).
struct FusionRoot {
  TilingInterface op;
  SmallVector<unsigned> dims;

  /// Tile sizes of the root's loops from sizes of contraction loops.
  SmallVector<int64_t>
  getSizes(ArrayRef<std::pair<unsigned, int64_t>> dimSizes) const {
    SmallVector<int64_t> sizes(dims.size(), 0);
    for (auto [k, dim] : llvm::enumerate(dims))
      for (auto [d, size] : dimSizes)
        if (dim == d)
          sizes[k] = size;
    return sizes;
  }
};

static FusionRoot getFusionRoot(linalg::GenericOp contraction) {
  FusionRoot root{cast<TilingInterface>(contraction.getOperation()),
                  {N, QH, QW, TH, TW, CI, CO}};
  if (linalg::GenericOp epilogue = getEpilogue(contraction)) {
    root.op = cast<TilingInterface>(epilogue.getOperation());
    AffineMap outputMap =
        contraction.getMatchingIndexingMap(contraction.getDpsInitOperand(0));
    root.dims.clear();
    for (unsigned k = 0; k < outputMap.getNumResults(); ++k)
      root.dims.push_back(outputMap.getDimPosition(k));
  }
  return root;
}

/// Bytes of the filter slice `contraction` reads (static).
static int64_t getFilterBytes(linalg::GenericOp contraction) {
  auto type = cast<RankedTensorType>(
      contraction.getDpsInputOperand(1)->get().getType());
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

bool tconv::isFilterBound(const SegmentShape &shape,
                          const VectorTarget &target) {
  return shape.batch * shape.rows * shape.cols * shape.channels *
                 (shape.accBits / 8) <=
             target.l2Bytes / 4 &&
         shape.filterBytes > target.l2Bytes;
}

/// The shape of `contraction` (static), or nullopt.
static std::optional<SegmentShape>
getSegmentShape(linalg::GenericOp contraction) {
  SmallVector<int64_t> ranges = contraction.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  auto accType = cast<RankedTensorType>(contraction.getResult(0).getType());
  AffineMap input =
      contraction.getMatchingIndexingMap(contraction.getDpsInputOperand(0));
  return SegmentShape{ranges[N],
                      ranges[QH],
                      ranges[QW],
                      ranges[CO],
                      getFilterBytes(contraction),
                      accType.getElementTypeBitWidth(),
                      ranges[TH] * ranges[TW],
                      input.getResults().back().isFunctionOfDim(CO),
                      ranges[CI]};
}

static bool isFilterBoundContraction(linalg::GenericOp contraction,
                                     const TileOptions &options) {
  std::optional<SegmentShape> shape = getSegmentShape(contraction);
  return shape && isFilterBound(*shape, options.target);
}

/// The block of the blocked filter `contraction` reads (through
/// unblockFilter and slices of it), or 0.
static int64_t getFilterBlockOf(linalg::GenericOp contraction) {
  Value filter = contraction.getDpsInputOperand(1)->get();
  while (auto slice = filter.getDefiningOp<tensor::ExtractSliceOp>())
    filter = slice.getSource();
  std::optional<std::pair<Value, int64_t>> blocked =
      matchUnblockedFilter(filter);
  return blocked ? blocked->second : 0;
}

/// For a filter-bound segment whose channels cannot be halved (AVX2's tiles
/// of 2 vectors): the rows x columns of at most `tile`'s accumulators that
/// load each filter vector for the most FMAs over the segment's column
/// tiles, remainder included; the fewest rows among equals. 8 columns: 2 x
/// 3 (tiles of 3, 3 and 2: 16 FMAs per 3 loads) instead of 1 x 6 (6 and 2:
/// 8 per 2); dcgan_g2 on Zen 3, interleaved, ratio to oneDNN 1.10-1.14 ->
/// 1.22-1.27.
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

/// Whether the options give any of the register tile's sizes (tile-w,
/// tile-c, tile-h): its images then stay 1.
static bool isTileGiven(const TileOptions &options) {
  return options.tile.cols > 0 || options.tile.channels > 0 ||
         options.tile.rows > 0;
}

/// The images of a register tile of `tile`'s rows, columns and channels for
/// a segment of `shape`: when the segment has fewer outputs per image than
/// the tile has room for (DCGAN's exact borders, a column or two per phase,
/// with a batch of 16), as many images as fill it and divide the batch, so
/// that a filter vector loaded feeds more accumulators; else 1.
static int64_t getTileImages(const RegisterTile &tile,
                             const SegmentShape &shape,
                             const VectorTarget &target) {
  if (shape.columnsInner || shape.batch <= 1)
    return 1;
  int64_t vectors =
      llvm::divideCeil(tile.channels, getLanes(target, shape.accBits));
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
  // from L2 at every tap: one row instead (dcgan_g4 on Zen 3's 32 KB L1,
  // interleaved runs, ratio to oneDNN: 4 x 3 x 8 0.60, 2 x 3 x 16 0.60,
  // 1 x 3 x 16 0.88).
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
  // per 24, and no 2-column remainder tile of 4 per 8 (dcgan_g2, 8x8
  // phases: 6 x 64 ran 121-133 GFLOP/s, 8 x 32 146-163). Narrower ones keep
  // the rows of getSegmentRegisterTile: with the blocked filter each channel
  // tile reads one contiguous run anyway, and a filter vector feeds twice
  // the accumulators (interleaved runs on a Sapphire Rapids-class Xeon,
  // against one row of 4 x 64: dcgan_g1 0.89 -> 1.09 of oneDNN,
  // dcgan_g1_b16 0.79 -> 0.85).
  int64_t lanes = getLanes(options.target, shape.accBits);
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
    // stream per FMA against 6 of 4 (interleaved runs on the Xeon, ratio to
    // oneDNN: dcgan_g3 1.04 -> 1.11, pix2pix_up 0.89 -> 0.99). Kept at 6 x
    // 64: a segment of one such tile (stride1_3x3's 64 channels; two tiles
    // would read its input twice: 1.00 -> 0.96), and a one-tap segment
    // (unet_up), which streams its input from L2 as well, a line per column
    // every 16 input channels (12 x 32 ran at 0.81 of oneDNN, 6 x 64 at
    // 1.03). Fewer columns, down to kMaxTileCols, where they divide the
    // segment's: no peeled remainder tile to compile (16 and 32 columns in
    // tiles of 8: dcgan_g3 compile 182-240 -> 140-195 ms, pix2pix_up 78-93
    // -> 58-64, the same speed, in alternating runs on a Zen 4).
    int64_t cols = kMaxWideTileCols;
    for (int64_t even = kMaxWideTileCols; even >= kMaxTileCols; --even)
      if (shape.cols % even == 0) {
        cols = even;
        break;
      }
    tile = {cols, 2 * lanes, 1};
  }
  // A tile given in part: the rest as the default tile has it, one row.
  if (options.tile.cols > 0 || options.tile.channels > 0)
    tile.rows = 1;
  if (options.tile.cols > 0)
    tile.cols = options.tile.cols;
  if (options.tile.channels > 0)
    tile.channels = options.tile.channels;
  if (options.tile.rows > 0)
    tile.rows = options.tile.rows;
  if (!isTileGiven(options))
    tile.batch = getTileImages(tile, shape, options.target);
  return tile;
}

/// The register tile of `contraction` under `options`: the one recorded on
/// it by tileOutputChannels (a channel tile has fewer output channels than
/// the segment the tile was chosen for), else chosen now.
static RegisterTile getRegisterTile(linalg::GenericOp contraction,
                                    const TileOptions &options) {
  if (auto recorded =
          contraction->getAttrOfType<DenseI64ArrayAttr>(kRegisterTileAttrName);
      recorded && (recorded.size() == 3 || recorded.size() == 4))
    return {recorded[1], recorded[2], recorded[0],
            recorded.size() == 4 ? recorded[3] : 1};
  auto accType = cast<RankedTensorType>(contraction.getResult(0).getType());
  SmallVector<int64_t> ranges = contraction.getStaticLoopRanges();
  SegmentShape shape =
      getSegmentShape(contraction)
          .value_or(SegmentShape{1, ranges[QH], ranges[QW], ranges[CO], 0,
                                 accType.getElementTypeBitWidth()});
  RegisterTile tile = chooseRegisterTile(shape, options);
  // A blocked filter: channel tiles within one block, so that each reads
  // one contiguous run of it (see foldBlockedFilterSlices).
  if (int64_t block = getFilterBlockOf(contraction);
      block > 0 && tile.channels > block) {
    tile.channels = block;
    if (std::optional<SegmentShape> shape = getSegmentShape(contraction);
        shape && !isTileGiven(options))
      tile.batch = getTileImages(tile, *shape, options.target);
  }
  return tile;
}

int64_t tconv::getFilterBlock(const Conv2DTransposeLayer &layer,
                              PhaseBorders borders, const TileOptions &options,
                              int64_t accBits) {
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
  return usesBlockedFilter(layer, borders, block) ? block : 0;
}

/// Multiply-adds x 2 of a contraction, saturated; a dynamic batch counts as
/// large.
static int64_t getFlops(linalg::GenericOp contraction) {
  int64_t flops = 2;
  for (int64_t range : contraction.getStaticLoopRanges())
    if (ShapedType::isDynamic(range) || llvm::MulOverflow(flops, range, flops))
      return std::numeric_limits<int64_t>::max();
  return flops;
}

LogicalResult tconv::tileOutputChannels(RewriterBase &rewriter,
                                        linalg::GenericOp contraction,
                                        const TileOptions &options) {
  if (!isSegmentContraction(contraction))
    return rewriter.notifyMatchFailure(contraction,
                                       "not a tconv segment contraction");
  RegisterTile tile = getRegisterTile(contraction, options);
  FusionRoot root = getFusionRoot(contraction);
  // Mark the ops that end up in register tiles (tiling and fusion clone the
  // attribute along) for tconv-vectorize, with the tile's rows, columns and
  // channels for the next levels.
  SmallVector<int64_t> recorded = {tile.rows, tile.cols, tile.channels};
  if (tile.batch > 1)
    recorded.push_back(tile.batch);
  Attribute mark = rewriter.getDenseI64ArrayAttr(recorded);
  contraction->setAttr(kRegisterTileAttrName, mark);
  root.op->setAttr(kRegisterTileAttrName, mark);
  if (Operation *init = contraction.getDpsInitOperand(0)->get().getDefiningOp())
    if (isa<linalg::LinalgOp>(init))
      init->setAttr(kRegisterTileAttrName, mark);
  // Threads share the rows of a segment, except in a filter-bound one:
  // there they would stream the same filter columns at the same time, so
  // they share the channel tiles (whole ones: a forall is not peeled). In
  // a group of phases (an scf.forall) they share the phases.
  using LoopType = scf::SCFTilingOptions::LoopType;
  int64_t outChannels = contraction.getStaticLoopRanges()[CO];
  bool parallel =
      options.parallel && getFlops(contraction) >= options.minParallelFlops &&
      outChannels % tile.channels == 0 && outChannels > tile.channels &&
      isFilterBoundContraction(contraction, options) &&
      !contraction->getParentOfType<scf::ForallOp>();
  FailureOr<scf::SCFTileAndFuseResult> channels =
      tileAndFuse(rewriter, root.op, root.getSizes({{CO, tile.channels}}),
                  parallel ? LoopType::ForallOp : LoopType::ForOp);
  if (failed(channels))
    return failure();
  if (channels->loops.empty() || parallel)
    return success();
  scf::ForOp partial;
  if (failed(scf::peelForLoopAndSimplifyBounds(
          rewriter, cast<scf::ForOp>(channels->loops.front().getOperation()),
          partial)) ||
      !partial)
    return success();
  // A last tile of one vector: twice the columns, so one filter vector feeds
  // 16 FMAs instead of 8 (odd_k3s2's 48 channels, 32 + 16: 0.95-0.97 ->
  // 1.02-1.05 of oneDNN in interleaved runs; fcn_up2 +3%).
  int64_t lanes = getLanes(
      options.target, cast<RankedTensorType>(contraction.getResult(0).getType())
                          .getElementTypeBitWidth());
  int64_t rest = outChannels % tile.channels;
  if (tile.rows == 1 && tile.batch == 1 && rest > 0 && rest <= lanes &&
      options.tile.cols == 0)
    partial.walk([&](linalg::GenericOp op) {
      if (op->hasAttr(kRegisterTileAttrName) && op.getNumReductionLoops() == 3)
        op->setAttr(
            kRegisterTileAttrName,
            rewriter.getDenseI64ArrayAttr(
                {tile.rows,
                 std::min(2 * kMaxTileCols, options.target.numRegisters - 2),
                 tile.channels}));
    });
  return success();
}

/// Input channels per block for `contraction` (a channel tile), or 0 when
/// its whole filter slice fits in a quarter of L2 (the rest holds the input
/// rows and the output) and one block is enough.
static int64_t getInputChannelBlock(linalg::GenericOp contraction,
                                    const TileOptions &options) {
  SmallVector<int64_t> ranges = contraction.getStaticLoopRanges();
  int64_t inChannels = ranges[CI];
  if (ShapedType::isDynamic(inChannels))
    return 0;
  int64_t block = options.inputChannelBlock;
  if (block == 0) {
    int64_t bytesPerInputChannel = getFilterBytes(contraction) / inChannels;
    // A multiple of 16 input channels keeps the blocks even.
    block = options.target.l2Bytes / 4 / bytesPerInputChannel / 16 * 16;
    block = std::max<int64_t>(block, 16);
  }
  return block < inChannels ? block : 0;
}

/// Tiles `op` by `sizes` with scf.for loops (no fusion) and replaces it.
static FailureOr<scf::SCFTilingResult>
tileWithForLoops(RewriterBase &rewriter, TilingInterface op,
                 ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, op, tiling);
  if (succeeded(tiled))
    rewriter.replaceOp(op, tiled->replacements);
  return tiled;
}

/// Splits the reduction over input channels into blocks of `block` (an
/// scf.for whose iterations accumulate into the output) and returns the
/// contraction of one block. The accumulator initialisation stays before
/// the loop and the epilogue after it; both are then tiled by output rows
/// so each piece is a small elementwise register tile.
static FailureOr<linalg::GenericOp>
blockInputChannels(RewriterBase &rewriter, linalg::GenericOp contraction,
                   int64_t block) {
  SmallVector<int64_t> sizes(NumDims, 0);
  sizes[CI] = block;
  FailureOr<scf::SCFTilingResult> blocked = tileWithForLoops(
      rewriter, cast<TilingInterface>(contraction.getOperation()), sizes);
  if (failed(blocked))
    return failure();
  auto inner = cast<linalg::GenericOp>(blocked->tiledOps.front());

  // The initialisation and the epilogue, one output row at a time.
  SmallVector<TilingInterface> elementwise;
  auto loop = cast<scf::ForOp>(blocked->loops.front().getOperation());
  if (Operation *init = loop.getInitArgs().front().getDefiningOp())
    if (init->hasAttr(kRegisterTileAttrName))
      elementwise.push_back(cast<TilingInterface>(init));
  Value result = loop.getResult(0);
  if (result.hasOneUse())
    if (auto epilogue = dyn_cast<linalg::GenericOp>(*result.user_begin()))
      if (epilogue->hasAttr(kRegisterTileAttrName) &&
          epilogue.getNumReductionLoops() == 0)
        elementwise.push_back(cast<TilingInterface>(epilogue.getOperation()));
  for (TilingInterface op : elementwise) {
    // Loops in output order: N, then the two spatial ones, then channels
    // (NHWC, see isSegmentContraction); one row, every column.
    if (failed(tileWithForLoops(rewriter, op, {1, 1, 0, 0})))
      return failure();
  }
  return inner;
}

LogicalResult tconv::tileSegmentContraction(RewriterBase &rewriter,
                                            linalg::GenericOp contraction,
                                            const TileOptions &options) {
  if (!isSegmentContraction(contraction))
    return rewriter.notifyMatchFailure(contraction,
                                       "not a tconv segment contraction");
  RegisterTile tile = getRegisterTile(contraction, options);
  if (int64_t block = getInputChannelBlock(contraction, options)) {
    FailureOr<linalg::GenericOp> inner =
        blockInputChannels(rewriter, contraction, block);
    if (failed(inner))
      return failure();
    contraction = *inner;
  }
  FusionRoot root = getFusionRoot(contraction);

  // 1. Rows (serial inside a channel tile threads already share).
  using LoopType = scf::SCFTilingOptions::LoopType;
  bool parallel = options.parallel &&
                  getFlops(contraction) >= options.minParallelFlops &&
                  !contraction->getParentOfType<scf::ForallOp>();
  FailureOr<scf::SCFTileAndFuseResult> rows = tileAndFuse(
      rewriter, root.op, root.getSizes({{N, tile.batch}, {QH, tile.rows}}),
      parallel ? LoopType::ForallOp : LoopType::ForOp);
  if (failed(rows))
    return failure();

  // 2. The register tile.
  auto rowRoot = cast<TilingInterface>(rows->tiledAndFusedOps.front());
  FailureOr<scf::SCFTileAndFuseResult> regs = tileAndFuse(
      rewriter, rowRoot, root.getSizes({{QW, tile.cols}, {CO, tile.channels}}),
      LoopType::ForOp);
  if (failed(regs))
    return failure();

  // 3. Reductions, one tap and one input channel per step.
  for (linalg::GenericOp tiled : getContractions(regs->tiledAndFusedOps))
    if (failed(tileWithForLoops(rewriter,
                                cast<TilingInterface>(tiled.getOperation()),
                                {0, 0, 0, 1, 1, 1, 0})))
      return failure();

  // Peel the register-tile loops, outermost first: full tiles get static
  // sizes, the last tile its own static size.
  SmallVector<scf::ForOp> worklist;
  for (LoopLikeOpInterface loop : regs->loops)
    worklist.push_back(cast<scf::ForOp>(loop.getOperation()));
  if (worklist.size() == 2) {
    scf::ForOp outer = worklist[0], partial;
    if (succeeded(scf::peelForLoopAndSimplifyBounds(rewriter, outer, partial)))
      partial.getBody()->walk([&](scf::ForOp inner) {
        if (inner->getParentOp() == partial)
          worklist.push_back(inner);
      });
    worklist.erase(worklist.begin());
  }
  for (scf::ForOp loop : worklist) {
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(rewriter, loop, partial);
  }
  return success();
}

/// A number every value of the index `v` is a multiple of (1 when none is
/// known, 0 when `v` is 0): from constants, loop bounds and steps, and sums
/// and constant multiples of those (affine.apply).
static int64_t getKnownMultiple(OpFoldResult v);

static int64_t getKnownMultiple(AffineExpr expr, ValueRange operands,
                                unsigned numDims) {
  if (auto c = dyn_cast<AffineConstantExpr>(expr))
    return std::abs(c.getValue());
  if (auto d = dyn_cast<AffineDimExpr>(expr))
    return getKnownMultiple(operands[d.getPosition()]);
  if (auto sym = dyn_cast<AffineSymbolExpr>(expr))
    return getKnownMultiple(operands[numDims + sym.getPosition()]);
  auto bin = cast<AffineBinaryOpExpr>(expr);
  int64_t lhs = getKnownMultiple(bin.getLHS(), operands, numDims);
  int64_t rhs = getKnownMultiple(bin.getRHS(), operands, numDims);
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return std::gcd(lhs, rhs);
  case AffineExprKind::Mul:
    return lhs * rhs;
  default:
    return 1;
  }
}

static int64_t getKnownMultiple(OpFoldResult v) {
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return std::abs(*c);
  Value value = cast<Value>(v);
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (auto loop = dyn_cast<scf::ForOp>(owner);
        loop && arg == loop.getInductionVar())
      return std::gcd(getKnownMultiple(OpFoldResult(loop.getLowerBound())),
                      getKnownMultiple(OpFoldResult(loop.getStep())));
    if (auto forall = dyn_cast<scf::ForallOp>(owner))
      for (auto [k, iv] : llvm::enumerate(forall.getInductionVars()))
        if (arg == iv)
          return std::gcd(getKnownMultiple(forall.getMixedLowerBound()[k]),
                          getKnownMultiple(forall.getMixedStep()[k]));
    return 1;
  }
  if (auto apply = value.getDefiningOp<affine::AffineApplyOp>())
    return getKnownMultiple(apply.getAffineMap().getResult(0),
                            apply.getMapOperands(),
                            apply.getAffineMap().getNumDims());
  return 1;
}

namespace {

/// extract_slice(unblockFilter(blocked)) of channels within one block ->
/// an extract_slice of `blocked` (its block dimension collapsed): the copy
/// unblockFilter stands for is never made, and the slice is contiguous along
/// channels and input channels. A chain of slices is merged first.
struct FoldBlockedFilterSlice : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractSliceOp slice,
                                PatternRewriter &rewriter) const override {
    SmallVector<OpFoldResult> offsets = slice.getMixedOffsets(),
                              sizes = slice.getMixedSizes(),
                              strides = slice.getMixedStrides();
    Value source = slice.getSource();
    if (auto producer = source.getDefiningOp<tensor::ExtractSliceOp>()) {
      if (!matchUnblockedFilter(producer.getSource()))
        return failure();
      SmallVector<OpFoldResult> mergedOffsets, mergedSizes, mergedStrides;
      if (failed(affine::mergeOffsetsSizesAndStrides(
              rewriter, slice.getLoc(), producer, slice,
              producer.getDroppedDims(), mergedOffsets, mergedSizes,
              mergedStrides)))
        return failure();
      offsets = std::move(mergedOffsets);
      sizes = std::move(mergedSizes);
      strides = std::move(mergedStrides);
      source = producer.getSource();
    }
    std::optional<std::pair<Value, int64_t>> blocked =
        matchUnblockedFilter(source);
    if (!blocked || offsets.size() != 4 || slice.getType().getRank() != 4)
      return failure();
    auto [filter, block] = *blocked;
    std::optional<int64_t> size = getConstantIntValue(sizes[3]);
    int64_t multiple = getKnownMultiple(offsets[3]);
    bool withinBlock = size && isConstantIntValue(strides[3], 1) &&
                       ((multiple % block == 0 && *size <= block) ||
                        (block % *size == 0 && multiple % *size == 0));
    if (!withinBlock)
      return rewriter.notifyMatchFailure(slice, "channels span two blocks");
    AffineExpr c = rewriter.getAffineDimExpr(0);
    Location loc = slice.getLoc();
    OpFoldResult one = rewriter.getIndexAttr(1);
    OpFoldResult inBlock = multiple % block == 0
                               ? rewriter.getIndexAttr(0)
                               : affine::makeComposedFoldedAffineApply(
                                     rewriter, loc, c % block, {offsets[3]});
    // Not a rank-reducing slice: with single taps, several of its unit
    // dimensions would be candidates for the dropped one, and bufferization
    // infers a memref.subview type that drops another (whose lowering then
    // crashes). The collapse of the unit block dimension is unambiguous.
    auto blockSlice = tensor::ExtractSliceOp::create(
        rewriter, loc, filter,
        SmallVector<OpFoldResult>{
            affine::makeComposedFoldedAffineApply(
                rewriter, loc, c.floorDiv(block), {offsets[3]}),
            offsets[0], offsets[1], offsets[2], inBlock},
        SmallVector<OpFoldResult>{one, sizes[0], sizes[1], sizes[2], sizes[3]},
        SmallVector<OpFoldResult>{one, strides[0], strides[1], strides[2],
                                  one});
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        slice, slice.getType(), blockSlice,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    return success();
  }
};

} // namespace

LogicalResult tconv::foldBlockedFilterSlices(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  patterns.add<FoldBlockedFilterSlice>(root->getContext());
  return applyPatternsGreedily(root, std::move(patterns));
}

namespace {

struct TConvTilePass : tconv::impl::TConvTilePassBase<TConvTilePass> {
  using TConvTilePassBase::TConvTilePassBase;
  void runOnOperation() override {
    TileOptions options;
    options.tile = {tileW, tileC, tileH};
    options.target = getHostVectorTarget(vectorBits);
    if (l2Bytes > 0)
      options.target.l2Bytes = l2Bytes;
    if (l1Bytes > 0)
      options.target.l1Bytes = l1Bytes;
    options.parallel = parallel;
    options.minParallelFlops = minParallelFlops;
    options.inputChannelBlock = tileCi;
    auto collectContractions = [&] {
      SmallVector<linalg::GenericOp> contractions;
      getOperation()->walk([&](linalg::GenericOp op) {
        if (isSegmentContraction(op))
          contractions.push_back(op);
      });
      return contractions;
    };
    SmallVector<linalg::GenericOp> contractions = collectContractions();
    if (static_cast<int64_t>(contractions.size()) > maxSegments)
      return;
    // Output channels outermost, so that a filter slice is reused from
    // cache by every row and column of the segment; folded to static sizes
    // before the next levels.
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : contractions) {
      if (failed(tileOutputChannels(rewriter, op, options))) {
        op.emitError("tconv-tile: failed to tile the output channels");
        return signalPassFailure();
      }
    }
    if (failed(canonicalize(getOperation())) ||
        failed(foldBlockedFilterSlices(getOperation())))
      return signalPassFailure();
    for (linalg::GenericOp op : collectContractions()) {
      if (failed(tileSegmentContraction(rewriter, op, options))) {
        op.emitError("tconv-tile: failed to tile the segment contraction");
        return signalPassFailure();
      }
    }
    // Fold the original ops now dead, the single-iteration loops and the
    // sizes peeling made constant.
    if (failed(canonicalize(getOperation())))
      return signalPassFailure();
  }
};

} // namespace
