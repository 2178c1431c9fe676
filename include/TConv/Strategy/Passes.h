//===- Passes.h - TConv target and strategy passes --------------*- C++ -*-===//

#ifndef TCONV_STRATEGY_PASSES_H
#define TCONV_STRATEGY_PASSES_H

#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Strategy/Strategy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace tconv {

#define GEN_PASS_DECL
#include "TConv/Strategy/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "TConv/Strategy/Passes.h.inc"

} // namespace tconv
} // namespace mlir

#endif // TCONV_STRATEGY_PASSES_H
