//===- Conv2DTranspose.h - Reference transposed convolution -----*- C++ -*-===//
//
// The oracle of every numerical test: plain loops written from the formulas
// of DESIGN.md, with f64 accumulation. Slow and obviously right.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_REFERENCE_CONV2DTRANSPOSE_H
#define TCONV_REFERENCE_CONV2DTRANSPOSE_H

#include "TConv/Dialect/Conv2DTransposeLayer.h"

namespace mlir {
namespace tconv {
namespace reference {

/// Applies `activation` (with `alpha` where it takes one) to `x`.
double applyActivation(Activation activation, double x, double alpha);

/// Computes `layer` on dense row-major buffers laid out as its data and
/// filter formats say. `bias` may be null when the layer has none. The batch
/// must be static.
template <typename T>
void conv2DTranspose(const Conv2DTransposeLayer &layer, const T *input,
                     const T *filter, const T *bias, T *output);

extern template void conv2DTranspose<float>(const Conv2DTransposeLayer &,
                                            const float *, const float *,
                                            const float *, float *);
extern template void conv2DTranspose<double>(const Conv2DTransposeLayer &,
                                             const double *, const double *,
                                             const double *, double *);

} // namespace reference
} // namespace tconv
} // namespace mlir

#endif // TCONV_REFERENCE_CONV2DTRANSPOSE_H
