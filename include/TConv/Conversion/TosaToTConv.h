//===- TosaToTConv.h - tosa.transpose_conv2d to tconv -----------*- C++ -*-===//
//
// The import of TOSA's transposed convolution, the form TFLite's TOSA
// legalization and torch-mlir emit.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_TOSATOTCONV_H
#define TCONV_CONVERSION_TOSATOTCONV_H

namespace mlir {
class RewritePatternSet;
namespace tconv {

/// Rewrites each floating-point `tosa.transpose_conv2d` whose `out_pad` an
/// explicit `tconv.conv2d_transpose` can express into one, with the
/// `tosa.clamp` (relu, relu6), `tosa.sigmoid` or `tosa.tanh` that is its only
/// user as the activation.
void populateTosaToTConvPatterns(RewritePatternSet &patterns);

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_TOSATOTCONV_H
