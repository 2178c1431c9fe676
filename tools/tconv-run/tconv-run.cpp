//===- tconv-run.cpp - TConv JIT runner -----------------------------------===//
//
// The main job of TConv, in three modes:
//   tconv-run                      the built-in DCGAN generator layer
//   tconv-run --input x.npy ...    one layer on the user's .npy tensors
//   tconv-run model.mlir ...       a function from a file: tconv ops, TOSA or
//                                  the zero-insertion idiom (imported)
// It compiles through the CPU pipeline (TConvJIT), runs, checks against the
// reference implementation where asked, and prints timings. Every bad input
// is a one-line error naming the file or flag, with a non-zero exit and no
// output file left behind.
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/TConvOps.h"
#include "TConv/InitAll.h"
#include "TConv/JIT/MemRefABI.h"
#include "TConv/JIT/TConvJIT.h"
#include "TConv/Pipelines/Pipelines.h"
#include "TConv/Reference/Check.h"
#include "TConv/Reference/Conv2DTranspose.h"
#include "TConv/Support/Npy.h"
#include "TConv/Support/OutputFile.h"
#include "TConv/Support/ThreadsFlag.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/DebugStringHelper.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>

#include <unistd.h>

using namespace mlir;
using namespace mlir::tconv;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

static cl::OptionCategory layerCategory("Layer mode (one conv2d_transpose on "
                                        ".npy tensors)");
static cl::OptionCategory fileCategory(
    "File mode (tconv-run model.mlir: tconv ops, tosa.transpose_conv2d or "
    "the zero-insertion idiom)");
static cl::OptionCategory runCategory("Running");

static cl::opt<std::string> modelFile(cl::Positional,
                                      cl::desc("[model.mlir]"),
                                      cl::cat(fileCategory));
static cl::opt<std::string> inputPath("input",
                                      cl::desc("Input tensor (.npy, rank 4)"),
                                      cl::value_desc("x.npy"),
                                      cl::cat(layerCategory));
static cl::opt<std::string> filterPath("filter",
                                       cl::desc("Filter (.npy, rank 4)"),
                                       cl::value_desc("w.npy"),
                                       cl::cat(layerCategory));
static cl::opt<std::string> biasPath("bias", cl::desc("Bias (.npy, rank 1)"),
                                     cl::value_desc("b.npy"),
                                     cl::cat(layerCategory));
static cl::opt<std::string> outputPath("output",
                                       cl::desc("Where to write the result"),
                                       cl::value_desc("y.npy"),
                                       cl::cat(layerCategory));
static cl::opt<std::string> stridesFlag("strides", cl::desc("SH,SW"),
                                        cl::cat(layerCategory));
static cl::opt<std::string>
    paddingFlag("padding", cl::desc("valid | same | explicit"),
                cl::cat(layerCategory));
static cl::opt<std::string>
    padsFlag("pads", cl::desc("top,bottom,left,right (explicit padding)"),
             cl::cat(layerCategory));
static cl::opt<std::string>
    dataFormatFlag("data-format", cl::desc("channels_last | channels_first"),
                   cl::init("channels_last"), cl::cat(layerCategory));
static cl::opt<std::string>
    filterFormatFlag("filter-format",
                     cl::desc("hwoi (TF) | iohw (PyTorch, ONNX) | ohwi"),
                     cl::init("hwoi"), cl::cat(layerCategory));
static cl::opt<std::string> dilationsFlag("dilations", cl::desc("DH,DW"),
                                          cl::init("1,1"),
                                          cl::cat(layerCategory));
static cl::opt<std::string>
    outputPaddingFlag("output-padding",
                      cl::desc("A,B: Keras output_padding per spatial dim"),
                      cl::cat(layerCategory));
static cl::opt<std::string> outputShapeFlag(
    "output-shape",
    cl::desc("Output shape in the data format's order (tf.nn."
             "conv2d_transpose's output_shape), e.g. N,H,W,C"),
    cl::cat(layerCategory));
static cl::opt<std::string> activationFlag(
    "activation",
    cl::desc("none relu relu6 leaky_relu elu selu sigmoid hard_sigmoid tanh "
             "softplus softsign swish gelu"),
    cl::init("none"), cl::cat(layerCategory));
static cl::opt<double> alphaFlag("alpha",
                                 cl::desc("Slope of leaky_relu, scale of elu"),
                                 cl::cat(layerCategory));
static cl::opt<bool>
    checkFlag("check",
              cl::desc("Compare with the reference implementation and print "
                       "the max error"),
              cl::cat(runCategory));

static cl::list<std::string>
    argPaths("arg",
             cl::desc("File mode: .npy for the next function argument "
                      "(others get seeded random data)"),
             cl::value_desc("a.npy"), cl::cat(fileCategory));
static cl::list<std::string>
    outPaths("out", cl::desc("File mode: where to write the next result"),
             cl::value_desc("r.npy"), cl::cat(fileCategory));
static cl::opt<std::string>
    entryFlag("entry", cl::desc("File mode: function to run (default: the "
                                "first public function)"),
              cl::cat(fileCategory));

static cl::opt<unsigned> repetitions("repetitions",
                                     cl::desc("Timed runs after one warm-up"),
                                     cl::init(5), cl::cat(runCategory));
static cl::opt<unsigned> seedFlag("seed", cl::desc("Seed of random data"),
                                  cl::init(0), cl::cat(runCategory));

