//===- UpstreamPeers.cpp - Upstream MLIR's transposed convolutions --------===//
//
// The two forms front ends give upstream MLIR, each also imported by TConv:
// TOSA (tosa, tosa-import) and the zero-insertion idiom (idiom,
// idiom-raised).
//
// TOSA's, as upstream MLIR compiles it: `tosa.transpose_conv2d`, TOSA's
// TosaDecomposeTransposeConv (weights padded to a multiple of the stride and
// reshaped into stride^2 * Cout channels of one stride-1 convolution, then
// depth-to-space), tosa-to-linalg. The stride-1 `linalg.conv_2d_nhwc_hwcf`
// is then tiled with scf::tileUsingSCF (rows across threads as scf.forall),
// decomposed into 1-D convolutions and vectorized with linalg::vectorize, as
// upstream's and IREE's CPU convolution pipelines do; the rest (bufferization,
// lowering to LLVM, the JIT) is TConv's, so that only the strategy differs.
// The weights are reordered to TOSA's [Cout, KH, KW, Cin] once; TOSA's own
// re-layout of them runs in every call, as it does when weights are not
// constants.
//
//===----------------------------------------------------------------------===//

#include "Peers.h"

#include "TConv/Conversion/Passes.h"
#include "TConv/Dialect/TConvOps.h"
#include "TConv/InitAll.h"
#include "TConv/JIT/MemRefABI.h"
#include "TConv/JIT/TConvJIT.h"
#include "TConv/Pipelines/Pipelines.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Conversion/TosaToArith/TosaToArith.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/TosaToTensor/TosaToTensor.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <memory>

using namespace mlir;
using namespace mlir::tconv;

std::vector<float> bench::getFilterOHWI(const Conv2DTransposeLayer &l,
                                        const float *w) {
  int64_t kh = l.kernelSize[0], kw = l.kernelSize[1], co = l.outChannels,
          ci = l.inChannels;
  std::vector<float> ohwi(co * kh * kw * ci);
  for (int64_t a = 0; a < kh; ++a)
    for (int64_t b = 0; b < kw; ++b)
      for (int64_t o = 0; o < co; ++o)
        for (int64_t i = 0; i < ci; ++i)
          ohwi[((o * kh + a) * kw + b) * ci + i] =
              w[((a * kw + b) * co + o) * ci + i];
  return ohwi;
}

/// Why a peer cannot run a layer (tconv-bench names the peer).
static llvm::Error unsupported(const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), why);
}

/// "AxBx...xf32", the shape of an f32 tensor or memref type.
static std::string shape(ArrayRef<int64_t> dims) {
  return llvm::join(llvm::map_range(
                        dims, [](int64_t d) { return std::to_string(d); }),
                    "x") +
         "xf32";
}

/// `func.func @tosa_layer(x, w, y)` on memrefs computing the layer with
/// `tosa.transpose_conv2d` (zero bias and zero points).
static std::string getTosaModuleText(const Conv2DTransposeLayer &l) {
  std::string x = shape(
                  {l.batch, l.inputSize[0], l.inputSize[1], l.inChannels}),
              w = shape({l.outChannels, l.kernelSize[0], l.kernelSize[1],
                         l.inChannels}),
              y = shape(
                  {l.batch, l.outputSize[0], l.outputSize[1], l.outChannels});
  // TOSA's out_pad grows (or, negative, crops) the full output on each side.
  int64_t outPad[4];
  for (unsigned d = 0; d < 2; ++d) {
    int64_t full = getFullOutputLength(l.inputSize[d], l.kernelSize[d],
                                       l.strides[d], /*dilation=*/1);
    int64_t before = l.getPadBefore(d);
    outPad[2 * d] = -before;
    outPad[2 * d + 1] = l.outputSize[d] - full + before;
  }
  return llvm::formatv(
      R"mlir(
func.func @tosa_layer(%xm: memref<{0}>, %wm: memref<{1}>, %ym: memref<{2}>)
    attributes {{llvm.emit_c_interface} {
  %x = bufferization.to_tensor %xm restrict : memref<{0}> to tensor<{0}>
  %w = bufferization.to_tensor %wm restrict : memref<{1}> to tensor<{1}>
  %b = "tosa.const"() <{{values = dense<0.0> : tensor<{3}xf32>}> : () -> tensor<{3}xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32,
      out_pad = array<i64: {4}, {5}, {6}, {7}>, stride = array<i64: {8}, {9}>}
      : (tensor<{0}>, tensor<{1}>, tensor<{3}xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<{2}>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<{2}>, memref<{2}>) -> ()
  return
}
)mlir",
      x, w, y, l.outChannels, outPad[0], outPad[1], outPad[2], outPad[3],
      l.strides[0], l.strides[1]);
}

