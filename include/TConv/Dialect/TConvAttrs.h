//===- TConvAttrs.h - TConv enums and attributes ----------------*- C++ -*-===//
//
// The enums (plain C++, usable without an MLIRContext) and the attributes
// generated from TConvAttrs.td.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVATTRS_H
#define TCONV_DIALECT_TCONVATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "TConv/Dialect/TConvEnums.h.inc"

namespace mlir {
namespace tconv {
/// `[a, b, ...]`: the sizes of a #tconv.strategy's tile.
FailureOr<SmallVector<int64_t>> parseTileSizes(AsmParser &parser);
void printTileSizes(AsmPrinter &printer, ArrayRef<int64_t> sizes);
} // namespace tconv
} // namespace mlir

#define GET_ATTRDEF_CLASSES
#include "TConv/Dialect/TConvAttrs.h.inc"

#endif // TCONV_DIALECT_TCONVATTRS_H
