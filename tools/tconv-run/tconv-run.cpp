//===- tconv-run.cpp - TConv JIT runner -----------------------------------===//
//
// The main job of TConv. With no arguments it builds the default layer (a
// DCGAN generator layer), verifies it and prints it with its shapes.
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/TConvOps.h"
#include "TConv/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::tconv;

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  llvm::cl::ParseCommandLineOptions(argc, argv, "TConv JIT runner\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  // DCGAN generator layer: 8x8x512 -> 16x16x256, 5x5, stride 2, same, relu.
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  Type f32 = b.getF32Type();
  auto inputType = RankedTensorType::get({1, 8, 8, 512}, f32);
  auto filterType = RankedTensorType::get({5, 5, 256, 512}, f32);
  auto biasType = RankedTensorType::get({256}, f32);
  auto func = func::FuncOp::create(
      b, loc, "dcgan_g2",
      b.getFunctionType({inputType, filterType, biasType}, {}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  auto op = Conv2DTransposeOp::create(
      b, loc, body->getArgument(0), body->getArgument(1), body->getArgument(2),
      /*strides=*/{2, 2}, Padding::Same, /*pads=*/{}, /*dilations=*/{1, 1},
      DataFormat::ChannelsLast, FilterFormat::HWOI, Activation::Relu);
  func.setType(b.getFunctionType({inputType, filterType, biasType},
                                 {op.getType()}));
  func::ReturnOp::create(b, loc, op.getResult());
  if (failed(verify(module))) {
    llvm::errs() << "tconv-run: the default layer does not verify\n";
    return 1;
  }
  FailureOr<Conv2DTransposeLayer> layer = op.getLayer();
  llvm::outs() << "layer: " << layer->describe() << "\n";
  module.print(llvm::outs());
  llvm::outs() << "\n";
  module.erase();
  return 0;
}
