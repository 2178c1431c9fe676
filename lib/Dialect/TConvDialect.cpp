//===- TConvDialect.cpp - TConv dialect -----------------------------------===//
//
// Registers the tconv ops and enum attributes.
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Dialect/TConvOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tconv;

#include "TConv/Dialect/TConvOpsDialect.cpp.inc"

#include "TConv/Dialect/TConvEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "TConv/Dialect/TConvAttrs.cpp.inc"

void TConvDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "TConv/Dialect/TConvOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "TConv/Dialect/TConvAttrs.cpp.inc"
      >();
}
