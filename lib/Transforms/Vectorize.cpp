//===- Vectorize.cpp - Vectorize the register tiles -----------------------===//
//
// linalg::vectorize on the static register tiles left by tconv-tile, then
// the upstream cleanups that fold slices into vector transfers and drop unit
// dimensions, and loop-invariant subset hoisting, which moves each
// accumulator's read and write out of the reduction loops.
//
//===----------------------------------------------------------------------===//

#include "TConv/Transforms/Passes.h"
#include "TConv/Transforms/Tiling.h"

#include "Canonicalize.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "tconv-vectorize"

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVVECTORIZEPASS
#include "TConv/Transforms/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

/// Whether `op` is a register tile: a static iteration space of at most
/// `maxElements`, and at most kMaxVectors rows (the product of all loops but
/// the innermost), the number of vectors it is unrolled into. Untiled
/// elementwise ops (bias-only segments) fail this: unrolled, they would be
/// hundreds of transfers on one tensor, which one-shot bufferization's
/// analysis takes seconds to sort out.
static constexpr int64_t kMaxVectors = 16;
static bool isRegisterTile(linalg::LinalgOp op, int64_t maxElements) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t elements = 1;
  for (int64_t range : ranges) {
    if (ShapedType::isDynamic(range))
      return false;
    elements *= range;
    if (elements > maxElements)
      return false;
  }
  return ranges.empty() || elements / ranges.back() <= kMaxVectors;
}

/// The length of the vectors a row of `length` lanes is unrolled into: the
/// whole row when it is a power of two, else its largest power-of-two
/// divisor of at least 8 lanes. LLVM splits a loop-carried <64 x float> into
/// registers cleanly, but scalarizes a <48 x float> (3 AVX-512 vectors);
/// 3 x <16 x float> it keeps in registers.
static int64_t getRowPiece(int64_t length) {
  if (llvm::isPowerOf2_64(length))
    return length;
  int64_t piece = length & -length;
  return piece >= 8 ? piece : length;
}

LogicalResult tconv::vectorizeRegisterTiles(RewriterBase &rewriter,
                                            Operation *root,
                                            int64_t maxElements) {
  // Fold what tiling left dynamic (tensor.cast, affine.min of peeled loops).
  if (failed(canonicalize(root)))
    return failure();

  SmallVector<linalg::LinalgOp> candidates;
  root->walk([&](linalg::LinalgOp op) {
    if (op->hasAttr(kRegisterTileAttrName) && op.hasPureTensorSemantics() &&
        isRegisterTile(op, maxElements))
      candidates.push_back(op);
  });
  // The row unrolling below is for the register tiles' code: it runs on
  // the functions that hold tiles only (upstream's unrolling of transfers
  // of other shapes may not settle).
  llvm::SetVector<Operation *> tileScopes;
  for (linalg::LinalgOp op : candidates) {
    auto function = op->getParentOfType<FunctionOpInterface>();
    tileScopes.insert(function && root->isAncestor(function) ? function : root);
  }
  for (linalg::LinalgOp op : candidates) {
    // A register tile iterates over one tap and one input channel: with
    // those unit loops dropped, the input map (q + t) becomes a projected
    // permutation, which linalg::vectorize requires of non-convolution ops,
    // and the contraction becomes an elementwise multiply-add.
    if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation())) {
      linalg::ControlDropUnitDims control;
      control.rankReductionStrategy = linalg::ControlDropUnitDims::
          RankReductionStrategy::ExtractInsertSlice;
      rewriter.setInsertionPoint(generic);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, generic, control);
      if (succeeded(dropped)) {
        rewriter.replaceOp(generic, dropped->replacements);
        op = cast<linalg::LinalgOp>(dropped->resultOp.getOperation());
      }
    }
    if (failed(linalg::vectorizeOpPrecondition(op)))
      continue;
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> result =
        linalg::vectorize(rewriter, op);
    if (failed(result))
      return op->emitError("tconv-vectorize: linalg::vectorize failed");
    rewriter.replaceOp(op, result->replacements);
  }

  MLIRContext *ctx = root->getContext();
  RewritePatternSet patterns(ctx);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
  vector::populateVectorTransferDropUnitDimsPatterns(patterns);
  vector::populateDropUnitDimWithShapeCastPatterns(patterns);
  vector::populateSinkVectorOpsPatterns(patterns);
  populateCanonicalizationPatterns(patterns);
  if (failed(applyPatternsGreedily(root, std::move(patterns))))
    return failure();

  RewritePatternSet rowPatterns(ctx);
  // Rows of one vector each (one per output column): an input read
  // broadcast along the channels is then one scalar load and a splat per
  // column. Left 2-D, it is lowered as a strided gather and a transpose into
  // shuffles.
  vector::UnrollVectorOptions unroll;
  unroll.setNativeShapeFn(
      [](Operation *op) -> std::optional<SmallVector<int64_t>> {
        // Broadcasts stay whole: unrolled, the leading unit dimensions of
        // one are cast away into the broadcast they were unrolled from.
        auto unrollable = dyn_cast<VectorUnrollOpInterface>(op);
        if (!unrollable || isa<vector::BroadcastOp>(op))
          return std::nullopt;
        // Rows of one element are no vectors; unrolled, they never settle.
        std::optional<SmallVector<int64_t>> shape =
            unrollable.getShapeForUnroll();
        if (!shape || shape->empty() || shape->back() == 1)
          return std::nullopt;
        SmallVector<int64_t> row(shape->size(), 1);
        row.back() = getRowPiece(shape->back());
        if (ArrayRef<int64_t>(row) == ArrayRef<int64_t>(*shape))
          return std::nullopt;
        return row;
      });
  vector::populateVectorUnrollPatterns(rowPatterns, unroll);
  vector::populateCastAwayVectorLeadingOneDimPatterns(rowPatterns);
  populateCanonicalizationPatterns(rowPatterns);
  FrozenRewritePatternSet frozenRows(std::move(rowPatterns));
  for (Operation *scope : tileScopes)
    if (failed(applyPatternsGreedily(scope, frozenRows)))
      return failure();

  // After the unrolling, so each loop carries one vector per row piece (a
  // loop-carried vector<8x48xf32> LLVM would scalarize); innermost loops
  // first, so an accumulator climbs out of every reduction loop in turn.
  root->walk<WalkOrder::PostOrder>([&](scf::ForOp loop) {
    (void)hoistLoopInvariantSubsets(rewriter, loop);
  });

  return success();
}

namespace {

struct TConvVectorizePass
    : tconv::impl::TConvVectorizePassBase<TConvVectorizePass> {
  using TConvVectorizePassBase::TConvVectorizePassBase;

  LogicalResult initialize(MLIRContext *context) override {
    if (maxElements < 1)
      return emitError(UnknownLoc::get(context))
             << "tconv-vectorize: max-elements must be at least 1, got "
             << static_cast<int64_t>(maxElements);
    return success();
  }

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    if (failed(vectorizeRegisterTiles(rewriter, getOperation(), maxElements)))
      signalPassFailure();
  }
};

} // namespace