static cl::opt<std::string> dumpIRPath(
    "dump-ir",
    cl::desc("Write the compiled module, in the LLVM dialect, to FILE ('-': "
             "standard output)"),
    cl::value_desc("FILE"), cl::cat(runCategory));
static cl::opt<std::string>
    dumpObjectPath("dump-object",
                   cl::desc("Write the compiled machine code (an ELF object) "
                            "to FILE"),
                   cl::value_desc("FILE"), cl::cat(runCategory));

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//

/// Every file the run writes, opened (checked) before any work and written
/// together once the run succeeded.
struct Outputs {
  std::vector<OutputFile> files;
  std::vector<std::string> contents;
  /// Index in `files` of --output or the first --out, --dump-ir and
  /// --dump-object; -1 when not given.
  int firstResult = -1, ir = -1, object = -1;
};
static Outputs outputs;

/// The report: standard output, unless an output file is written there.
static llvm::raw_ostream *report = &llvm::outs();

/// Stages what --dump-ir and --dump-object ask for.
static void stageCompiledCode(const CompiledModule &compiled) {
  if (outputs.ir >= 0)
    outputs.contents[outputs.ir] = compiled.llvmDialectIR;
  if (outputs.object >= 0)
    outputs.contents[outputs.object] = compiled.object;
}

/// Opens every output file the flags name, in the order of `outputs`.
static llvm::Error openOutputs() {
  auto add = [&](StringRef path, int *index) -> llvm::Error {
    auto file = OutputFile::open(path);
    if (!file)
      return llvm::createStringError(path + ": " +
                                     llvm::toString(file.takeError()));
    for (const OutputFile &other : outputs.files)
      if (other.isSameFile(*file))
        return llvm::createStringError(path + ": named by two outputs");
    if (index)
      *index = outputs.files.size();
    outputs.files.push_back(std::move(*file));
    return llvm::Error::success();
  };
  for (StringRef path : outPaths)
    if (llvm::Error err = add(path, outputs.firstResult < 0
                                        ? &outputs.firstResult
                                        : nullptr))
      return err;
  if (!outputPath.empty())
    if (llvm::Error err = add(outputPath, &outputs.firstResult))
      return err;
  if (!dumpIRPath.empty())
    if (llvm::Error err = add(dumpIRPath, &outputs.ir))
      return err;
  if (!dumpObjectPath.empty())
    if (llvm::Error err = add(dumpObjectPath, &outputs.object))
      return err;
  outputs.contents.resize(outputs.files.size());
  for (const OutputFile &file : outputs.files)
    if (file.isStandardOutput())
      report = &llvm::errs();
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Prints `tconv-run: error: <where>: <what>` and returns the exit code 1.
static int fail(const llvm::Twine &where, const llvm::Twine &what) {
  llvm::errs() << "tconv-run: error: " << where << ": " << what << "\n";
  return 1;
}

/// Parses `N` comma-separated integers.
static std::optional<SmallVector<int64_t>> parseInts(StringRef text,
                                                     size_t n) {
  SmallVector<StringRef> parts;
  text.split(parts, ',');
  if (parts.size() != n)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (StringRef p : parts) {
    int64_t v;
    if (p.trim().getAsInteger(10, v))
      return std::nullopt;
    values.push_back(v);
  }
  return values;
}

/// Element kind of a .npy dtype.
static ElementKind getKind(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::F16:
    return ElementKind::F16;
  case NpyDType::F32:
    return ElementKind::F32;
  case NpyDType::F64:
    return ElementKind::F64;
  }
  return ElementKind::F32;
}

/// A result of `kind` (f16, f32 or f64) as a .npy file's bytes.
static std::string serializeResult(ArrayRef<int64_t> shape, ElementKind kind,
                                   std::vector<uint8_t> data) {
  NpyArray array;
  array.dtype = kind == ElementKind::F64   ? NpyDType::F64
                : kind == ElementKind::F16 ? NpyDType::F16
                                           : NpyDType::F32;
  array.shape.assign(shape.begin(), shape.end());
  array.data = std::move(data);
  return serializeNpy(array);
}

/// Milliseconds since `start`.
static double millisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

