//===- TConvJIT.cpp - Compile and run conv2d_transpose on the CPU ---------===//
//
// Wraps mlir::ExecutionEngine as toyc's runJit and mlir-runner do, but with
// llvm::Error for every failure, a kernel cache, and the host CPU's native
// features (AVX-512 where present) from JITTargetMachineBuilder::detectHost.
//
//===----------------------------------------------------------------------===//

#include "TConv/JIT/TConvJIT.h"

#include "TConv/Conversion/TConvToLinalg.h"
#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Dialect/TConvOps.h"
#include "TConv/InitAll.h"
#include "TConv/JIT/MemRefABI.h"
#include "TConv/Pipelines/Pipelines.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/TargetSelect.h"

#include <chrono>

#include <unistd.h>

using namespace mlir;
using namespace mlir::tconv;

size_t tconv::getElementSize(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
  case ElementKind::BF16:
    return 2;
  case ElementKind::F32:
    return 4;
  case ElementKind::F64:
    return 8;
  }
  return 0;
}

reference::Tolerance tconv::getReferenceTolerance(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return {/*output=*/std::ldexp(1.0, -10), /*accumulation=*/1e-5};
  case ElementKind::BF16:
    return {/*output=*/std::ldexp(1.0, -7), /*accumulation=*/1e-5};
  case ElementKind::F32:
    return {1e-5, 1e-5};
  case ElementKind::F64:
    return {1e-12, 1e-12};
  }
  return {};
}

StringRef tconv::stringifyElementKind(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return "f16";
  case ElementKind::BF16:
    return "bf16";
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  }
  return "";
}

std::optional<ElementKind> tconv::getElementKind(Type type) {
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  return std::nullopt;
}

Type tconv::getElementType(MLIRContext *context, ElementKind kind) {
  Builder b(context);
  switch (kind) {
  case ElementKind::F16:
    return b.getF16Type();
  case ElementKind::BF16:
    return b.getBF16Type();
  case ElementKind::F32:
    return b.getF32Type();
  case ElementKind::F64:
    return b.getF64Type();
  }
  return {};
}

/// Rounds `value` to nearest-even in a 16-bit format and returns its bits.
static uint16_t toHalfBits(double value, const llvm::fltSemantics &sem) {
  llvm::APFloat f(value);
  bool losesInfo;
  f.convert(sem, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return static_cast<uint16_t>(f.bitcastToAPInt().getZExtValue());
}

/// The double value of 16-bit pattern `bits` in format `sem`.
static double fromHalfBits(uint16_t bits, const llvm::fltSemantics &sem) {
  llvm::APFloat f(sem, llvm::APInt(16, bits));
  bool losesInfo;
  f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f.convertToDouble();
}

void tconv::storeElement(void *dst, int64_t index, double value,
                         ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    static_cast<uint16_t *>(dst)[index] =
        toHalfBits(value, llvm::APFloat::IEEEhalf());
    return;
  case ElementKind::BF16:
    static_cast<uint16_t *>(dst)[index] =
        toHalfBits(value, llvm::APFloat::BFloat());
    return;
  case ElementKind::F32:
    static_cast<float *>(dst)[index] = static_cast<float>(value);
    return;
  case ElementKind::F64:
    static_cast<double *>(dst)[index] = value;
    return;
  }
}

double tconv::loadElement(const void *src, int64_t index, ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return fromHalfBits(static_cast<const uint16_t *>(src)[index],
                        llvm::APFloat::IEEEhalf());
  case ElementKind::BF16:
    return fromHalfBits(static_cast<const uint16_t *>(src)[index],
                        llvm::APFloat::BFloat());
  case ElementKind::F32:
    return static_cast<const float *>(src)[index];
  case ElementKind::F64:
    return static_cast<const double *>(src)[index];
  }
  return 0;
}

/// Names of the functions of a kernel module.
static constexpr llvm::StringLiteral kKernelName = "tconv_kernel";
static constexpr llvm::StringLiteral kPackName = "tconv_pack_filter";