/// Moves what TOSA's decomposition computes from the filter alone (the
/// convolution's weights: reversed, padded, reshaped) out of @tosa_layer into
/// `@tosa_weights(%w, %prepared)`, run once per set of weights, as TConv and
/// oneDNN prepare theirs. @tosa_layer(%x, %w, %y) becomes
/// @tosa_layer(%x, %y, %prepared).
static LogicalResult outlineWeightPreparation(ModuleOp module) {
  auto layer = module.lookupSymbol<func::FuncOp>("tosa_layer");
  tosa::Conv2DOp conv;
  layer.walk([&](tosa::Conv2DOp op) { conv = op; });
  if (!conv)
    return layer.emitError("no tosa.conv2d after the decomposition");
  Value weights = conv.getWeight();
  BlockArgument filter = layer.getArgument(1);
  SetVector<Operation *> slice;
  if (failed(getBackwardSlice(weights, &slice)))
    return failure();
  if (Operation *def = weights.getDefiningOp())
    slice.insert(def);
  for (Operation *op : slice)
    for (Value operand : op->getOperands())
      if (operand != filter && !slice.contains(operand.getDefiningOp()))
        return op->emitError("weights depend on more than the filter");

  OpBuilder builder(module.getContext());
  builder.setInsertionPointToEnd(module.getBody());
  auto tensorType = cast<RankedTensorType>(weights.getType());
  auto preparedType =
      MemRefType::get(tensorType.getShape(), tensorType.getElementType());
  auto prepare = func::FuncOp::create(
      builder, layer.getLoc(), "tosa_weights",
      builder.getFunctionType({filter.getType(), preparedType}, {}));
  prepare->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  Block *body = prepare.addEntryBlock();
  builder.setInsertionPointToStart(body);
  IRMapping mapping;
  mapping.map(filter, body->getArgument(0));
  for (Operation *op : slice)
    builder.clone(*op, mapping);
  auto store = bufferization::MaterializeInDestinationOp::create(
      builder, layer.getLoc(), TypeRange(), mapping.lookup(weights),
      body->getArgument(1));
  store.setRestrict(true);
  store.setWritable(true);
  func::ReturnOp::create(builder, layer.getLoc());

  if (failed(layer.insertArgument(3, preparedType, {}, layer.getLoc())))
    return failure();
  builder.setInsertionPoint(conv);
  Value prepared = bufferization::ToTensorOp::create(
      builder, layer.getLoc(), tensorType, layer.getArgument(3),
      /*restrict=*/true);
  conv.getWeightMutable().assign(prepared);
  for (Operation *op : llvm::reverse(slice))
    if (op->use_empty())
      op->erase();
  if (!filter.use_empty())
    return layer.emitError("the filter has uses beyond the weights");
  return layer.eraseArgument(1);
}

