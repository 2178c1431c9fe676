//===- InitAll.h - Register TConv and what its pipelines need ---*- C++ -*-===//
//
// One place that lists the dialects and passes tconv-opt, tconv-run and the
// JIT need: the tconv dialect and passes, plus the upstream dialects the
// pipeline produces on its way to LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_INITALL_H
#define TCONV_INITALL_H

namespace mlir {
class DialectRegistry;
namespace tconv {

/// Adds the tconv dialect and the upstream dialects (and their interface
/// models) that the TConv pipelines create.
void registerAllDialects(DialectRegistry &registry);

/// Attaches the SubsetOpInterface models of tensor.extract_slice,
/// insert_slice, parallel_insert_slice and vector.transfer_read/write that
/// one-shot bufferization queries (upstream's answers, decided structurally
/// where possible); part of registerAllDialects.
void registerSubsetOpModels(DialectRegistry &registry);

/// Registers the tconv passes and pipelines, and the upstream passes that
/// users of tconv-opt need to reproduce each stage.
void registerAllPasses();

} // namespace tconv
} // namespace mlir

#endif // TCONV_INITALL_H
