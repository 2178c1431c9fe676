//===- Pipelines.cpp - TConv pass pipelines -------------------------------===//
//
// Builders of the CPU pipeline and its registered stages.
//
//===----------------------------------------------------------------------===//

#include "TConv/Pipelines/Pipelines.h"

#include "TConv/Conversion/Passes.h"
#include "TConv/Strategy/Passes.h"
#include "TConv/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::tconv;

void tconv::buildTConvBufferizePipeline(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  pm.addPass(bufferization::createDropEquivalentBufferResultsPass());
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferDeallocationPipelineOptions deallocOptions;
  bufferization::buildBufferDeallocationPipeline(pm, deallocOptions);
  pm.addPass(createConvertBufferizationToMemRefPass());
}

void tconv::buildTConvLowerToLLVMPipeline(
    OpPassManager &pm, const TConvLowerToLLVMOptions &options) {
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.enableFullUnroll();
  pm.addPass(createConvertVectorToSCFPass(vectorToSCF));
  pm.addPass(createLowerAffinePass());
  // Row tiles run on an OpenMP team, or one after the other.
  if (options.threads == 1) {
    pm.addPass(createForallToForLoopPass());
  } else {
    pm.addPass(createForallToParallelLoopPass());
    ConvertSCFToOpenMPPassOptions openMP;
    openMP.numThreads = options.threads;
    pm.addPass(createConvertSCFToOpenMPPass(openMP));
  }
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // tanh and friends have no LLVM intrinsic: expand them into exp, then let
  // libm take what is left (erf).
  pm.addPass(math::createMathExpandOpsPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  // Memrefs before scf-to-cf: the alloca scopes scf-to-openmp adds must
  // still have a single block when they are lowered.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void tconv::buildTConvCPUPipeline(OpPassManager &pm,
                                  const TConvCPUPipelineOptions &options) {
  TConvSetTargetPassOptions target;
  target.cpu = options.target;
  pm.addPass(createTConvSetTargetPass(target));
  TConvSelectStrategyPassOptions strategy;
  strategy.borders = options.borders;
  strategy.packFilter = options.packFilter;
  // A filter block only serves the register tiles.
  strategy.filterBlock = options.tile ? int64_t(options.filterBlock) : 0;
  strategy.threads = options.threads;
  strategy.minParallelFlops = options.minParallelFlops;
  OpPassManager &decide = pm.nest<func::FuncOp>();
  decide.addPass(createTConvSelectStrategyPass(strategy));
  decide.addPass(createTConvToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.tile) {
    OpPassManager &tile = pm.nest<func::FuncOp>();
    tile.addPass(createTConvTilePass());
    tile.addPass(createTConvVectorizePass());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  buildTConvBufferizePipeline(pm);
  if (options.tile) {
    TConvPrefetchPassOptions prefetch;
    prefetch.distance = options.prefetchDistance;
    pm.addNestedPass<func::FuncOp>(createTConvPrefetchPass(prefetch));
  }
  pm.addPass(createTConvClearTargetPass());
  if (options.lowerToLLVM) {
    TConvLowerToLLVMOptions lower;
    lower.threads = options.threads;
    buildTConvLowerToLLVMPipeline(pm, lower);
  }
}

void tconv::registerTConvPipelines() {
  PassPipelineRegistration<TConvCPUPipelineOptions>(
      "tconv-cpu-pipeline",
      "Compile tconv ops on tensors to the LLVM dialect for a CPU (the host "
      "by default): tconv-set-target, tconv-select-strategy, "
      "tconv-to-linalg, tconv-tile, tconv-vectorize, tconv-bufferize, "
      "tconv-prefetch, tconv-lower-to-llvm",
      buildTConvCPUPipeline);
  PassPipelineRegistration<>(
      "tconv-bufferize",
      "Stage of tconv-cpu-pipeline: one-shot bufferization (function "
      "boundaries, identity layouts) and buffer deallocation",
      buildTConvBufferizePipeline);
  PassPipelineRegistration<TConvLowerToLLVMOptions>(
      "tconv-lower-to-llvm",
      "Stage of tconv-cpu-pipeline: bufferized linalg, vector, scf (threads: "
      "OpenMP), math, arith and memref to the LLVM dialect",
      buildTConvLowerToLLVMPipeline);
}