/// The largest divisor of `size` that is at most `limit` (static tiles: the
/// vectorizer has no masked 1-D convolution).
static int64_t getDivisorTile(int64_t size, int64_t limit) {
  for (int64_t t = std::min(size, limit); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// Tiles every stride-1 convolution: output rows as an scf.forall (threads),
/// then register tiles of up to 8 columns x 32 channels over one kernel row
/// and one input channel, which upstream's patterns decompose into
/// `linalg.conv_1d_nwc_wcf` and linalg::vectorize turns into vector ops.
static LogicalResult tileAndVectorizeConvolutions(ModuleOp module) {
  IRRewriter rewriter(module.getContext());
  SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
  module.walk([&](linalg::Conv2DNhwcHwcfOp op) { convs.push_back(op); });
  for (linalg::Conv2DNhwcHwcfOp conv : convs) {
    // Loops (n, oh, ow, f, kh, kw, c).
    SmallVector<int64_t> ranges = conv.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return conv.emitError("dynamic convolution");
    auto tile = [&](TilingInterface op, ArrayRef<int64_t> sizes,
                    scf::SCFTilingOptions::LoopType loops)
        -> FailureOr<TilingInterface> {
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(module.getContext(), sizes));
      options.setLoopType(loops);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, op, options);
      if (failed(tiled))
        return failure();
      rewriter.replaceOp(op, tiled->replacements);
      return cast<TilingInterface>(tiled->tiledOps.front());
    };
    FailureOr<TilingInterface> rows =
        tile(cast<TilingInterface>(conv.getOperation()), {1, 1, 0, 0, 0, 0, 0},
             scf::SCFTilingOptions::LoopType::ForallOp);
    if (failed(rows))
      return conv.emitError("tiling the rows failed");
    FailureOr<TilingInterface> registers =
        tile(*rows,
             {0, 0, getDivisorTile(ranges[2], 8), getDivisorTile(ranges[3], 32),
              1, 0, 1},
             scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(registers))
      return conv.emitError("tiling the registers failed");
  }

  RewritePatternSet decompose(module.getContext());
  linalg::populateDecomposeConvolutionPatterns(decompose);
  if (failed(applyPatternsGreedily(module, std::move(decompose))))
    return failure();
  SmallVector<linalg::LinalgOp> tiles;
  module.walk([&](linalg::Conv1DNwcWcfOp op) { tiles.push_back(op); });
  for (linalg::LinalgOp op : tiles) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> vectorized =
        linalg::vectorize(rewriter, op);
    if (failed(vectorized))
      return op->emitError("linalg::vectorize failed");
    rewriter.replaceOp(op, vectorized->replacements);
  }
  // Accumulators stay in registers across the reduction loops.
  RewritePatternSet fold(module.getContext());
  tensor::populateFoldTensorSubsetOpPatterns(fold);
  if (failed(applyPatternsGreedily(module, std::move(fold))))
    return failure();
  module.walk<WalkOrder::PostOrder>([&](scf::ForOp loop) {
    (void)hoistLoopInvariantSubsets(rewriter, loop);
  });
  // Contractions as outer products (broadcast + FMA), as upstream's CPU
  // strategies lower them.
  RewritePatternSet lower(module.getContext());
  vector::populateCastAwayVectorLeadingOneDimPatterns(lower);
  vector::populateVectorContractLoweringPatterns(
      lower, vector::VectorContractLowering::OuterProduct);
  vector::populateVectorOuterProductLoweringPatterns(lower);
  return applyPatternsGreedily(module, std::move(lower));
}

namespace {
/// One compiled layer; keeps its engine and the reordered weights.
struct TosaLayer {
  CompiledModule compiled;
  void (*entry)(void *, void *, void *) = nullptr;
  std::vector<float> weights; ///< As @tosa_weights prepared them.
};
} // namespace

/// Bufferizes `module` and lowers it with TConv's stages (upstream passes
/// only; TConv's tiling and vectorization left out), then JIT-compiles it
/// and finds `@name`.
static llvm::Expected<std::shared_ptr<TosaLayer>>
compileUpstreamLayer(ModuleOp module, unsigned threads, StringRef name) {
  DiagnosticCollector diagnostics(module.getContext());
  PassManager lower(module.getContext());
  lower.addPass(createCanonicalizerPass());
  buildTConvBufferizePipeline(lower);
  TConvLowerToLLVMOptions toLLVM;
  toLLVM.threads = threads;
  buildTConvLowerToLLVMPipeline(lower, toLLVM);
  if (failed(lower.run(module)))
    return diagnostics.takeError((name + ": lowering to LLVM failed").str());
  KernelOptions options;
  options.threads = threads;
  auto compiled = TConvJIT::compileLLVMModule(module, options);
  if (!compiled)
    return compiled.takeError();
  auto entry = compiled->engine->lookup(("_mlir_ciface_" + name).str());
  if (!entry)
    return entry.takeError();
  auto layer = std::make_shared<TosaLayer>();
  layer->compiled = std::move(*compiled);
  layer->entry = reinterpret_cast<decltype(layer->entry)>(*entry);
  return layer;
}

/// A dense row-major descriptor of `data`.
static MemRefDescriptor describe(const float *data,
                                 std::array<int64_t, 4> shape) {
  return MemRefDescriptor(data, shape);
}

