//===- TConvJIT.h - Compile and run conv2d_transpose on the CPU -*- C++ -*-===//
//
// The C++ API of TConv: compile a conv2d_transpose (from its attributes and
// shapes, or from an MLIR module) through the CPU pipeline into a kernel for
// the host CPU, then run it on caller-owned buffers. Errors come back as
// llvm::Error, never as an assert or an exit.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_JIT_TCONVJIT_H
#define TCONV_JIT_TCONVJIT_H

#include "TConv/Conversion/TConvToLinalg.h"
#include "TConv/Dialect/Conv2DTransposeLayer.h"
#include "TConv/Reference/Check.h"
#include "TConv/Strategy/Strategy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <mutex>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir {
class ExecutionEngine;
namespace tconv {

/// Element type of a kernel's buffers. F16 and BF16 buffers hold the 16-bit
/// patterns (uint16_t).
enum class ElementKind { F16, BF16, F32, F64 };

/// The error a checked element of `kind` may have against the reference
/// (see reference::checkOutput): a unit of the output's last place (f16,
/// bf16), plus a few units of the accumulation type's (f32 for f16 and
/// bf16) in the sum of the element's terms.
reference::Tolerance getReferenceTolerance(ElementKind kind);

/// Size in bytes of one element.
size_t getElementSize(ElementKind kind);
/// "f16", "bf16", "f32" or "f64".
llvm::StringRef stringifyElementKind(ElementKind kind);
/// The MLIR type of an element kind.
Type getElementType(MLIRContext *context, ElementKind kind);
/// The element kind of f16, bf16, f32 or f64; nullopt for other types.
std::optional<ElementKind> getElementKind(Type type);

/// Converts `value` to `kind` (round to nearest even) and writes it at
/// `dst[index]`; f16 and bf16 are stored as their bit patterns.
void storeElement(void *dst, int64_t index, double value, ElementKind kind);
/// Reads element `index` of a `kind` buffer as a double.
double loadElement(const void *src, int64_t index, ElementKind kind);

/// Builds `func.func @name(input, filter, [bias,] output)` on memrefs
/// (`llvm.emit_c_interface`) that computes `layer` into `output`. A dynamic
/// `layer.batch` gives a dynamic batch dimension.
OwningOpRef<ModuleOp>
buildConv2DTransposeModule(MLIRContext *context,
                           const Conv2DTransposeLayer &layer, ElementKind kind,
                           llvm::StringRef name);

/// Collects the error diagnostics emitted in its scope as one line,
/// `file:line:col: message` entries joined by "; " (file locations only).
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context);
  const std::string &str() const { return messages; }
  /// `what: <messages>` as an llvm::Error.
  llvm::Error takeError(llvm::StringRef what) const;

private:
  std::string messages;
  ScopedDiagnosticHandler handler;
};

/// A JIT-compiled module: the engine, and the LLVM optimizer it calls while
/// compiling, which must outlive it (ExecutionEngineOptions only holds a
/// function_ref to the optimizer).
struct CompiledModule {
  std::unique_ptr<std::function<llvm::Error(llvm::Module *)>> optimizer;
  std::unique_ptr<ExecutionEngine> engine; ///< Destroyed first.
  /// With KernelOptions::keepCode: the module in the LLVM dialect as it
  /// was translated, and the machine code (an ELF object).
  std::string llvmDialectIR;
  std::string object;
};

/// A compiled conv2d_transpose layer.
class Conv2DTransposeKernel {
public:
  ~Conv2DTransposeKernel();

  /// Runs the layer on dense row-major buffers laid out as the layer's
  /// formats say. `bias` must be null exactly when the layer has none.
  /// `batch` is the batch size of this call; it must equal the compiled batch
  /// unless the kernel was compiled with a dynamic batch. Prepares the filter
  /// on every call: use prepareFilter and runPrepared to do it once.
  llvm::Error run(const void *input, const void *filter, const void *bias,
                  void *output, int64_t batch) const;
  /// As above, with the compiled (static) batch.
  llvm::Error run(const void *input, const void *filter, const void *bias,
                  void *output) const;

  /// Size of a prepared filter: the weights in the layout the kernel reads
  /// ([KH, KW, Cin, Cout], taps reversed, rows padded, column phases folded,
  /// or blocked by output channels: see getPackedFilterShape), as oneDNN
  /// reorders weights once.
  size_t getPreparedFilterBytes() const;
  /// Writes `filter` (in the layer's filter format) into `prepared`, a
  /// buffer of getPreparedFilterBytes() bytes.
  llvm::Error prepareFilter(const void *filter, void *prepared) const;
  /// run() with a filter prepared by prepareFilter.
  llvm::Error runPrepared(const void *input, const void *prepared,
                          const void *bias, void *output, int64_t batch) const;

