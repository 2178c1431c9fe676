//===- Tiling.h - Register tiling of the decomposed segments ----*- C++ -*-===//
//
// The API behind tconv-tile and tconv-vectorize (what the passes and the
// unit tests call). The sizes come from the cost model (CostModel.h).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TRANSFORMS_TILING_H
#define TCONV_TRANSFORMS_TILING_H

#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Strategy/CostModel.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
namespace linalg {
class GenericOp;
} // namespace linalg
namespace tconv {

/// Discardable attribute tconv-tile sets on the linalg ops it turns into
/// register tiles (the contraction, its accumulator initialisation and its
/// epilogue): the tile's [rows, columns, channels], and its images when
/// more than one. tconv-vectorize vectorizes those ops only.
inline constexpr llvm::StringLiteral kRegisterTileAttrName =
    TConvDialect::kRegisterTileAttrName;

/// Whether `op` is a segment contraction of tconv-to-linalg that tiling
/// handles: loops (n, qh, qw | th, tw, ci | co), or (n, qh, co | th, tw, ci
/// | qw) for few output channels, with a static last loop (the vector
/// lanes), increasing indexing maps (packed filter) and that loop innermost
/// in the output (NHWC, or the columns-inner accumulator).
bool isSegmentContraction(linalg::GenericOp op);

/// Tiles the output channels of one segment contraction by the register
/// tile's channels (scf.for, bias init and epilogue fused, peeled; a last
/// tile of one vector gets twice the columns): the outermost level of
/// tconv-tile.
LogicalResult tileOutputChannels(RewriterBase &rewriter,
                                 linalg::GenericOp contraction,
                                 const TileOptions &options);

/// Tiles one segment contraction (see the tconv-tile pass): rows, then a
/// register tile with the accumulator initialisation and the epilogue fused
/// in, then the reductions one by one; the register-tile loops are peeled.
LogicalResult tileSegmentContraction(RewriterBase &rewriter,
                                     linalg::GenericOp contraction,
                                     const TileOptions &options);

/// Adds the pattern that rewrites the slices of a blocked filter's
/// unblocked view (unblockFilter) whose output channels lie in one block
/// into slices of the blocked filter itself, so that the view's copy is
/// never made.
void populateFoldBlockedFilterSlicePatterns(RewritePatternSet &patterns);

/// Applies that pattern under `root`: what tconv-tile does after tiling the
/// output channels (tiles of at most one block each).
LogicalResult foldBlockedFilterSlices(Operation *root);

/// Vectorizes every linalg op under `root` marked kRegisterTileAttrName with
/// static shapes of at most `maxElements` iterations, hoists the accumulators
/// out of the reduction loops, then unrolls them into one vector per output
/// column (see the tconv-vectorize pass).
LogicalResult vectorizeRegisterTiles(RewriterBase &rewriter, Operation *root,
                                     int64_t maxElements);

/// Prefetches, in every register tile's reduction loop under `root` (on
/// buffers: innermost, vector accumulators), the lines each contiguous read
/// that advances with the loop will load `distance` iterations later
/// (kAutoPrefetchDistance: getPrefetchDistance's choice on `target` per
/// stream; 0: none). See the tconv-prefetch pass.
void prefetchRegisterTileStreams(Operation *root, int64_t distance,
                                 const TargetDescription &target);

} // namespace tconv
} // namespace mlir

#endif // TCONV_TRANSFORMS_TILING_H