/// Runs `fn` once to warm up, then `repetitions` times; returns the median
/// wall time in milliseconds.
template <typename Fn> static double timeMedian(Fn fn) {
  fn();
  std::vector<double> times;
  for (unsigned i = 0; i < std::max(1u, unsigned(repetitions)); ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(millisSince(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

/// Fails unless `count` tensors of `shape` with `elementSize`-byte elements
/// fit in this machine's memory. Checked before allocating: std::vector
/// would abort on a failed allocation (LLVM's bad_alloc handler), or the
/// kernel would kill the process once the pages are touched.
static llvm::Error checkFitsInMemory(ArrayRef<int64_t> shape,
                                     int64_t elementSize, int64_t count = 1) {
  int64_t bytes = elementSize * count;
  bool overflow = false;
  for (int64_t d : shape)
    overflow |= llvm::MulOverflow(bytes, d, bytes);
  int64_t memory = static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) *
                   static_cast<int64_t>(sysconf(_SC_PAGE_SIZE));
  if (!overflow && bytes <= memory)
    return llvm::Error::success();
  return llvm::createStringError(
      "a tensor of shape " + formatShape(shape) + " needs " +
      (overflow ? std::string("more than 2^63") : std::to_string(bytes)) +
      " bytes, more than this machine's " + std::to_string(memory) +
      " bytes of memory");
}

//===----------------------------------------------------------------------===//
// One layer (default and layer mode)
//===----------------------------------------------------------------------===//

/// Buffers of one layer, in the kernel's element kind.
struct LayerBuffers {
  std::vector<uint8_t> input, filter, bias;
  bool hasBias = false;
};

/// Compares `got` with the reference, prints one line and returns the exit
/// code: 0 when every element is within the tolerance of `kind`.
static int printCheck(StringRef what, const std::vector<double> &got,
                      const reference::Expected &expected, ElementKind kind) {
  reference::CheckResult check =
      reference::checkOutput(got, expected, getReferenceTolerance(kind));
  *report << "check:    " << what << ": ";
  if (check.ok()) {
    *report << llvm::format(
        "all %lld elements match the reference (largest error %.2g of the "
        "tolerance)\n",
        static_cast<long long>(check.numElements), check.worstError);
    return 0;
  }
  *report << llvm::format(
      "MISMATCH in %lld of %lld elements; element %lld is %g, expected %g "
      "(%.3g times the tolerance)\n",
      static_cast<long long>(check.numMismatches),
      static_cast<long long>(check.numElements),
      static_cast<long long>(check.worstIndex), got[check.worstIndex],
      expected.values[check.worstIndex], check.worstError);
  return 1;
}

/// Compiles, runs, optionally checks and reports one layer; stages the
/// result for --output. Returns the exit code.
static int runLayer(TConvJIT &jit, const Conv2DTransposeLayer &layer,
                    ElementKind kind, const LayerBuffers &buffers,
                    bool check) {
  auto kernel = jit.getKernel(layer, kind);
  if (!kernel)
    return fail("invalid layer", llvm::toString(kernel.takeError()));
  // The output, and with --check the reference's f64 copy of it.
  int64_t elementSize = getElementSize(kind);
  if (llvm::Error err = checkFitsInMemory(
          layer.getOutputShape(), check ? elementSize + 8 : elementSize))
    return fail("output", llvm::toString(std::move(err)));
  std::vector<uint8_t> output(layer.getOutputNumElements() * elementSize);
  // Checked: NaN-filled, so an element the kernel does not write shows.
  if (check)
    for (int64_t i = 0; i < layer.getOutputNumElements(); ++i)
      storeElement(output.data(), i, std::nan(""), kind);
  const void *bias = buffers.hasBias ? buffers.bias.data() : nullptr;
  // Weights are prepared once (as a framework would per set of weights);
  // the runs are timed without it.
  std::vector<char> prepared(kernel->getPreparedFilterBytes());
  auto prepareStart = std::chrono::steady_clock::now();
  if (llvm::Error error =
          kernel->prepareFilter(buffers.filter.data(), prepared.data()))
    return fail("run", llvm::toString(std::move(error)));
  double prepareMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - prepareStart)
                         .count();
  llvm::Error runError = llvm::Error::success();
  double ms = timeMedian([&] {
    if (runError)
      return;
    runError = kernel->runPrepared(buffers.input.data(), prepared.data(), bias,
                                   output.data(), layer.batch);
  });
  if (runError)
    return fail("run", llvm::toString(std::move(runError)));

  *report << "layer:    " << layer.describe() << " ("
               << stringifyElementKind(kind) << ")\n";
  *report << "output:   " << formatShape(layer.getOutputShape()) << "\n";
  *report << llvm::format("compile:  %.1f ms\n", kernel->getCompileMillis());
  *report << llvm::format("weights:  prepared once in %.1f ms\n",
                               prepareMs);
  *report << llvm::format(
      "run:      %.3f ms median of %u, %.2f GFLOP/s\n", ms,
      std::max(1u, unsigned(repetitions)), layer.getUsefulFlops() / ms * 1e-6);

  int status = 0;
  if (check) {
    auto toDoubles = [&](const std::vector<uint8_t> &buf, int64_t n) {
      std::vector<double> v(n);
      for (int64_t i = 0; i < n; ++i)
        v[i] = loadElement(buf.data(), i, kind);
      return v;
    };
    reference::Expected expected = reference::computeExpected(
        layer, toDoubles(buffers.input, layer.getInputNumElements()),
        toDoubles(buffers.filter, layer.getFilterNumElements()),
        buffers.hasBias ? toDoubles(buffers.bias, layer.outChannels)
                        : std::vector<double>());
    status = printCheck(
        "result", toDoubles(output, layer.getOutputNumElements()), expected,
        kind);
  }
  if (outputs.firstResult >= 0)
    outputs.contents[outputs.firstResult] =
        serializeResult(layer.getOutputShape(), kind, std::move(output));
  stageCompiledCode(kernel->getCompiledModule());
  return status;
}

/// The built-in example: a DCGAN generator layer with a glorot_uniform
/// kernel (as tf.compat.v1.layers creates it) and a random bias (a trained
/// one: its zero initial value would hide a wrong bias from the check), on
/// seeded random input.
static int runDefault(TConvJIT &jit) {
  Conv2DTransposeLayer layer;
  layer.batch = 1;
  layer.inputSize = {8, 8};
  layer.inChannels = 512;
  layer.outChannels = 256;
  layer.kernelSize = {5, 5};
  layer.strides = {2, 2};
  layer.padding = Padding::Same;
  layer.hasBias = true;
  layer.activation = Activation::Relu;
  layer.inferOutputSize();

  std::mt19937 rng(seedFlag);
  LayerBuffers buffers;
  buffers.hasBias = true;
  auto fill = [&](std::vector<uint8_t> &buf, int64_t n, double limit) {
    std::uniform_real_distribution<double> dist(-limit, limit);
    buf.resize(n * 4);
    for (int64_t i = 0; i < n; ++i)
      storeElement(buf.data(), i, dist(rng), ElementKind::F32);
  };
  fill(buffers.input, layer.getInputNumElements(), 1.0);
  // Keras glorot_uniform on the [KH, KW, Cout, Cin] kernel: receptive field
  // KH*KW, fan_in = Cout * KH*KW, fan_out = Cin * KH*KW.
  double receptive = layer.kernelSize[0] * layer.kernelSize[1];
  double limit = std::sqrt(6.0 / (receptive * (layer.outChannels +
                                               layer.inChannels)));
  fill(buffers.filter, layer.getFilterNumElements(), limit);
  fill(buffers.bias, layer.outChannels, 0.1);

  // Print the op as a user would write it.
  OwningOpRef<ModuleOp> module = buildConv2DTransposeModule(
      &jit.getContext(), layer, ElementKind::F32, "dcgan_generator_layer");
  module->walk([](Conv2DTransposeOp op) {
    *report << "op:       ";
    op.print(*report);
    *report << "\n";
  });
  return runLayer(jit, layer, ElementKind::F32, buffers, /*check=*/true);
}

/// Layer mode: one conv2d_transpose on the user's .npy tensors.
static int runLayerMode(TConvJIT &jit) {
  if (filterPath.empty())
    return fail("--filter", "required with --input");
  if (stridesFlag.empty())
    return fail("--strides", "required with --input");
  if (paddingFlag.empty())
    return fail("--padding", "required with --input");
  if (outputPath.empty() && !checkFlag)
    return fail("--output", "required with --input (or use --check)");

  // Flags first: they are cheap to check.
  Conv2DTransposeLayer layer;
  auto strides = parseInts(stridesFlag, 2);
  if (!strides)
    return fail("--strides", "expected 'SH,SW', got '" + stridesFlag + "'");
  llvm::copy(*strides, layer.strides.begin());
  auto dilations = parseInts(dilationsFlag, 2);
  if (!dilations)
    return fail("--dilations", "expected 'DH,DW', got '" + dilationsFlag + "'");
  llvm::copy(*dilations, layer.dilations.begin());
  std::optional<Padding> padding = symbolizePadding(paddingFlag);
  if (!padding)
    return fail("--padding", "expected valid, same or explicit, got '" +
                                 paddingFlag + "'");
  layer.padding = *padding;
  if (!padsFlag.empty()) {
    auto pads = parseInts(padsFlag, 4);
    if (!pads)
      return fail("--pads", "expected 'T,B,L,R', got '" + padsFlag + "'");
    llvm::copy(*pads, layer.pads.begin());
  }
  std::optional<DataFormat> dataFormat = symbolizeDataFormat(dataFormatFlag);
  if (!dataFormat)
    return fail("--data-format", "expected channels_last or channels_first, "
                                 "got '" + dataFormatFlag + "'");
  layer.dataFormat = *dataFormat;
  std::optional<FilterFormat> filterFormat =
      symbolizeFilterFormat(filterFormatFlag);
  if (!filterFormat)
    return fail("--filter-format",
                "expected hwoi, iohw or ohwi, got '" + filterFormatFlag + "'");
  layer.filterFormat = *filterFormat;
  std::optional<Activation> activation = symbolizeActivation(activationFlag);
  if (!activation)
    return fail("--activation", "unknown activation '" + activationFlag + "'");
  layer.activation = *activation;
  if (alphaFlag.getNumOccurrences())
    layer.alpha = alphaFlag;
  if (!outputPaddingFlag.empty() && !outputShapeFlag.empty())
    return fail("--output-padding", "give either --output-padding or "
                                    "--output-shape, not both");

  // Then the tensors.
  auto input = readNpy(inputPath);
  if (!input)
    return fail(inputPath, llvm::toString(input.takeError()));
  auto filter = readNpy(filterPath);
  if (!filter)
    return fail(filterPath, llvm::toString(filter.takeError()));
  std::optional<NpyArray> bias;
  if (!biasPath.empty()) {
    auto b = readNpy(biasPath);
    if (!b)
      return fail(biasPath, llvm::toString(b.takeError()));
    bias = std::move(*b);
  }
  if (input->shape.size() != 4)
    return fail(inputPath, "expected a rank-4 input (" +
                               StringRef(layer.dataFormat ==
                                                 DataFormat::ChannelsLast
                                             ? "NHWC"
                                             : "NCHW") +
                               "), got shape (" +
                               formatShape(input->shape) + ")");
  if (filter->shape.size() != 4)
    return fail(filterPath, "expected a rank-4 filter, got shape (" +
                                formatShape(filter->shape) + ")");
  if (bias && bias->shape.size() != 1)
    return fail(biasPath, "expected a rank-1 bias, got shape (" +
                              formatShape(bias->shape) + ")");
  if (filter->dtype != input->dtype)
    return fail(filterPath, "element type " + getDescr(filter->dtype) +
                                " differs from the input's, " +
                                getDescr(input->dtype));
  if (bias && bias->dtype != input->dtype)
    return fail(biasPath, "element type " + getDescr(bias->dtype) +
                              " differs from the input's, " +
                              getDescr(input->dtype));
  for (int64_t d : input->shape)
    if (d == 0)
      return fail(inputPath, "empty tensor (shape " +
                                 formatShape(input->shape) + ")");

  // Sizes from the tensors, as the formats lay them out.
  bool nchw = layer.dataFormat == DataFormat::ChannelsFirst;
  ArrayRef<int64_t> in = input->shape, fil = filter->shape;
  layer.batch = in[0];
  layer.inChannels = nchw ? in[1] : in[3];
  layer.inputSize = {nchw ? in[2] : in[1], nchw ? in[3] : in[2]};
  switch (layer.filterFormat) {
  case FilterFormat::HWOI:
    layer.kernelSize = {fil[0], fil[1]};
    layer.outChannels = fil[2];
    break;
  case FilterFormat::IOHW:
    layer.kernelSize = {fil[2], fil[3]};
    layer.outChannels = fil[1];
    break;
  case FilterFormat::OHWI:
    layer.kernelSize = {fil[1], fil[2]};
    layer.outChannels = fil[0];
    break;
  }
  layer.hasBias = bias.has_value();
  SmallVector<int64_t> outputShape;
  if (!outputShapeFlag.empty()) {
    auto shape = parseInts(outputShapeFlag, 4);
    if (!shape)
      return fail("--output-shape", "expected 4 integers, got '" +
                                        outputShapeFlag + "'");
    outputShape = *shape;
    layer.outputSize = {nchw ? outputShape[2] : outputShape[1],
                        nchw ? outputShape[3] : outputShape[2]};
  } else {
    std::optional<std::array<int64_t, 2>> outputPadding;
    if (!outputPaddingFlag.empty()) {
      auto op = parseInts(outputPaddingFlag, 2);
      if (!op)
        return fail("--output-padding",
                    "expected 'A,B', got '" + outputPaddingFlag + "'");
      outputPadding = std::array<int64_t, 2>{(*op)[0], (*op)[1]};
    }
    layer.inferOutputSize(outputPadding);
    outputShape = layer.getOutputShape();
  }

  // The op on the tensors' own shapes, so the verifier judges them.
  {
    MLIRContext &ctx = jit.getContext();
    DiagnosticCollector diagnostics(&ctx);
    OpBuilder b(&ctx);
    Location loc = b.getUnknownLoc();
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module->getBody());
    Type element = getElementType(&ctx, getKind(input->dtype));
    SmallVector<Type> types = {RankedTensorType::get(in, element),
                               RankedTensorType::get(fil, element)};
    if (bias)
      types.push_back(RankedTensorType::get(bias->shape, element));
    if (!outputShapeFlag.empty() &&
        llvm::any_of(outputShape, [](int64_t d) { return d < 1; }))
      return fail("--output-shape", "expected sizes >= 1, got '" +
                                        outputShapeFlag + "'");
    // An inferred length below 1 is clamped so the verifier can judge the
    // attributes (e.g. a zero stride); if they pass, it is reported below.
    SmallVector<int64_t> verifiedShape = llvm::map_to_vector(
        outputShape, [](int64_t d) { return std::max<int64_t>(d, 1); });
    auto func =
        func::FuncOp::create(b, loc, "layer", b.getFunctionType(types, {}));
    Block *body = func.addEntryBlock();
    b.setInsertionPointToEnd(body);
    Conv2DTransposeOp::create(b, loc,
                              RankedTensorType::get(verifiedShape, element),
                              layer, body->getArgument(0),
                              body->getArgument(1),
                              bias ? body->getArgument(2) : Value());
    func::ReturnOp::create(b, loc);
    if (failed(verify(*module)))
      return fail("invalid layer", diagnostics.str());
    if (verifiedShape != outputShape)
      return fail(outputPaddingFlag.empty() ? "--pads" : "--output-padding",
                  "the output would be empty (" + formatShape(outputShape) +
                      "); give --output-shape");
  }

  LayerBuffers buffers;
  buffers.input = std::move(input->data);
  buffers.filter = std::move(filter->data);
  if (bias) {
    buffers.hasBias = true;
    buffers.bias = std::move(bias->data);
  }
  return runLayer(jit, layer, getKind(input->dtype), buffers, checkFlag);
}

//===----------------------------------------------------------------------===//
// File mode
//===----------------------------------------------------------------------===//

/// Name of the wrapper the file mode adds around the entry function.
static constexpr llvm::StringLiteral kWrapperName = "tconv_run_main";

/// Adds `func.func @tconv_run_main(args..., results...)` on memrefs of
/// `types` (the entry's, with the batch of the run) that calls `entry` and
/// materializes its results into the trailing memrefs.
static void addMemRefWrapper(ModuleOp module, func::FuncOp entry,
                             ArrayRef<RankedTensorType> types) {
  OpBuilder b(module.getContext());
  Location loc = entry.getLoc();
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> memrefs = llvm::map_to_vector(types, [](RankedTensorType t) {
    return Type(MemRefType::get(t.getShape(), t.getElementType()));
  });
  auto wrapper = func::FuncOp::create(b, loc, kWrapperName,
                                      b.getFunctionType(memrefs, {}));
  wrapper->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                   b.getUnitAttr());
  Block *body = wrapper.addEntryBlock();
  b.setInsertionPointToEnd(body);
  // tensor.cast bridges a dynamic batch and the run's.
  auto castTo = [&](Value v, Type type) -> Value {
    return v.getType() == type ? v : tensor::CastOp::create(b, loc, type, v);
  };
  unsigned numArgs = entry.getNumArguments();
  SmallVector<Value> args;
  for (unsigned i = 0; i < numArgs; ++i)
    args.push_back(castTo(
        bufferization::ToTensorOp::create(b, loc, types[i],
                                          body->getArgument(i),
                                          /*restrict=*/true),
        entry.getArgumentTypes()[i]));
  auto call = func::CallOp::create(b, loc, entry, args);
  for (auto [i, result] : llvm::enumerate(call.getResults()))
    bufferization::MaterializeInDestinationOp::create(
        b, loc, Type(), castTo(result, types[numArgs + i]),
        body->getArgument(numArgs + i),
        /*restrict=*/true, /*writable=*/true);
  func::ReturnOp::create(b, loc);
  entry.setPrivate();
}