OwningOpRef<ModuleOp>
tconv::buildConv2DTransposeModule(MLIRContext *context,
                                  const Conv2DTransposeLayer &layer,
                                  ElementKind kind, StringRef name) {
  OpBuilder b(context);
  Location loc = NameLoc::get(b.getStringAttr(name));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  Type element = getElementType(context, kind);
  SmallVector<Type> argTypes = {
      MemRefType::get(layer.getInputShape(), element),
      MemRefType::get(layer.getFilterShape(), element)};
  if (layer.hasBias)
    argTypes.push_back(MemRefType::get({layer.outChannels}, element));
  argTypes.push_back(MemRefType::get(layer.getOutputShape(), element));
  auto func =
      func::FuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  // Inputs are read-only views of the caller's buffers.
  SmallVector<Value> tensors;
  for (BlockArgument arg : body->getArguments().drop_back()) {
    auto type = cast<MemRefType>(arg.getType());
    tensors.push_back(bufferization::ToTensorOp::create(
        b, loc, RankedTensorType::get(type.getShape(), element), arg,
        /*restrict=*/true));
  }
  Value bias = layer.hasBias ? tensors[2] : Value();
  auto op =
      Conv2DTransposeOp::create(b, loc, layer, tensors[0], tensors[1], bias);
  bufferization::MaterializeInDestinationOp::create(
      b, loc, /*result=*/Type(), op.getResult(), body->getArguments().back(),
      /*restrict=*/true,
      /*writable=*/true);
  func::ReturnOp::create(b, loc);
  return module;
}

/// Adds `func.func @name(args...)` on memrefs with the C interface; returns
/// its entry block, the builder at its end.
static Block *addMemRefFunction(OpBuilder &b, Location loc, ModuleOp module,
                                StringRef name, TypeRange argTypes) {
  b.setInsertionPointToEnd(module.getBody());
  auto func =
      func::FuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  return body;
}

/// A read-only tensor view of a caller's buffer.
static Value viewAsTensor(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
      memref, /*restrict=*/true);
}

/// The module of a kernel with weights prepared once: `tconv_pack_filter
/// (filter, packed)` copies the filter into the packed layout, and
/// `tconv_kernel(input, packed, [bias,] output)` computes the layer from it.
static OwningOpRef<ModuleOp>
buildPreparedKernelModule(MLIRContext *context,
                          const Conv2DTransposeLayer &layer, ElementKind kind,
                          const Strategy &strategy,
                          const TargetDescription &target) {
  IRRewriter b(context);
  Location loc = NameLoc::get(b.getStringAttr(kKernelName));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  setTarget(*module, target);
  Type element = getElementType(context, kind);
  auto packedType =
      MemRefType::get(getPackedFilterShape(layer, strategy), element);

  Block *pack = addMemRefFunction(
      b, loc, *module, kPackName,
      {MemRefType::get(layer.getFilterShape(), element), packedType});
  Value packed =
      packFilter(b, loc, layer, viewAsTensor(b, loc, pack->getArgument(0)),
                 strategy);
  bufferization::MaterializeInDestinationOp::create(
      b, loc, /*result=*/Type(), packed, pack->getArgument(1),
      /*restrict=*/true, /*writable=*/true);
  func::ReturnOp::create(b, loc);

  SmallVector<Type> argTypes = {MemRefType::get(layer.getInputShape(), element),
                                packedType};
  if (layer.hasBias)
    argTypes.push_back(MemRefType::get({layer.outChannels}, element));
  argTypes.push_back(MemRefType::get(layer.getOutputShape(), element));
  Block *kernel = addMemRefFunction(b, loc, *module, kKernelName, argTypes);
  SmallVector<Value> tensors;
  for (BlockArgument arg : kernel->getArguments().drop_back())
    tensors.push_back(viewAsTensor(b, loc, arg));
  Value out = kernel->getArguments().back();
  Value dest = bufferization::ToTensorOp::create(
      b, loc,
      RankedTensorType::get(cast<MemRefType>(out.getType()).getShape(),
                            element),
      out, /*restrict=*/true, /*writable=*/true);
  Value result = buildConv2DTransposeWithPackedFilter(
      b, loc, layer, tensors[0], tensors[1],
      layer.hasBias ? tensors[2] : Value(), dest, strategy);
  bufferization::MaterializeInDestinationOp::create(
      b, loc, /*result=*/Type(), result, out, /*restrict=*/true,
      /*writable=*/true);
  func::ReturnOp::create(b, loc);
  return module;
}

