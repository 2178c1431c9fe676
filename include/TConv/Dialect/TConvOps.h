//===- TConvOps.h - TConv operations ----------------------------*- C++ -*-===//
//
// Declares tconv.conv2d_transpose.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVOPS_H
#define TCONV_DIALECT_TCONVOPS_H

#include "TConv/Dialect/Conv2DTransposeLayer.h"
#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Dialect/TConvAttrs.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "TConv/Dialect/TConvOps.h.inc"

#endif // TCONV_DIALECT_TCONVOPS_H
