//===- Pipelines.cpp - TConv pass pipelines -------------------------------===//
//
// Builders of the CPU pipeline and its registered stages.
//
//===----------------------------------------------------------------------===//

#include "TConv/Pipelines/Pipelines.h"

#include "TConv/Conversion/Passes.h"
#include "TConv/Strategy/Passes.h"
#include "TConv/Target/Target.h"
#include "TConv/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToArith/TosaToArith.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/TosaToTensor/TosaToTensor.h"
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

void tconv::buildTConvImportPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createTConvTosaToTConvPass());
  pm.addNestedPass<func::FuncOp>(createTConvRaiseDilatedConvPass());
}

void tconv::buildTConvCPUPipeline(OpPassManager &pm,
                                  const TConvCPUPipelineOptions &options) {
  TConvSetTargetPassOptions target;
  target.cpu = options.target;
  pm.addPass(createTConvSetTargetPass(target));
  // Other TOSA ops (and the convolutions tconv cannot express) take
  // upstream's way to linalg.
  buildTConvImportPipeline(pm);
  // No TOSA validation: its level checks reject the tosa.pad upstream's own
  // decomposition creates.
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(),
                              TosaToLinalgNamedOptions(), std::nullopt);
  pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
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

LogicalResult tconv::verifyOptions(
    const TConvCPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> emitError) {
  if (!getNamedTarget(options.target))
    return emitError("tconv-cpu-pipeline: target must be host, x86-64, "
                     "x86-64-v3 or x86-64-v4, got '" + options.target + "'");
  if (failed(parseBorders(options.borders)))
    return emitError("tconv-cpu-pipeline: borders must be auto, exact, "
                     "padded or exact-rows, got '" + options.borders + "'");
  if (options.filterBlock < StrategyOptions::kAutoFilterBlock)
    return emitError("tconv-cpu-pipeline: filter-block must be at least -1, "
                     "got " + Twine(int64_t(options.filterBlock)));
  if (options.prefetchDistance < kAutoPrefetchDistance)
    return emitError("tconv-cpu-pipeline: prefetch-distance must be at least "
                     "-1, got " + Twine(int64_t(options.prefetchDistance)));
  if (options.minParallelFlops < 0)
    return emitError("tconv-cpu-pipeline: min-parallel-flops must be at "
                     "least 0, got " +
                     Twine(int64_t(options.minParallelFlops)));
  if (options.threads > kMaxThreads)
    return emitError("tconv-cpu-pipeline: threads must be at most " +
                     Twine(kMaxThreads) + ", got " +
                     Twine(unsigned(options.threads)));
  return success();
}

LogicalResult tconv::verifyOptions(
    const TConvLowerToLLVMOptions &options,
    function_ref<LogicalResult(const Twine &)> emitError) {
  if (options.threads > kMaxThreads)
    return emitError("tconv-lower-to-llvm: threads must be at most " +
                     Twine(kMaxThreads) + ", got " +
                     Twine(unsigned(options.threads)));
  return success();
}

static LogicalResult verifyOptions(const EmptyPipelineOptions &,
                                   function_ref<LogicalResult(const Twine &)>) {
  return success();
}

/// Registers a pipeline of module passes. Unlike PassPipelineRegistration,
/// nesting it in a function's pass manager and invalid options are errors
/// naming the pipeline: upstream's addPass aborts on a module pass added to
/// a func.func pass manager.
template <typename Options>
static void registerModulePipeline(
    StringRef arg, StringRef description,
    std::function<void(OpPassManager &, const Options &)> builder) {
  registerPassPipeline(
      arg, description,
      [arg, builder](OpPassManager &pm, StringRef text,
                     function_ref<LogicalResult(const Twine &)> emitError) {
        std::optional<StringRef> anchor = pm.getOpName();
        if (anchor && *anchor != ModuleOp::getOperationName())
          return emitError("'" + arg + "' runs on the module ('builtin.module"
                           "'), not on '" + *anchor + "': write it outside "
                           "the '" + *anchor + "(...)' nesting");
        Options options;
        if (failed(options.parseFromString(text)) ||
            failed(verifyOptions(options, emitError)))
          return failure();
        builder(pm, options);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> handler) {
        handler(Options());
      });
}

void tconv::registerTConvPipelines() {
  registerModulePipeline<TConvCPUPipelineOptions>(
      "tconv-cpu-pipeline",
      "Compile tconv ops on tensors to the LLVM dialect for a CPU (the host "
      "by default): tconv-set-target, tosa-to-tconv and "
      "tconv-raise-dilated-conv (other TOSA ops: upstream's tosa-to-linalg), "
      "tconv-select-strategy, "
      "tconv-to-linalg, tconv-tile, tconv-vectorize, tconv-bufferize, "
      "tconv-prefetch, tconv-lower-to-llvm",
      buildTConvCPUPipeline);
  registerModulePipeline<EmptyPipelineOptions>(
      "tconv-bufferize",
      "Stage of tconv-cpu-pipeline: one-shot bufferization (function "
      "boundaries, identity layouts) and buffer deallocation",
      [](OpPassManager &pm, const EmptyPipelineOptions &) {
        buildTConvBufferizePipeline(pm);
      });
  registerModulePipeline<TConvLowerToLLVMOptions>(
      "tconv-lower-to-llvm",
      "Stage of tconv-cpu-pipeline: bufferized linalg, vector, scf (threads: "
      "OpenMP), math, arith and memref to the LLVM dialect",
      buildTConvLowerToLLVMPipeline);
}
