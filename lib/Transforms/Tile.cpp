//===- Tile.cpp - Register tiling of the decomposed segments --------------===//
//
// Turns each segment contraction of tconv-to-linalg into loops around a
// register tile, with upstream's TilingInterface drivers: tile-and-fuse for
// the parallel levels (so the accumulator initialisation and the epilogue are
// computed per tile, while the tile is in registers), plain tiling for the
// reductions, loop peeling for static tile sizes. The tile sizes come from
// the cost model (lib/Strategy) within what each contraction's strategy
// gives.
//
//===----------------------------------------------------------------------===//

#include "TConv/Transforms/Tiling.h"

#include "TConv/Conversion/TConvToLinalg/FilterPacking.h"
#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Transforms/Passes.h"

#include "Canonicalize.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

#define DEBUG_TYPE "tconv-tile"

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
  std::optional<SegmentShape> shape = getSegmentShape(contraction);
  RegisterTile tile = chooseRegisterTile(
      shape.value_or(SegmentShape{1, ranges[QH], ranges[QW], ranges[CO], 0,
                                  accType.getElementTypeBitWidth()}),
      options);
  // A blocked filter: channel tiles within one block (see
  // foldBlockedFilterSlices).
  return fitFilterBlock(tile, getFilterBlockOf(contraction), shape, options);
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
  std::optional<SegmentShape> shape = getSegmentShape(contraction);
  bool parallel =
      options.parallel && getFlops(contraction) >= options.minParallelFlops &&
      shape && sharesChannelTiles(*shape, tile, options) &&
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
  // The last channel tile's own columns (a tile of one vector: more).
  int64_t accBits = cast<RankedTensorType>(contraction.getResult(0).getType())
                        .getElementTypeBitWidth();
  if (int64_t cols = getLastChannelTileCols(
          tile, outChannels % tile.channels, options, accBits))
    partial.walk([&](linalg::GenericOp op) {
      if (op->hasAttr(kRegisterTileAttrName) && op.getNumReductionLoops() == 3)
        op->setAttr(kRegisterTileAttrName,
                    rewriter.getDenseI64ArrayAttr(
                        {tile.rows, cols, tile.channels}));
    });
  return success();
}

/// Input channels per block for `contraction` (a channel tile), or 0.
static int64_t getChannelTileInputBlock(linalg::GenericOp contraction,
                                        const TileOptions &options) {
  return getInputChannelBlock(getFilterBytes(contraction),
                              contraction.getStaticLoopRanges()[CI], options);
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
  if (int64_t block = getChannelTileInputBlock(contraction, options)) {
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

namespace {

struct TConvTilePass : tconv::impl::TConvTilePassBase<TConvTilePass> {
  using TConvTilePassBase::TConvTilePassBase;

  LogicalResult initialize(MLIRContext *context) override {
    if (maxSegments < 1)
      return emitError(UnknownLoc::get(context))
             << "tconv-tile: max-segments must be at least 1, got "
             << static_cast<int64_t>(maxSegments);
    RewritePatternSet patterns(context);
    populateCanonicalizationPatterns(patterns);
    canonicalization = std::move(patterns);
    return success();
  }

  void runOnOperation() override {
    TargetDescription target = lookupTarget(getOperation());
    // The segment contractions with their strategy's options; those without
    // a strategy (not from tconv-to-linalg) are left alone.
    auto collectContractions = [&] {
      SmallVector<std::pair<linalg::GenericOp, TileOptions>> contractions;
      getOperation()->walk([&](linalg::GenericOp op) {
        if (!isSegmentContraction(op))
          return;
        auto strategy =
            op->getAttrOfType<StrategyAttr>(TConvDialect::kStrategyAttrName);
        if (!strategy) {
          emitRemark(op.getLoc(), "tconv-tile: no tconv.strategy on this "
                                  "segment contraction; left untiled");
          return;
        }
        contractions.push_back(
            {op, getTileOptions(getStrategy(strategy), target)});
      });
      return contractions;
    };
    auto contractions = collectContractions();
    if (static_cast<int64_t>(contractions.size()) > maxSegments) {
      emitRemark(getOperation().getLoc(), "tconv-tile: ")
          << contractions.size() << " segment contractions, more than "
          << "max-segments=" << int64_t(maxSegments) << "; left untiled";
      return;
    }
    LLVM_DEBUG(llvm::dbgs() << "tiling " << contractions.size()
                            << " segment contractions\n");
    // Output channels outermost, so that a filter slice is reused from
    // cache by every row and column of the segment; folded to static sizes
    // before the next levels.
    IRRewriter rewriter(&getContext());
    for (auto &[op, options] : contractions) {
      if (failed(tileOutputChannels(rewriter, op, options))) {
        op.emitError("tconv-tile: failed to tile the output channels");
        return signalPassFailure();
      }
    }
    if (failed(applyPatternsGreedily(getOperation(), canonicalization)) ||
        failed(foldBlockedFilterSlices(getOperation())))
      return signalPassFailure();
    for (auto &[op, options] : collectContractions()) {
      if (failed(tileSegmentContraction(rewriter, op, options))) {
        op.emitError("tconv-tile: failed to tile the segment contraction");
        return signalPassFailure();
      }
    }
    // Fold the original ops now dead, the single-iteration loops and the
    // sizes peeling made constant.
    if (failed(applyPatternsGreedily(getOperation(), canonicalization)))
      return signalPassFailure();
  }

private:
  FrozenRewritePatternSet canonicalization;
};

} // namespace