/// A context with the dialects TOSA's path and TConv's need.
static std::shared_ptr<MLIRContext> makeTosaContext() {
  auto context = std::make_shared<MLIRContext>([] {
    DialectRegistry registry;
    registerAllDialects(registry);
    return registry;
  }());
  context->loadAllAvailableDialects();
  return context;
}

/// The layer written in one of upstream's forms (`getText(l)`), or why it
/// cannot be: both forms are written for NHWC, TF filters and no dilation
/// (tosa.transpose_conv2d has none).
static llvm::Expected<OwningOpRef<ModuleOp>> parseLayerModule(
    const Conv2DTransposeLayer &l, MLIRContext *context,
    llvm::function_ref<std::string(const Conv2DTransposeLayer &)> getText) {
  if (l.dataFormat != DataFormat::ChannelsLast ||
      l.filterFormat != FilterFormat::HWOI)
    return unsupported("NHWC and TF filters only");
  if (l.dilations[0] != 1 || l.dilations[1] != 1)
    return unsupported("no dilation");
  DiagnosticCollector diagnostics(context);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(getText(l), context);
  if (!module)
    return diagnostics.takeError("invalid module");
  return module;
}

bench::Peer bench::makeTosaPeer(unsigned threads) {
  auto context = makeTosaContext();
  return {
      "tosa",
      [context, threads](const Conv2DTransposeLayer &l, const float *x,
                         const float *w,
                         float *y) -> llvm::Expected<std::function<void()>> {
        auto parsed = parseLayerModule(l, context.get(), getTosaModuleText);
        if (!parsed)
          return parsed.takeError();
        OwningOpRef<ModuleOp> module = std::move(*parsed);
        DiagnosticCollector diagnostics(context.get());
        PassManager decompose(context.get());
        decompose.addNestedPass<func::FuncOp>(
            tosa::createTosaOptionalDecompositionsPass());
        if (failed(decompose.run(*module)) ||
            failed(outlineWeightPreparation(*module)))
          return diagnostics.takeError("decomposition failed");
        PassManager pm(context.get());
        OpPassManager &fn = pm.nest<func::FuncOp>();
        TosaToLinalgNamedOptions named;
        // Upstream's conv decomposition needs HWCF filters.
        named.preferConv2DKernelLayoutHWCF = true;
        fn.addPass(tosa::createTosaToLinalgNamed(named));
        fn.addPass(tosa::createTosaToLinalg());
        fn.addPass(createTosaToTensorPass());
        fn.addPass(createTosaToArithPass());
        pm.addPass(createCanonicalizerPass());
        pm.addPass(createCSEPass());
        if (failed(pm.run(*module)) ||
            failed(tileAndVectorizeConvolutions(*module)))
          return diagnostics.takeError("lowering failed");
        std::array<int64_t, 4> preparedShape;
        llvm::copy(
            cast<MemRefType>(module->lookupSymbol<func::FuncOp>("tosa_weights")
                                 .getArgument(1)
                                 .getType())
                .getShape(),
            preparedShape.begin());
        auto layer = compileUpstreamLayer(*module, threads, "tosa_layer");
        if (!layer)
          return layer.takeError();
        auto prepareEntry =
            (*layer)->compiled.engine->lookup("_mlir_ciface_tosa_weights");
        if (!prepareEntry)
          return prepareEntry.takeError();
        std::vector<float> ohwi = getFilterOHWI(l, w);
        auto wd = describe(ohwi.data(), {l.outChannels, l.kernelSize[0],
                                         l.kernelSize[1], l.inChannels});
        (*layer)->weights.resize(preparedShape[0] * preparedShape[1] *
                              preparedShape[2] * preparedShape[3]);
        auto pd = describe((*layer)->weights.data(), preparedShape);
        reinterpret_cast<void (*)(void *, void *)>(*prepareEntry)(wd.get(),
                                                                  pd.get());
        auto xd = describe(
            x, {l.batch, l.inputSize[0], l.inputSize[1], l.inChannels});
        auto yd = describe(
            y, {l.batch, l.outputSize[0], l.outputSize[1], l.outChannels});
        return std::function<void()>(
            [layer = *layer, xd, yd, pd]() mutable {
              layer->entry(xd.get(), yd.get(), pd.get());
            });
      }};
}