  const Conv2DTransposeLayer &getLayer() const { return layer; }
  /// How the kernel was lowered.
  const Strategy &getStrategy() const { return strategy; }
  /// The memref types of the compiled entry (input, prepared filter,
  /// [bias,] output) and of the filter preparation (filter, prepared): the
  /// descriptors passed to them are built to these types.
  ArrayRef<MemRefType> getEntryArgumentTypes() const { return entryArgTypes; }
  ArrayRef<MemRefType> getPrepareArgumentTypes() const { return packArgTypes; }
  ElementKind getElementKind() const { return kind; }
  /// Wall time of parsing, the pass pipeline and LLVM code generation.
  double getCompileMillis() const { return compileMillis; }
  /// The engine and, with KernelOptions::keepCode, the code it runs.
  const CompiledModule &getCompiledModule() const { return compiled; }

private:
  friend class TConvJIT;
  Conv2DTransposeKernel() = default;

  Conv2DTransposeLayer layer;
  Strategy strategy;
  SmallVector<MemRefType, 4> entryArgTypes, packArgTypes;
  /// The layout of a prepared filter (getPackedFilterShape).
  SmallVector<int64_t, 4> packedFilterShape;
  ElementKind kind = ElementKind::F32;
  double compileMillis = 0;
  CompiledModule compiled;
  void *entry = nullptr;
  void *packEntry = nullptr;
};

/// Choices of the code a TConvJIT generates, the same for all its kernels.
struct KernelOptions {
  /// The CPU the kernels are compiled for (and the cost model decides for).
  TargetDescription target = getHostTarget();
  /// Kernels share their output rows among this many threads (OpenMP; 0:
  /// all cores)...
  unsigned threads = 1;
  /// ...in segments of at least this many flops (smaller ones run on one
  /// thread; see tconv-tile's min-parallel-flops).
  int64_t minParallelFlops = Strategy::kDefaultMinParallelFlops;
  /// Exact or zero-padded phase borders (see #tconv.strategy); nullopt:
  /// the cost model's choice per layer.
  std::optional<Borders> borders;
  /// Input channels ahead the register tiles prefetch their filter (see
  /// tconv-prefetch; 0: none; kAutoPrefetchDistance: getPrefetchDistance's
  /// choice for the target).
  int64_t prefetchDistance = kAutoPrefetchDistance;
  /// Output channels per block of the prepared filter (see
  /// #tconv.strategy; 0: unblocked; kAutoFilterBlock: getFilterBlock's
  /// choice for the target, per layer).
  int64_t filterBlock = kAutoFilterBlock;
  static constexpr int64_t kAutoFilterBlock = StrategyOptions::kAutoFilterBlock;
  /// Keep the code of each compiled module (CompiledModule::llvmDialectIR
  /// and object), for tools that show it.
  bool keepCode = false;
};

/// Compiles kernels and keeps them: asking twice for the same layer, shapes
/// and element type compiles once. Thread-safe.
class TConvJIT {
public:
  explicit TConvJIT(const KernelOptions &options);
  /// Default options on `threads` threads.
  explicit TConvJIT(unsigned threads = 1);
  ~TConvJIT();

  /// The kernel of `layer` with `kind` buffers, compiled on first request.
  /// Fails with the verifier's message when the layer is not legal.
  llvm::Expected<const Conv2DTransposeKernel &>
  getKernel(const Conv2DTransposeLayer &layer, ElementKind kind);

  /// Success when `layer` with `kind` buffers is legal (the op's verifier
  /// says so) and within what TConv lowers (kMaxContractionSegments), else
  /// the diagnostic. Compiles nothing.
  llvm::Error verifyLayer(const Conv2DTransposeLayer &layer, ElementKind kind);

  /// The options the kernels of this JIT are compiled with.
  const KernelOptions &getOptions() const { return options; }

  /// Number of kernels compiled so far (cache misses).
  unsigned getNumCompiled() const { return numCompiled; }

  /// Lowers `module` (functions of tconv ops on tensors or memrefs) through
  /// the CPU pipeline and JIT-compiles it. Its functions are then callable
  /// with `ExecutionEngine::invokePacked`.
  static llvm::Expected<CompiledModule>
  compileModule(ModuleOp module, const KernelOptions &options = {});
  /// JIT-compiles `module`, already in the LLVM dialect, for the host CPU
  /// (linked with the OpenMP runtime unless `options.threads` is 1).
  static llvm::Expected<CompiledModule>
  compileLLVMModule(ModuleOp module, const KernelOptions &options = {});

  /// The context kernels are built in (dialects registered).
  MLIRContext &getContext() { return *context; }

private:
  /// The strategy of a legal layer, or verifyLayer's error.
  llvm::Expected<Strategy> selectStrategyLocked(const Conv2DTransposeLayer &layer,
                                                ElementKind kind);

  std::unique_ptr<MLIRContext> context;
  std::mutex mutex;
  llvm::StringMap<std::unique_ptr<Conv2DTransposeKernel>> cache;
  unsigned numCompiled = 0;
  KernelOptions options;
};

} // namespace tconv
} // namespace mlir

#endif // TCONV_JIT_TCONVJIT_H