//===----------------------------------------------------------------------===//
// Compilation
//===----------------------------------------------------------------------===//

/// What the JIT's options ask of every kernel's strategy.
static StrategyOptions getStrategyOptions(const KernelOptions &options) {
  StrategyOptions strategy;
  strategy.borders = options.borders;
  strategy.filterBlock = options.filterBlock;
  strategy.threads = options.threads;
  strategy.minParallelFlops = options.minParallelFlops;
  return strategy;
}

DiagnosticCollector::DiagnosticCollector(MLIRContext *context)
    : handler(context, [this](Diagnostic &diag) {
        if (diag.getSeverity() != DiagnosticSeverity::Error)
          return success();
        std::string line;
        llvm::raw_string_ostream os(line);
        // The op's own line: an inlined op's location is a call site whose
        // callee part comes first.
        FileLineColLoc fileLoc;
        diag.getLocation()->walk([&](Location loc) {
          fileLoc = dyn_cast<FileLineColLoc>(loc);
          return fileLoc ? WalkResult::interrupt() : WalkResult::advance();
        });
        if (fileLoc)
          os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine()
             << ":" << fileLoc.getColumn() << ": ";
        os << diag.str();
        messages += (messages.empty() ? "" : "; ") + line;
        return success();
      }) {}

llvm::Error DiagnosticCollector::takeError(StringRef what) const {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      what + (messages.empty() ? std::string() : ": " + messages));
}

llvm::Expected<CompiledModule>
TConvJIT::compileModule(ModuleOp module, const KernelOptions &options) {
  MLIRContext *context = module->getContext();
  DiagnosticCollector diagnostics(context);
  if (failed(verify(module)))
    return diagnostics.takeError("invalid module");
  if (!module->hasAttr(TConvDialect::kTargetAttrName))
    setTarget(module, options.target);
  PassManager pm(context);
  // Modules from files call their functions; inline them so each tconv op
  // sees the buffer it is materialized into.
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
  TConvCPUPipelineOptions pipeline;
  pipeline.threads = options.threads;
  pipeline.minParallelFlops = options.minParallelFlops;
  if (options.borders)
    pipeline.borders = stringifyBorders(*options.borders).str();
  pipeline.prefetchDistance = options.prefetchDistance;
  pipeline.filterBlock = options.filterBlock;
  buildTConvCPUPipeline(pm, pipeline);
  if (failed(pm.run(module)))
    return diagnostics.takeError("the CPU pipeline failed");
  // The conversions to LLVM are partial: an op none of them knows stays,
  // and the translation would only blame the casts around it.
  WalkResult unlowered = module->walk([](Operation *op) {
    if (isa<ModuleOp, UnrealizedConversionCastOp>(op) ||
        isa<LLVM::LLVMDialect, omp::OpenMPDialect>(op->getDialect()))
      return WalkResult::advance();
    op->emitError("'") << op->getName()
                       << "' is not supported: the CPU pipeline does not "
                          "lower it to LLVM";
    return WalkResult::interrupt();
  });
  if (unlowered.wasInterrupted())
    return diagnostics.takeError("the CPU pipeline failed");
  auto compiled = compileLLVMModule(module, options);
  // The translation to LLVM IR reports what it cannot translate as
  // diagnostics, its error only that it failed.
  if (!compiled && !diagnostics.str().empty())
    return diagnostics.takeError(llvm::toString(compiled.takeError()));
  return compiled;
}

/// LLVM passes run on the translated kernels. The MLIR pipeline has already
/// tiled, vectorized and unrolled them: LLVM's -O1 pipeline added nothing
/// but code generation time, and each pass here was measured to matter
/// (docs/tuning.md). No partial unrolling: it multiplied the scalar fill
/// and copy loops and a third of the compile time for noise-level gains.
static constexpr llvm::StringLiteral kKernelPasses =
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg,"
    "loop-mssa(licm),loop(loop-rotate,indvars,loop-unroll-full),"
    "instcombine<no-verify-fixpoint>,simplifycfg,slp-vectorizer,"
    "instcombine<no-verify-fixpoint>)";

