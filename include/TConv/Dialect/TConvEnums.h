//===- TConvEnums.h - TConv enums and enum attributes -----------*- C++ -*-===//
//
// Padding, DataFormat, FilterFormat and Activation, generated from
// TConvEnums.td. Plain C++ enums usable without an MLIRContext.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVENUMS_H
#define TCONV_DIALECT_TCONVENUMS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "TConv/Dialect/TConvEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "TConv/Dialect/TConvAttrs.h.inc"

#endif // TCONV_DIALECT_TCONVENUMS_H
