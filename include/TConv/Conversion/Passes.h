//===- Passes.h - TConv conversion passes -----------------------*- C++ -*-===//

#ifndef TCONV_CONVERSION_PASSES_H
#define TCONV_CONVERSION_PASSES_H

#include "TConv/Conversion/RaiseDilatedConv.h"
#include "TConv/Conversion/TConvToLinalg.h"
#include "TConv/Conversion/TosaToTConv.h"
#include "TConv/Dialect/TConvDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace tconv {

#define GEN_PASS_DECL
#include "TConv/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "TConv/Conversion/Passes.h.inc"

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_PASSES_H
