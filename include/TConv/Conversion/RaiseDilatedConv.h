//===- RaiseDilatedConv.h - The zero-insertion idiom to tconv ---*- C++ -*-===//
//
// The import of the transposed convolution StableHLO/XLA-style lowerings
// (and IREE's backward-data convolutions) write as a stride-1 convolution of
// a zero-inserted input.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_RAISEDILATEDCONV_H
#define TCONV_CONVERSION_RAISEDILATEDCONV_H

namespace mlir {
class RewritePatternSet;
namespace tconv {

/// Rewrites a stride-1 `linalg.conv_2d_nhwc_hwcf`, `_nhwc_fhwc` or
/// `_nchw_fchw` of a zero-filled tensor the input was inserted into at a
/// stride (then maybe zero-padded), with a spatially flipped filter (a
/// constant, or an argument reversed by a copying linalg.generic) and a zero
/// init, into the `tconv.conv2d_transpose` it computes; a bias add and relu
/// in a linalg.generic that is its only user become the op's.
void populateRaiseDilatedConvPatterns(RewritePatternSet &patterns);

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_RAISEDILATEDCONV_H