/// File mode's --check: the reference of each result of `entry`, a function
/// of tconv.conv2d_transpose ops on its arguments (`args`, as doubles). Each
/// op's result is rounded to its element type, as the kernel stores it, and
/// carries the scales of its terms into the next op's tolerance.
static llvm::Expected<std::vector<reference::Expected>>
computeFileReference(func::FuncOp entry,
                     const std::vector<std::vector<double>> &args) {
  llvm::DenseMap<Value, reference::Expected> values;
  for (auto [arg, data] : llvm::zip(entry.getArguments(), args)) {
    reference::Expected &value = values[arg];
    value.values = data;
    value.scales = data;
    for (double &scale : value.scales)
      scale = std::abs(scale);
  }
  auto unsupported = [&](Operation *op) {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "file mode checks functions of tconv.conv2d_transpose ops on the "
        "function's arguments; @" +
            entry.getName() + " has '" + op->getName().getStringRef() + "'");
  };
  std::vector<reference::Expected> results;
  for (Operation &op : entry.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands()) {
        if (!values.count(v))
          return unsupported(&op);
        results.push_back(values[v]);
      }
      continue;
    }
    auto conv = dyn_cast<Conv2DTransposeOp>(op);
    FailureOr<Conv2DTransposeLayer> layer =
        conv ? conv.getLayer() : FailureOr<Conv2DTransposeLayer>(failure());
    if (!conv || failed(layer) ||
        llvm::any_of(op.getOperands(), [&](Value v) { return !values.count(v); }))
      return unsupported(&op);
    const reference::Expected &x = values[conv.getInput()];
    // A dynamic batch is the run's, from the input's size.
    if (ShapedType::isDynamic(layer->batch))
      layer->batch = x.values.size() / (layer->inChannels *
                                        layer->inputSize[0] *
                                        layer->inputSize[1]);
    std::vector<double> bias =
        conv.getBias() ? values[conv.getBias()].values : std::vector<double>();
    reference::Expected y = reference::computeExpected(
        *layer, x.values, values[conv.getFilter()].values, bias, x.scales);
    ElementKind kind =
        *getElementKind(cast<RankedTensorType>(conv.getType()).getElementType());
    uint8_t scratch[8];
    for (double &v : y.values) {
      storeElement(scratch, 0, v, kind);
      v = loadElement(scratch, 0, kind);
    }
    values[conv.getResult()] = std::move(y);
  }
  return results;
}

