//===- Epilogue.h - Activation and narrowing of a segment -------*- C++ -*-===//
//
// The scalar body of a segment's epilogue: the Keras activation in the
// forms of the reference, and the conversion between the accumulator type
// (f32 for f16 and bf16) and the element type.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_LIB_CONVERSION_TCONVTOLINALG_EPILOGUE_H
#define TCONV_LIB_CONVERSION_TCONVTOLINALG_EPILOGUE_H

#include "TConv/Dialect/TConvAttrs.h"

#include "mlir/IR/Builders.h"

namespace mlir {
namespace tconv {

/// Converts a float `value` to `type` (extf, truncf or nothing).
Value convertFloat(OpBuilder &b, Location loc, Value value, Type type);

/// The activation of `x` (f32 or f64); `alpha` for leaky_relu and elu.
Value buildActivation(OpBuilder &b, Location loc, Activation activation,
                      double alpha, Value x);

} // namespace tconv
} // namespace mlir

#endif // TCONV_LIB_CONVERSION_TCONVTOLINALG_EPILOGUE_H
