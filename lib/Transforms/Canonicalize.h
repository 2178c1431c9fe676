//===- Canonicalize.h - Canonicalization inside TConv transforms -*- C++ -*-===//
//
// The canonicalizer's patterns (of every op and dialect loaded), for
// transforms that must see folded IR before they go on: peeled tile sizes
// become constants only once affine.min and tensor.cast are folded.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_LIB_TRANSFORMS_CANONICALIZE_H
#define TCONV_LIB_TRANSFORMS_CANONICALIZE_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace tconv {

inline void populateCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName name : ctx->getRegisteredOperations())
    name.getCanonicalizationPatterns(patterns, ctx);
}

/// Applies those patterns to `root` and what it holds.
inline LogicalResult canonicalize(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  populateCanonicalizationPatterns(patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}

} // namespace tconv
} // namespace mlir

#endif // TCONV_LIB_TRANSFORMS_CANONICALIZE_H