static int runFileMode(TConvJIT &jit) {
  MLIRContext &ctx = jit.getContext();
  ctx.getOrLoadDialect<tensor::TensorDialect>();
  DiagnosticCollector diagnostics(&ctx);
  llvm::SourceMgr sourceMgr;
  auto file = llvm::MemoryBuffer::getFile(modelFile);
  if (!file)
    return fail(modelFile, "cannot read: " + file.getError().message());
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &ctx);
  if (!module)
    return fail(modelFile, diagnostics.str());
  if (failed(verify(*module)))
    return fail(modelFile, diagnostics.str());

  func::FuncOp entry;
  module->walk([&](func::FuncOp f) {
    if (entry || f.isExternal())
      return;
    if (entryFlag.empty() ? f.isPublic() : f.getName() == entryFlag)
      entry = f;
  });
  if (!entry)
    return fail(modelFile, entryFlag.empty()
                               ? "no public function with a body"
                               : "no function named '" + entryFlag + "'");
  // What front ends emit (TOSA, the zero-insertion idiom) becomes tconv ops
  // first, so that --check's reference sees the layers the kernels compute.
  {
    PassManager import(&ctx);
    buildTConvImportPipeline(import);
    import.addNestedPass<func::FuncOp>(createCanonicalizerPass());
    if (failed(import.run(*module)))
      return fail(modelFile, diagnostics.str());
  }
  std::string where = (modelFile + ": @" + entry.getName()).str();
  // Static float tensors, but for a dynamic batch (dimension 0).
  SmallVector<RankedTensorType> types;
  bool dynamicBatch = false;
  for (Type t : llvm::concat<const Type>(entry.getArgumentTypes(),
                                         entry.getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    if (!tensor || !getElementKind(tensor.getElementType()) ||
        llvm::any_of(tensor.getShape().drop_front(), ShapedType::isDynamic))
      return fail(where, "arguments and results must be f16/bf16/f32/f64 "
                         "tensors, static but for the batch; got " +
                             llvm::Twine(debugString(t)));
    dynamicBatch |= tensor.getRank() > 0 && tensor.isDynamicDim(0);
    types.push_back(tensor);
  }
  unsigned numArgs = entry.getNumArguments();
  if (argPaths.size() > numArgs)
    return fail("--arg", "more files (" + Twine(argPaths.size()) + ") than @" +
                             entry.getName() + " has arguments (" +
                             Twine(numArgs) + ")");
  if (outPaths.size() > entry.getNumResults())
    return fail("--out", "more files (" + Twine(outPaths.size()) + ") than @" +
                             entry.getName() + " has results (" +
                             Twine(entry.getNumResults()) + ")");
  for (auto [i, path] : llvm::enumerate(outPaths))
    if (types[numArgs + i].getElementType().isBF16())
      return fail(path, "result #" + Twine(i) + " is bf16, which .npy has "
                        "no type for");

  // The --arg arrays, which also give a dynamic batch its size.
  std::vector<NpyArray> arrays;
  std::optional<int64_t> batch;
  for (auto [i, path] : llvm::enumerate(argPaths)) {
    auto array = readNpy(path);
    if (!array)
      return fail(path, llvm::toString(array.takeError()));
    RankedTensorType type = types[i];
    std::string expected = "argument #" + std::to_string(i) + " of type " +
                           debugString(type);
    if (array->shape.size() != size_t(type.getRank()) ||
        !llvm::all_of(llvm::zip(array->shape, type.getShape()), [](auto p) {
          return ShapedType::isDynamic(std::get<1>(p)) ||
                 std::get<0>(p) == std::get<1>(p);
        }))
      return fail(path, "shape (" + formatShape(array->shape) +
                            ") does not match " + expected);
    if (getElementType(&ctx, getKind(array->dtype)) != type.getElementType())
      return fail(path, "element type " + getDescr(array->dtype) +
                            " does not match " + expected);
    if (type.getRank() > 0 && type.isDynamicDim(0)) {
      if (batch && *batch != array->shape[0])
        return fail(path, "batch " + Twine(array->shape[0]) +
                              " differs from the other arguments' (" +
                              Twine(*batch) + ")");
      batch = array->shape[0];
    }
    arrays.push_back(std::move(*array));
  }
  if (dynamicBatch && !batch)
    return fail(where, "has a dynamic batch: give an argument with one "
                       "through --arg");
  if (batch && *batch == 0)
    return fail("--arg", "the batch is 0");
  for (RankedTensorType &t : types)
    if (t.getRank() > 0 && t.isDynamicDim(0)) {
      SmallVector<int64_t> shape(t.getShape());
      shape[0] = *batch;
      t = RankedTensorType::get(shape, t.getElementType());
    }

  // Buffers: .npy files where given, seeded random data elsewhere.
  auto kindOf = [](RankedTensorType t) {
    return *getElementKind(t.getElementType());
  };
  for (auto [i, t] : llvm::enumerate(types))
    if (llvm::Error err = checkFitsInMemory(t.getShape(),
                                            getElementSize(kindOf(t))))
      return fail(where, "value #" + llvm::Twine(i) + ": " +
                             llvm::toString(std::move(err)));
  std::mt19937 rng(seedFlag);
  std::vector<std::vector<uint8_t>> buffers;
  for (auto [i, type] : llvm::enumerate(ArrayRef(types).take_front(numArgs))) {
    if (i < arrays.size()) {
      buffers.push_back(std::move(arrays[i].data));
      continue;
    }
    ElementKind kind = kindOf(type);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    std::vector<uint8_t> data(type.getNumElements() * getElementSize(kind));
    for (int64_t j = 0; j < type.getNumElements(); ++j)
      storeElement(data.data(), j, dist(rng), kind);
    buffers.push_back(std::move(data));
  }
  ArrayRef<RankedTensorType> resultTypes = ArrayRef(types).drop_front(numArgs);
  for (RankedTensorType t : resultTypes)
    buffers.emplace_back(t.getNumElements() * getElementSize(kindOf(t)));

  // Checked: the reference first (the pipeline rewrites the function), and
  // the results NaN-filled, so an element the kernels do not write shows.
  std::vector<reference::Expected> expected;
  if (checkFlag) {
    std::vector<std::vector<double>> args;
    for (auto [i, t] : llvm::enumerate(ArrayRef(types).take_front(numArgs))) {
      std::vector<double> &arg = args.emplace_back(t.getNumElements());
      for (int64_t j = 0; j < t.getNumElements(); ++j)
        arg[j] = loadElement(buffers[i].data(), j, kindOf(t));
    }
    auto reference = computeFileReference(entry, args);
    if (!reference)
      return fail("--check", llvm::toString(reference.takeError()));
    expected = std::move(*reference);
    for (auto [i, t] : llvm::enumerate(resultTypes)) {
      std::vector<uint8_t> &buf = buffers[numArgs + i];
      for (int64_t j = 0; j < t.getNumElements(); ++j)
        storeElement(buf.data(), j, std::nan(""), kindOf(t));
    }
  }

  // The pipeline inlines and erases the entry: keep its name.
  std::string entryName = entry.getName().str();
  addMemRefWrapper(*module, entry, types);
  auto start = std::chrono::steady_clock::now();
  auto compiled = TConvJIT::compileModule(*module, jit.getOptions());
  if (!compiled)
    return fail(modelFile, llvm::toString(compiled.takeError()));
  ExecutionEngine &engine = *compiled->engine;
  std::string symbol = ("_mlir_ciface_" + kWrapperName).str();
  if (auto lookup = engine.lookup(symbol); !lookup)
    return fail(modelFile, llvm::toString(lookup.takeError()));
  double compileMs = millisSince(start);
  stageCompiledCode(*compiled);

  // One ranked memref descriptor per buffer, of the rank of its type.
  SmallVector<MemRefDescriptor> descriptors;
  for (auto [t, buf] : llvm::zip(types, buffers))
    descriptors.emplace_back(buf.data(), t.getShape());
  std::vector<void *> descriptorPtrs;
  for (MemRefDescriptor &d : descriptors)
    descriptorPtrs.push_back(d.get());
  SmallVector<void *> packed;
  for (void *&p : descriptorPtrs)
    packed.push_back(&p);
  llvm::Error runError = llvm::Error::success();
  double ms = timeMedian([&] {
    if (!runError)
      runError = engine.invokePacked(symbol, packed);
  });
  if (runError)
    return fail(modelFile, llvm::toString(std::move(runError)));

  *report << "function: @" << entryName << " from " << modelFile << "\n";
  *report << llvm::format("compile:  %.1f ms\n", compileMs);
  *report << llvm::format("run:      %.3f ms median of %u\n", ms,
                          std::max(1u, unsigned(repetitions)));
  int status = 0;
  for (auto [i, type] : llvm::enumerate(resultTypes)) {
    const std::vector<uint8_t> &buf = buffers[numArgs + i];
    std::vector<double> got(type.getNumElements());
    double sum = 0;
    for (int64_t j = 0; j < type.getNumElements(); ++j)
      sum += got[j] = loadElement(buf.data(), j, kindOf(type));
    *report << "result " << i << ": " << debugString(type) << ", sum " << sum
            << "\n";
    if (checkFlag)
      status |= printCheck(("result " + Twine(i)).str(), got, expected[i],
                           kindOf(type));
    // Checked above: not bf16.
    if (i < outPaths.size())
      outputs.contents[outputs.firstResult + i] = serializeResult(
          type.getShape(), kindOf(type), std::move(buffers[numArgs + i]));
  }
  return status;
}

