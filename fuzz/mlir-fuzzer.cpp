//===- mlir-fuzzer.cpp - libFuzzer target for MLIR text through the pipeline ===//
//
// Any text: parse it with the dialects tconv-opt knows, verify it, run the
// whole CPU pipeline and translate the result to LLVM IR. Bad input must end
// in a diagnostic; a crash, an assert, a hang or an LLVM fatal error is a bug.
//
//===----------------------------------------------------------------------===//

#include "TConv/InitAll.h"
#include "TConv/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  tconv::registerAllDialects(registry);
  // One context per input, so nothing one input interns leaks into the next.
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected outcome of bad input: swallow them.
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });

  // As tconv-opt reads a file: a copy in a NUL-terminated MemoryBuffer (the
  // MLIR lexer relies on the terminator).
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size)),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 0;

  PassManager pm(&context);
  tconv::buildTConvCPUPipeline(pm, tconv::TConvCPUPipelineOptions());
  if (failed(pm.run(*module)))
    return 0;

  llvm::LLVMContext llvmContext;
  (void)translateModuleToLLVMIR(*module, llvmContext);
  return 0;
}