static std::function<llvm::Error(llvm::Module *)>
makeKernelOptimizer(llvm::TargetMachine *machine) {
  return [machine](llvm::Module *module) -> llvm::Error {
    llvm::LoopAnalysisManager loopAnalyses;
    llvm::FunctionAnalysisManager functionAnalyses;
    llvm::CGSCCAnalysisManager sccAnalyses;
    llvm::ModuleAnalysisManager moduleAnalyses;
    llvm::PassBuilder builder(machine);
    builder.registerModuleAnalyses(moduleAnalyses);
    builder.registerCGSCCAnalyses(sccAnalyses);
    builder.registerFunctionAnalyses(functionAnalyses);
    builder.registerLoopAnalyses(loopAnalyses);
    builder.crossRegisterProxies(loopAnalyses, functionAnalyses, sccAnalyses,
                                 moduleAnalyses);
    llvm::ModulePassManager passes;
    if (llvm::Error err = builder.parsePassPipeline(passes, kKernelPasses))
      return err;
    passes.run(*module, moduleAnalyses);
    return llvm::Error::success();
  };
}

/// The engine's machine code. ExecutionEngine only dumps it to a file
/// (dumpToObjectFile), so through a temporary one.
static llvm::Error readObject(ExecutionEngine &engine, std::string &object) {
  llvm::SmallString<128> path;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("tconv-object", "o", fd, path))
    return llvm::createStringError(ec, "cannot create a temporary file");
  llvm::sys::RemoveFileOnSignal(path);
  llvm::FileRemover remover(path);
  ::close(fd);
  engine.dumpToObjectFile(path);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer || (*buffer)->getBufferSize() == 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the engine kept no object code");
  object = (*buffer)->getBuffer().str();
  llvm::sys::DontRemoveFileOnSignal(path);
  return llvm::Error::success();
}

llvm::Expected<CompiledModule>
TConvJIT::compileLLVMModule(ModuleOp module, const KernelOptions &options) {
  static std::once_flag initTarget;
  std::call_once(initTarget, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  // Code for the host CPU with all its features, as -march=native.
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  // Use the full vector width: AVX-512 parts default to 256-bit vectors
  // ("prefer-256-bit") to avoid frequency drops, a loss for FMA-bound loops.
  builder->getFeatures().AddFeature("prefer-256-bit", false);
  auto machine = builder->createTargetMachine();
  if (!machine)
    return machine.takeError();
  CompiledModule compiled;
  compiled.optimizer =
      std::make_unique<std::function<llvm::Error(llvm::Module *)>>(
          makeKernelOptimizer(machine->get()));
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = *compiled.optimizer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  SmallVector<StringRef> libraries = {TCONV_C_RUNNER_UTILS_PATH};
  if (options.threads != 1) {
#ifdef TCONV_LIBOMP_PATH
    libraries.push_back(TCONV_LIBOMP_PATH);
#else
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "built without the OpenMP runtime "
                                   "(libomp-22-dev): only 1 thread");
#endif
  }
  engineOptions.sharedLibPaths = libraries;
  engineOptions.enableObjectDump = options.keepCode;
  if (options.keepCode) {
    llvm::raw_string_ostream os(compiled.llvmDialectIR);
    module.print(os);
  }
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return engine.takeError();
  compiled.engine = std::move(*engine);
  if (options.keepCode)
    if (llvm::Error error = readObject(*compiled.engine, compiled.object))
      return std::move(error);
  return compiled;
}

/// Default options but the threads.
static KernelOptions withThreads(unsigned threads) {
  KernelOptions options;
  options.threads = threads;
  return options;
}

TConvJIT::TConvJIT(unsigned threads) : TConvJIT(withThreads(threads)) {}

TConvJIT::TConvJIT(const KernelOptions &options) : options(options) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
}

TConvJIT::~TConvJIT() = default;

/// Every field of `layer` that changes the generated code, plus the type.
static std::string getCacheKey(const Conv2DTransposeLayer &layer,
                               ElementKind kind) {
  std::string key = layer.describe();
  key += " | " + stringifyElementKind(kind).str();
  key += " | " + stringifyPadding(layer.padding).str();
  for (int64_t p : layer.pads)
    key += " " + std::to_string(p);
  if (layer.alpha)
    key += " | alpha " + std::to_string(*layer.alpha);
  return key;
}