/// Fails when a flag of another mode than the one chosen was given.
static int checkModeFlags(bool fileMode, bool layerMode) {
  std::initializer_list<cl::Option *> layerFlags = {
      &filterPath,       &biasPath,          &outputPath,
      &stridesFlag,      &paddingFlag,       &padsFlag,
      &dataFormatFlag,   &filterFormatFlag,  &dilationsFlag,
      &outputPaddingFlag, &outputShapeFlag,  &activationFlag,
      &alphaFlag};
  // cl::list overloads operator&.
  std::initializer_list<cl::Option *> fileFlags = {
      std::addressof(argPaths), std::addressof(outPaths), &entryFlag};
  if (fileMode && inputPath.getNumOccurrences())
    return fail("--input", "is a layer-mode flag; a model file takes its "
                           "arguments from --arg");
  for (cl::Option *o : layerFlags)
    if (!layerMode && o->getNumOccurrences())
      return fail("--" + o->ArgStr,
                  fileMode ? "is a layer-mode flag (--input ...), not for a "
                             "model file"
                           : "is a layer-mode flag: it needs --input");
  for (cl::Option *o : fileFlags)
    if (!fileMode && o->getNumOccurrences())
      return fail("--" + o->ArgStr, "is a file-mode flag: it needs a model "
                                    "file (tconv-run model.mlir ...)");
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions({&layerCategory, &fileCategory, &runCategory});
  SmallVector<char *> args;
  unsigned threads = 1;
  if (llvm::Error error = takeThreadsFlag(argc, argv, args, threads))
    return fail("--threads", llvm::toString(std::move(error)));
  cl::ParseCommandLineOptions(
      args.size(), args.data(),
      "TConv JIT runner: compile and run TensorFlow-style conv2d_transpose\n\n"
      "  tconv-run                     run the built-in DCGAN generator layer\n"
      "  tconv-run --input x.npy --filter w.npy --strides 2,2 --padding same "
      "--output y.npy\n"
      "                                one layer on .npy tensors\n"
      "  tconv-run model.mlir [--arg a.npy]... [--out r.npy]...\n"
      "                                a function of tconv ops (or TOSA, or the\n"
      "                                zero-insertion idiom, imported first)\n"
      "  --threads N                   threads the kernels share output rows "
      "among (OpenMP; default 1;\n"
      "                                at most the cores this process may "
      "use)\n\n"
      "Output files are checked before the compile and written only when "
      "the run\nsucceeded (exit 0), each atomically where it is a regular "
      "file; a symlink is\nfollowed, a device or FIFO written through, a "
      "read-only file refused.\n");
  bool fileMode = !modelFile.empty();
  bool layerMode = !fileMode && !inputPath.empty();
  if (int status = checkModeFlags(fileMode, layerMode))
    return status;
  threads = capThreads("tconv-run", threads, getHostTarget().cores);
  if (llvm::Error error = openOutputs()) {
    llvm::errs() << "tconv-run: error: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  KernelOptions options;
  options.threads = threads;
  options.keepCode = outputs.ir >= 0 || outputs.object >= 0;
  TConvJIT jit(options);
  int status = fileMode    ? runFileMode(jit)
               : layerMode ? runLayerMode(jit)
                           : runDefault(jit);
  if (status != 0)
    return status; // The outputs' destructors remove their temporaries.
  if (llvm::Error error = writeAll(outputs.files, outputs.contents)) {
    llvm::errs() << "tconv-run: error: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  for (const OutputFile &file : outputs.files)
    *report << "wrote:    " << file.getPath() << "\n";
  return 0;
}