/// The tconv op `import` leaves in `module`, compiled by `jit` with
/// `filter` (in the op's filter format) prepared once: the run of x into y.
static llvm::Expected<std::function<void()>>
importLayer(ModuleOp module, std::unique_ptr<Pass> import, TConvJIT &jit,
            const std::vector<float> &filter, const float *x, float *y,
            int64_t batch) {
  DiagnosticCollector diagnostics(module.getContext());
  PassManager pm(module.getContext());
  pm.addNestedPass<func::FuncOp>(std::move(import));
  if (failed(pm.run(module)))
    return diagnostics.takeError("the import failed");
  Conv2DTransposeOp conv;
  module.walk([&](Conv2DTransposeOp op) { conv = op; });
  if (!conv)
    return unsupported("the import left the layer to upstream");
  FailureOr<Conv2DTransposeLayer> imported = conv.getLayer();
  if (failed(imported))
    return unsupported("the imported op has no layer");
  auto kernel = jit.getKernel(*imported, ElementKind::F32);
  if (!kernel)
    return kernel.takeError();
  const Conv2DTransposeKernel *k = &*kernel;
  auto prepared =
      std::make_shared<std::vector<char>>(k->getPreparedFilterBytes());
  if (llvm::Error error = k->prepareFilter(filter.data(), prepared->data()))
    return std::move(error);
  // TOSA's bias is an operand: a zero one, as the other rows have none.
  auto bias = std::make_shared<std::vector<float>>(
      imported->hasBias ? imported->outChannels : 0, 0.0f);
  return std::function<void()>([k, prepared, bias, x, y, batch] {
    llvm::cantFail(k->runPrepared(
        x, prepared->data(), bias->empty() ? nullptr : bias->data(), y,
        batch));
  });
}

bench::Peer bench::makeTosaImportPeer(unsigned threads) {
  auto context = makeTosaContext();
  auto jit = std::make_shared<TConvJIT>(threads);
  return {
      "tosa-import",
      [context, jit](const Conv2DTransposeLayer &l, const float *x,
                     const float *w,
                     float *y) -> llvm::Expected<std::function<void()>> {
        // The layer as TOSA writes it, imported by tosa-to-tconv.
        auto module = parseLayerModule(l, context.get(), getTosaModuleText);
        if (!module)
          return module.takeError();
        return importLayer(**module, createTConvTosaToTConvPass(), *jit,
                           getFilterOHWI(l, w), x, y, l.batch);
      }};
}

