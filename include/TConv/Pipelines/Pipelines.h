//===- Pipelines.h - TConv pass pipelines -----------------------*- C++ -*-===//
//
// The CPU pipeline, composed from stages that are each registered so a test
// or a user can stop after any of them:
//   tconv-set-target -> tconv-select-strategy -> tconv-to-linalg
//   -> tconv-tile -> tconv-vectorize -> tconv-bufferize -> tconv-prefetch
//   -> tconv-lower-to-llvm.
// tconv-opt, tconv-run and TConvJIT all call these builders.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_PIPELINES_PIPELINES_H
#define TCONV_PIPELINES_PIPELINES_H

#include "TConv/Strategy/Strategy.h"

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace tconv {

/// Options of the CPU pipeline.
struct TConvCPUPipelineOptions
    : public PassPipelineOptions<TConvCPUPipelineOptions> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("The CPU to compile for, when the module has no "
                     "tconv.target: host, x86-64, x86-64-v3 or x86-64-v4 "
                     "(tconv-set-target's cpu)"),
      llvm::cl::init("host")};
  PassOptions::Option<bool> lowerToLLVM{
      *this, "lower-to-llvm",
      llvm::cl::desc("Lower to the LLVM dialect (off: stop after "
                     "bufferization, on memrefs and loops)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> packFilter{
      *this, "pack-filter",
      llvm::cl::desc("Pack the filter so the contraction vectorizes "
                     "(tconv-select-strategy's option)"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> borders{
      *this, "borders",
      llvm::cl::desc("Outputs near the input border: auto, exact, padded or "
                     "exact-rows (tconv-select-strategy's option)"),
      llvm::cl::init("auto")};
  PassOptions::Option<int64_t> filterBlock{
      *this, "filter-block",
      llvm::cl::desc("Pack the filter in blocks of this many output channels "
                     "(0: unblocked; -1: the cost model's)"),
      llvm::cl::init(-1)};
  PassOptions::Option<bool> tile{
      *this, "tile",
      llvm::cl::desc("Tile and vectorize into register-blocked micro-kernels "
                     "(tconv-tile, tconv-vectorize); off: plain loops"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> prefetchDistance{
      *this, "prefetch-distance",
      llvm::cl::desc("With tile, prefetch the filter this many input "
                     "channels ahead in the register tiles (tconv-prefetch's "
                     "distance; 0: no prefetch; -1: chosen per stream for "
                     "the target)"),
      llvm::cl::init(kAutoPrefetchDistance)};
  PassOptions::Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads the output rows are shared by: 1 runs them in "
                     "order, N > 1 on an OpenMP team of N, 0 on the OpenMP "
                     "default (all cores)"),
      llvm::cl::init(1)};
  PassOptions::Option<int64_t> minParallelFlops{
      *this, "min-parallel-flops",
      llvm::cl::desc("With threads != 1, share the rows of a segment "
                     "contraction among threads only when it has at least "
                     "this many flops"),
      llvm::cl::init(Strategy::kDefaultMinParallelFlops)};
};

/// Options of the lowering to the LLVM dialect.
struct TConvLowerToLLVMOptions
    : public PassPipelineOptions<TConvLowerToLLVMOptions> {
  PassOptions::Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("scf.forall: 1 to sequential loops, otherwise to an "
                     "OpenMP parallel loop with this many threads (0: the "
                     "OpenMP default)"),
      llvm::cl::init(1)};
};

/// Threads are an OpenMP num_threads, a 32-bit signed int.
constexpr unsigned kMaxThreads = 0x7fffffff;

/// Checks each option against its range; `emitError` reports the first
/// invalid one, naming the pipeline and the option.
LogicalResult
verifyOptions(const TConvCPUPipelineOptions &options,
              function_ref<LogicalResult(const Twine &)> emitError);
LogicalResult
verifyOptions(const TConvLowerToLLVMOptions &options,
              function_ref<LogicalResult(const Twine &)> emitError);

/// The import of what front ends emit: TOSA's transposed convolutions and
/// the zero-insertion idiom as tconv ops (tosa-to-tconv,
/// tconv-raise-dilated-conv), the first stage after tconv-set-target.
void buildTConvImportPipeline(OpPassManager &pm);

/// One-shot bufferization of the whole module: function boundaries with
/// identity layouts, results equivalent to an argument dropped (outputs are
/// written in place), deallocation of the remaining buffers.
void buildTConvBufferizePipeline(OpPassManager &pm);

/// Lowers bufferized linalg, vector, scf, math, arith and memref to the LLVM
/// dialect.
void buildTConvLowerToLLVMPipeline(OpPassManager &pm,
                                   const TConvLowerToLLVMOptions &options);

/// The whole CPU pipeline from tconv ops on tensors to the LLVM dialect.
void buildTConvCPUPipeline(OpPassManager &pm,
                           const TConvCPUPipelineOptions &options);

/// Registers tconv-cpu-pipeline and its stages.
void registerTConvPipelines();

} // namespace tconv
} // namespace mlir

#endif // TCONV_PIPELINES_PIPELINES_H
