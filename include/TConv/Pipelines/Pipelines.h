//===- Pipelines.h - TConv pass pipelines -----------------------*- C++ -*-===//
//
// The CPU pipeline, composed from stages that are each registered so a test
// or a user can stop after any of them:
//   tconv-to-linalg -> tconv-bufferize -> tconv-lower-to-llvm.
// tconv-opt, tconv-run and TConvJIT all call these builders.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_PIPELINES_PIPELINES_H
#define TCONV_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace tconv {

/// Options of the CPU pipeline.
struct TConvCPUPipelineOptions
    : public PassPipelineOptions<TConvCPUPipelineOptions> {
  PassOptions::Option<bool> lowerToLLVM{
      *this, "lower-to-llvm",
      llvm::cl::desc("Lower to the LLVM dialect (off: stop after "
                     "bufferization, on memrefs and loops)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> packFilter{
      *this, "pack-filter",
      llvm::cl::desc("Pack the filter so the contraction vectorizes (see "
                     "tconv-to-linalg)"),
      llvm::cl::init(true)};
};

/// One-shot bufferization of the whole module: function boundaries with
/// identity layouts, results equivalent to an argument dropped (outputs are
/// written in place), deallocation of the remaining buffers.
void buildTConvBufferizePipeline(OpPassManager &pm);

/// Lowers bufferized linalg, scf, math, arith and memref to the LLVM dialect.
void buildTConvLowerToLLVMPipeline(OpPassManager &pm);

/// The whole CPU pipeline from tconv ops on tensors to the LLVM dialect.
void buildTConvCPUPipeline(OpPassManager &pm,
                           const TConvCPUPipelineOptions &options);

/// Registers tconv-cpu-pipeline and its stages.
void registerTConvPipelines();

} // namespace tconv
} // namespace mlir

#endif // TCONV_PIPELINES_PIPELINES_H
