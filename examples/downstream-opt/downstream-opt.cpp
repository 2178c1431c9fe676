//===- downstream-opt.cpp - A tool of another project, with TConv ---------===//
//
// What a compiler that adopts TConv writes: its own registry and passes, plus
// TConv's dialects, passes and pipelines (--tconv-cpu-pipeline).
//
//===----------------------------------------------------------------------===//

#include "TConv/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::tconv::registerAllDialects(registry);
  mlir::tconv::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "A downstream optimizer with TConv\n", registry));
}
