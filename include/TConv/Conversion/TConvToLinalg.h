//===- TConvToLinalg.h - Lower conv2d_transpose to linalg -------*- C++ -*-===//
//
// The polyphase decomposition of tconv.conv2d_transpose into linalg on
// tensors, as an API (what the pass, the JIT and the unit tests call). The
// arithmetic of the phases is in Phases.h, the filter layouts in
// FilterPacking.h; the choices (the strategy) come from lib/Strategy.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_TCONVTOLINALG_H
#define TCONV_CONVERSION_TCONVTOLINALG_H

#include "TConv/Conversion/TConvToLinalg/FilterPacking.h"
#include "TConv/Conversion/TConvToLinalg/Phases.h"
#include "TConv/Dialect/Strategy.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace tconv {

class Conv2DTransposeOp;

/// Rewrites `op` into linalg on tensors as `strategy` says; returns the
/// value replacing its result. The segments are written into `dest` (a
/// tensor of the result type) when given, into a new tensor.empty
/// otherwise. Each segment contraction carries the strategy as
/// `tconv.strategy`, for tconv-tile.
FailureOr<Value> decomposeConv2DTranspose(RewriterBase &rewriter,
                                          Conv2DTransposeOp op, Value dest,
                                          const Strategy &strategy);

/// The decomposition of `layer` from a filter already packed by packFilter
/// (weights prepared once, as oneDNN reorders them once), into `dest` (a
/// tensor of the output type). For kernels built without a tconv op.
Value buildConv2DTransposeWithPackedFilter(RewriterBase &rewriter, Location loc,
                                           const Conv2DTransposeLayer &layer,
                                           Value input, Value packedFilter,
                                           Value bias, Value dest,
                                           const Strategy &strategy);

/// Adds the pattern that applies decomposeConv2DTranspose to the ops that
/// carry a strategy.
void populateTConvToLinalgPatterns(RewritePatternSet &patterns);

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_TCONVTOLINALG_H
