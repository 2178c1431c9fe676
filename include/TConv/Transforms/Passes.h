//===- Passes.h - TConv tiling and vectorization passes ---------*- C++ -*-===//

#ifndef TCONV_TRANSFORMS_PASSES_H
#define TCONV_TRANSFORMS_PASSES_H

#include "TConv/Transforms/Tiling.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace tconv {

#define GEN_PASS_DECL
#include "TConv/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "TConv/Transforms/Passes.h.inc"

} // namespace tconv
} // namespace mlir

#endif // TCONV_TRANSFORMS_PASSES_H