/// `func.func @idiom_layer(x, w, y)` on memrefs computing the layer as the
/// zero-insertion idiom: x inserted at the stride into zeros, padded so that
/// the stride-1 convolution with the flipped HWCF kernel gives the layer's
/// output. `w` is that flipped kernel, or with `flipInside` the unflipped
/// one, flipped by a linalg.generic in the function.
static std::string getIdiomModuleText(const Conv2DTransposeLayer &l,
                                      bool flipInside) {
  int64_t n = l.batch, c = l.inChannels, f = l.outChannels;
  std::array<int64_t, 2> dilated, low, high, padded;
  for (unsigned d = 0; d < 2; ++d) {
    int64_t k = l.kernelSize[d];
    dilated[d] = (l.inputSize[d] - 1) * l.strides[d] + 1;
    low[d] = k - 1 - l.getPadBefore(d);
    high[d] = l.outputSize[d] + k - 1 - dilated[d] - low[d];
    padded[d] = dilated[d] + low[d] + high[d];
  }
  std::string x = shape({n, l.inputSize[0], l.inputSize[1], c}),
              k = shape({l.kernelSize[0], l.kernelSize[1], c, f}),
              y = shape({n, l.outputSize[0], l.outputSize[1], f}),
              dt = shape({n, dilated[0], dilated[1], c}),
              pt = shape({n, padded[0], padded[1], c});
  std::string flip =
      flipInside
          ? llvm::formatv(
                R"mlir(
  %fe = tensor.empty() : tensor<{0}>
  %w = linalg.generic {{indexing_maps = [affine_map<(d0, d1, d2, d3) -> ({1} - d0, {2} - d1, d2, d3)>,
                         affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%w0 : tensor<{0}>) outs(%fe : tensor<{0}>) {{
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<{0}>)mlir",
                k, l.kernelSize[0] - 1, l.kernelSize[1] - 1)
                .str()
          : ""; // The kernel arrives flipped.
  return llvm::formatv(
             R"mlir(
func.func @idiom_layer(%xm: memref<{0}>, %wm: memref<{1}>, %ym: memref<{2}>)
    attributes {{llvm.emit_c_interface} {
  %x = bufferization.to_tensor %xm restrict : memref<{0}> to tensor<{0}>
  %w0 = bufferization.to_tensor %wm restrict : memref<{1}> to tensor<{1}>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{3}>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<{3}>) -> tensor<{3}>
  %d = tensor.insert_slice %x into %z[0, 0, 0, 0] [{5}, {6}, {7}, {8}] [1, {9}, {10}, 1]
      : tensor<{0}> into tensor<{3}>
  %p = tensor.pad %d low[0, {11}, {12}, 0] high[0, {13}, {14}, 0] {{
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %zero : f32
  } : tensor<{3}> to tensor<{4}>{15}
  %oe = tensor.empty() : tensor<{2}>
  %o = linalg.fill ins(%zero : f32) outs(%oe : tensor<{2}>) -> tensor<{2}>
  %y = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, {16} : tensor<{4}>, tensor<{1}>) outs(%o : tensor<{2}>) -> tensor<{2}>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<{2}>, memref<{2}>) -> ()
  return
}
)mlir",
             x, k, y, dt, pt, n, l.inputSize[0], l.inputSize[1], c,
             l.strides[0], l.strides[1], low[0], low[1], high[0], high[1],
             flip, flipInside ? "%w" : "%w0")
      .str();
}

bench::Peer bench::makeIdiomPeer(unsigned threads) {
  auto context = makeTosaContext();
  return {
      "idiom",
      [context, threads](const Conv2DTransposeLayer &l, const float *x,
                         const float *w,
                         float *y) -> llvm::Expected<std::function<void()>> {
        auto module = parseLayerModule(l, context.get(), [](auto &l) {
          return getIdiomModuleText(l, /*flipInside=*/false);
        });
        if (!module)
          return module.takeError();
        // Upstream's convolution path, as for TOSA's stride-1 convolution.
        DiagnosticCollector diagnostics(context.get());
        if (failed(tileAndVectorizeConvolutions(**module)))
          return diagnostics.takeError("tiling failed");
        auto compiled = compileUpstreamLayer(**module, threads, "idiom_layer");
        if (!compiled)
          return compiled.takeError();
        std::shared_ptr<TosaLayer> layer = *compiled;
        // The kernel flipped and as HWCF once, as a framework stores it.
        int64_t kh = l.kernelSize[0], kw = l.kernelSize[1],
                co = l.outChannels, ci = l.inChannels;
        layer->weights.resize(kh * kw * ci * co);
        for (int64_t a = 0; a < kh; ++a)
          for (int64_t b = 0; b < kw; ++b)
            for (int64_t o = 0; o < co; ++o)
              for (int64_t i = 0; i < ci; ++i)
                layer->weights[((a * kw + b) * ci + i) * co + o] =
                    w[(((kh - 1 - a) * kw + (kw - 1 - b)) * co + o) * ci + i];
        auto xd = describe(
            x, {l.batch, l.inputSize[0], l.inputSize[1], l.inChannels});
        auto wd = describe(layer->weights.data(), {kh, kw, ci, co});
        auto yd = describe(
            y, {l.batch, l.outputSize[0], l.outputSize[1], l.outChannels});
        return std::function<void()>([layer, xd, wd, yd]() mutable {
          layer->entry(xd.get(), wd.get(), yd.get());
        });
      }};
}

bench::Peer bench::makeIdiomRaisedPeer(unsigned threads) {
  auto context = makeTosaContext();
  auto jit = std::make_shared<TConvJIT>(threads);
  return {
      "idiom-raised",
      [context, jit](const Conv2DTransposeLayer &l, const float *x,
                     const float *w,
                     float *y) -> llvm::Expected<std::function<void()>> {
        auto module = parseLayerModule(l, context.get(), [](auto &l) {
          return getIdiomModuleText(l, /*flipInside=*/true);
        });
        if (!module)
          return module.takeError();
        return importLayer(**module, createTConvRaiseDilatedConvPass(), *jit,
                           std::vector<float>(w, w + l.getFilterNumElements()),
                           x, y, l.batch);
      }};
}
