//===- FoldBlockedFilterSlices.cpp - Slices of a blocked filter -----------===//
//
// A channel tile's slice of the unblocked view of a blocked filter (a copy,
// see unblockFilter) becomes a slice of the blocked filter itself when its
// channels lie within one block, so the copy is never made.
//
//===----------------------------------------------------------------------===//

#include "TConv/Transforms/Tiling.h"

#include "TConv/Conversion/TConvToLinalg/FilterPacking.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/ViewLikeInterfaceUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tconv;

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

void tconv::populateFoldBlockedFilterSlicePatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldBlockedFilterSlice>(patterns.getContext());
}

LogicalResult tconv::foldBlockedFilterSlices(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  populateFoldBlockedFilterSlicePatterns(patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}
