//===- TConvDialect.h - TConv dialect ---------------------------*- C++ -*-===//
//
// Declares the tconv dialect.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVDIALECT_H
#define TCONV_DIALECT_TCONVDIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "TConv/Dialect/TConvOpsDialect.h.inc"

#endif // TCONV_DIALECT_TCONVDIALECT_H