llvm::Error TConvJIT::verifyLayer(const Conv2DTransposeLayer &layer,
                                  ElementKind kind) {
  std::lock_guard<std::mutex> lock(mutex);
  return selectStrategyLocked(layer, kind).takeError();
}

/// The op's verifier judges the layer, the cost model lowers it.
llvm::Expected<Strategy>
TConvJIT::selectStrategyLocked(const Conv2DTransposeLayer &layer,
                               ElementKind kind) {
  DiagnosticCollector diagnostics(context.get());
  OwningOpRef<ModuleOp> opModule =
      buildConv2DTransposeModule(context.get(), layer, kind, kKernelName);
  if (failed(verify(*opModule)))
    return diagnostics.takeError("invalid layer");
  if (!getCheckedTargetAttr(
          [&] { return emitError(opModule->getLoc(), "KernelOptions::target: "); },
          context.get(), options.target))
    return diagnostics.takeError("invalid target");
  Strategy strategy = selectStrategy(
      layer, getElementSize(kind) * 8, options.target,
      getStrategyOptions(options));
  if (failed(checkContractionSegmentLimit(layer, opModule->getLoc(),
                                          strategy.borders)))
    return diagnostics.takeError("unsupported layer");
  return strategy;
}

llvm::Expected<const Conv2DTransposeKernel &>
TConvJIT::getKernel(const Conv2DTransposeLayer &layer, ElementKind kind) {
  std::lock_guard<std::mutex> lock(mutex);
  std::string key = getCacheKey(layer, kind);
  auto it = cache.find(key);
  if (it != cache.end())
    return *it->second;

  auto start = std::chrono::steady_clock::now();
  llvm::Expected<Strategy> strategy = selectStrategyLocked(layer, kind);
  if (!strategy)
    return strategy.takeError();
  // The kernel itself is built from the decomposition with a prepared filter.
  DiagnosticCollector diagnostics(context.get());
  OwningOpRef<ModuleOp> module = buildPreparedKernelModule(
      context.get(), layer, kind, *strategy, options.target);
  if (failed(verify(*module)))
    return diagnostics.takeError("invalid kernel module");
  // The descriptors' ranks and sizes come from these types (the pipeline
  // rewrites the functions).
  auto getArgTypes = [&](StringRef name) {
    auto func = module->lookupSymbol<func::FuncOp>(name);
    return llvm::map_to_vector(func.getArgumentTypes(), [](Type t) {
      return cast<MemRefType>(t);
    });
  };
  SmallVector<MemRefType> packArgTypes = getArgTypes(kPackName);
  SmallVector<MemRefType> entryArgTypes = getArgTypes(kKernelName);
  auto compiled = compileModule(*module, options);
  if (!compiled)
    return compiled.takeError();
  auto entry = compiled->engine->lookup(("_mlir_ciface_" + kKernelName).str());
  if (!entry)
    return entry.takeError();
  auto packEntry =
      compiled->engine->lookup(("_mlir_ciface_" + kPackName).str());
  if (!packEntry)
    return packEntry.takeError();

  std::unique_ptr<Conv2DTransposeKernel> kernel(new Conv2DTransposeKernel());
  kernel->layer = layer;
  kernel->strategy = *strategy;
  kernel->packArgTypes = std::move(packArgTypes);
  kernel->entryArgTypes = std::move(entryArgTypes);
  kernel->packedFilterShape = getPackedFilterShape(layer, *strategy);
  kernel->kind = kind;
  kernel->compiled = std::move(*compiled);
  kernel->entry = *entry;
  kernel->packEntry = *packEntry;
  kernel->compileMillis = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - start)
                              .count();
  ++numCompiled;
  auto &slot = cache[key];
  slot = std::move(kernel);
  return *slot;
}

//===----------------------------------------------------------------------===//
// Running a kernel
//===----------------------------------------------------------------------===//

Conv2DTransposeKernel::~Conv2DTransposeKernel() = default;

