//===- tconv-opt.cpp - TConv optimizer driver -----------------------------===//
//
// mlir-opt with the tconv dialect, the tconv passes and pipelines, and only
// the upstream dialects and passes those pipelines use.
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
      argc, argv, "TConv optimizer: tconv dialect, lowering and CPU pipeline\n",
      registry));
}