llvm::Error Conv2DTransposeKernel::run(const void *input, const void *filter,
                                       const void *bias, void *output) const {
  return run(input, filter, bias, output, layer.batch);
}

llvm::Error Conv2DTransposeKernel::run(const void *input, const void *filter,
                                       const void *bias, void *output,
                                       int64_t batch) const {
  std::vector<char> packed(getPreparedFilterBytes());
  if (llvm::Error error = prepareFilter(filter, packed.data()))
    return error;
  return runPrepared(input, packed.data(), bias, output, batch);
}

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

size_t Conv2DTransposeKernel::getPreparedFilterBytes() const {
  size_t elements = 1;
  for (int64_t size : packedFilterShape)
    elements *= size;
  return elements * getElementSize(kind);
}

llvm::Error Conv2DTransposeKernel::prepareFilter(const void *filter,
                                                 void *prepared) const {
  if (!filter || !prepared)
    return fail("null filter or prepared filter buffer");
  auto from = describeArgument(filter, layer.getFilterShape(), packArgTypes[0]);
  if (!from)
    return from.takeError();
  auto to = describeArgument(prepared, packedFilterShape, packArgTypes[1]);
  if (!to)
    return to.takeError();
  reinterpret_cast<void (*)(void *, void *)>(packEntry)(from->get(),
                                                        to->get());
  return llvm::Error::success();
}

llvm::Error Conv2DTransposeKernel::runPrepared(const void *input,
                                               const void *prepared,
                                               const void *bias, void *output,
                                               int64_t batch) const {
  if (!input || !prepared || !output)
    return fail("null input, filter or output buffer");
  if (layer.hasBias != (bias != nullptr))
    return fail(layer.hasBias ? "the layer has a bias but no bias buffer was "
                                "given"
                              : "a bias buffer was given to a layer without "
                                "bias");
  if (batch < 1)
    return fail("batch must be >= 1, got " + llvm::Twine(batch));
  if (!ShapedType::isDynamic(layer.batch) && batch != layer.batch)
    return fail("kernel compiled for batch " + llvm::Twine(layer.batch) +
                ", called with batch " + llvm::Twine(batch));
  Conv2DTransposeLayer actual = layer;
  // A static batch was bounded by the verifier (rule 13); a dynamic one must
  // not overflow the 64-bit byte offsets either.
  if (ShapedType::isDynamic(layer.batch)) {
    actual.batch = 1;
    for (int64_t perImage :
         {actual.getInputNumElements(), actual.getOutputNumElements()}) {
      int64_t bytes;
      if (llvm::MulOverflow(perImage *
                                static_cast<int64_t>(getElementSize(kind)),
                            batch, bytes) ||
          bytes >= (int64_t(1) << 62))
        return fail("batch " + llvm::Twine(batch) +
                    " makes a buffer of 2^62 bytes or more");
    }
  }
  actual.batch = batch;
  // The entry's arguments: input, prepared filter, [bias,] output.
  using Buffer = std::pair<const void *, SmallVector<int64_t>>;
  SmallVector<Buffer, 4> buffers;
  buffers.push_back({input, actual.getInputShape()});
  buffers.push_back({prepared, SmallVector<int64_t>(packedFilterShape.begin(),
                                                    packedFilterShape.end())});
  if (layer.hasBias)
    buffers.push_back({bias, {layer.outChannels}});
  buffers.push_back({output, actual.getOutputShape()});
  SmallVector<MemRefDescriptor, 4> descriptors;
  for (auto [buffer, type] : llvm::zip(buffers, entryArgTypes)) {
    auto descriptor = describeArgument(buffer.first, buffer.second, type);
    if (!descriptor)
      return descriptor.takeError();
    descriptors.push_back(std::move(*descriptor));
  }
  if (layer.hasBias)
    reinterpret_cast<void (*)(void *, void *, void *, void *)>(entry)(
        descriptors[0].get(), descriptors[1].get(), descriptors[2].get(),
        descriptors[3].get());
  else
    reinterpret_cast<void (*)(void *, void *, void *)>(entry)(
        descriptors[0].get(), descriptors[1].get(), descriptors[2].get());
  return llvm::Error::success();
}
