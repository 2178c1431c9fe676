//===- TConvToLinalg.cpp - Lower conv2d_transpose to linalg ---------------===//
//
// The polyphase decomposition of DESIGN.md ("Lowering without zero
// multiplies"). Per spatial dimension, the outputs split into `s` phases; a
// phase receives a strided subset of the taps and is a dense stride-1
// convolution. Each phase is cut further into segments whose outputs see the
// same tap range, so that no contraction reads a zero the layer does not have
// (no dilated input, no padded border, no kernel padded to a multiple of s).
// A 2-D segment is the product of an H segment and a W segment.
//
// Upstream has nothing to reuse here: linalg's transposed convolutions are
// reached only through zero insertion (StableHLO, torch-mlir) or TOSA's
// kernel-padding reshape, both of which multiply zeros.
//
//===----------------------------------------------------------------------===//

#include "TConv/Conversion/TConvToLinalg.h"

#include "TConv/Conversion/Passes.h"
#include "TConv/Dialect/TConvOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

#include <limits>
#include <numeric>
#include <tuple>

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVTOLINALGPASS
#include "TConv/Conversion/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

//===----------------------------------------------------------------------===//
// Phase segments (one spatial dimension)
//===----------------------------------------------------------------------===//

SmallVector<PhaseSegment>
tconv::getPhaseSegments(int64_t input, int64_t output, int64_t kernel,
                        int64_t stride, int64_t dilation, int64_t padBefore,
                        bool padded) {
  SmallVector<PhaseSegment> segments;
  int64_t tapStep = stride / std::gcd(dilation, stride);
  int64_t inputStep = tapStep * dilation / stride;
  for (int64_t phase = 0; phase < std::min(stride, output); ++phase) {
    int64_t numQ = llvm::divideCeil(output - phase, stride);
    // Full-result position of the phase's first output, and its first tap.
    int64_t full = phase + padBefore;
    int64_t firstTap = -1;
    for (int64_t k = 0; k < std::min(kernel, tapStep) && firstTap < 0; ++k)
      if (llvm::mod(full - k * dilation, stride) == 0)
        firstTap = k;
    if (firstTap < 0) {
      segments.push_back({phase, numQ, 0, 0, tapStep, 0, inputStep});
      continue;
    }
    int64_t numTaps = (kernel - 1 - firstTap) / tapStep + 1;
    // Output q, tap j read input q + base - j * inputStep.
    int64_t base = (full - firstTap * dilation) / stride;
    if (padded) {
      segments.push_back(
          {phase, numQ, firstTap, numTaps, tapStep, base, inputStep});
      continue;
    }
    auto tapRange = [&](int64_t q) -> std::pair<int64_t, int64_t> {
      int64_t lo = std::max<int64_t>(
          0, llvm::divideCeilSigned(q + base - input + 1, inputStep));
      int64_t hi = std::min<int64_t>(
          numTaps - 1, llvm::divideFloorSigned(q + base, inputStep));
      if (lo > hi)
        return {0, -1};
      return {lo, hi};
    };
    for (int64_t q = 0; q < numQ;) {
      auto [lo, hi] = tapRange(q);
      int64_t end = q + 1;
      while (end < numQ && tapRange(end) == std::make_pair(lo, hi))
        ++end;
      PhaseSegment seg;
      seg.firstOutput = phase + q * stride;
      seg.numOutputs = end - q;
      seg.numTaps = hi - lo + 1;
      seg.tapStep = tapStep;
      seg.inputStep = inputStep;
      if (seg.numTaps > 0) {
        seg.firstTap = firstTap + lo * tapStep;
        seg.firstInput = q + base - lo * inputStep;
      }
      segments.push_back(seg);
      q = end;
    }
  }
  return segments;
}

/// The segments of one spatial dimension of `layer` (0 = H, 1 = W).
static SmallVector<PhaseSegment>
getLayerPhaseSegments(const Conv2DTransposeLayer &layer, unsigned dim,
                      bool padded) {
  return getPhaseSegments(layer.inputSize[dim], layer.outputSize[dim],
                          layer.kernelSize[dim], layer.strides[dim],
                          layer.dilations[dim], layer.getPadBefore(dim),
                          padded);
}

static SmallVector<PhaseSegment> withTaps(ArrayRef<PhaseSegment> segments) {
  return llvm::filter_to_vector(
      segments, [](const PhaseSegment &s) { return s.numTaps > 0; });
}

namespace {
/// Consecutive phases of one dimension whose padded segments differ only in
/// where they start: phase `g` of the group (0 <= g < count) has its first
/// output, tap and input at those of `first` plus g, g * tapDelta and
/// g * inputDelta. One contraction in an scf.forall over g computes them
/// all: one op to compile instead of `count` (fcn_up8: 64 -> 1) and one
/// parallel loop instead of a fork/join per phase.
struct PhaseGroup {
  PhaseSegment first;
  int64_t count = 1;
  int64_t tapDelta = 0;
  int64_t inputDelta = 0;
};

/// Phase `index` of a PhaseGroup (null: the segment itself).
struct PhaseShift {
  Value index;
  int64_t tapDelta = 0, inputDelta = 0;
};
} // namespace

/// Groups the consecutive phases of padded `segments` (one per phase, in
/// phase order) that have as many outputs and taps and start at evenly
/// spaced taps and inputs.
static SmallVector<PhaseGroup> groupPhases(ArrayRef<PhaseSegment> segments) {
  SmallVector<PhaseGroup> groups;
  for (const PhaseSegment &seg : segments) {
    if (!groups.empty()) {
      PhaseGroup &group = groups.back();
      const PhaseSegment &first = group.first;
      int64_t tapDelta = seg.firstTap - first.firstTap;
      int64_t inputDelta = seg.firstInput - first.firstInput;
      bool evenlySpaced =
          group.count == 1 || (tapDelta == group.count * group.tapDelta &&
                               inputDelta == group.count * group.inputDelta);
      if (seg.numTaps > 0 && seg.numTaps == first.numTaps &&
          seg.numOutputs == first.numOutputs &&
          seg.firstOutput == first.firstOutput + group.count && evenlySpaced) {
        if (group.count == 1) {
          group.tapDelta = tapDelta;
          group.inputDelta = inputDelta;
        }
        ++group.count;
        continue;
      }
    }
    groups.push_back({seg});
  }
  return groups;
}

int64_t tconv::getNumContractionSegments(const Conv2DTransposeLayer &layer,
                                         PaddedDims padded) {
  return static_cast<int64_t>(
             withTaps(getLayerPhaseSegments(layer, 0, padded.rows)).size()) *
         static_cast<int64_t>(
             withTaps(getLayerPhaseSegments(layer, 1, padded.cols)).size());
}

int64_t tconv::getNumTapProducts(const Conv2DTransposeLayer &layer,
                                 PaddedDims padded) {
  // A 2-D segment is the product of its H and W segments, so the total is
  // the product of the per-dimension sums. Sizes are verified below 2^31.
  int64_t total = 1;
  for (unsigned dim : {0u, 1u}) {
    int64_t sum = 0;
    for (const PhaseSegment &seg : getLayerPhaseSegments(
             layer, dim, dim == 0 ? padded.rows : padded.cols))
      sum += seg.numOutputs * seg.numTaps;
    if (llvm::MulOverflow(total, sum, total))
      return std::numeric_limits<int64_t>::max();
  }
  return total;
}

/// Zeros padded segments read before and after the input along `dim`.
static std::pair<int64_t, int64_t>
getInputPadding(const Conv2DTransposeLayer &layer, unsigned dim,
                ArrayRef<PhaseSegment> paddedSegments) {
  int64_t low = 0, high = 0;
  for (const PhaseSegment &seg : paddedSegments) {
    if (seg.numTaps == 0)
      continue;
    int64_t first = seg.firstInput - (seg.numTaps - 1) * seg.inputStep;
    int64_t end = seg.firstInput + seg.numOutputs;
    low = std::max(low, -first);
    high = std::max(high, end - layer.inputSize[dim]);
  }
  return {low, high};
}

/// Whether Auto keeps the rows of `layer` exact once it pads its phases
/// (see PhaseBorders::Auto).
static bool keepsExactRows(const Conv2DTransposeLayer &layer,
                           double filterElements) {
  if (layer.outChannels < kMaxColumnsInnerChannels ||
      getNumContractionSegments(layer, PaddedDims{false, true}) >
          kPaddedMinExactSegments)
    return false;
  // Each segment is more code to compile: worth it for the zeros of a few
  // rows per phase, not when the padded row phases are one group.
  double paddedMacs = static_cast<double>(getNumTapProducts(layer, true));
  double exactRowsMacs =
      static_cast<double>(getNumTapProducts(layer, PaddedDims{false, true}));
  SmallVector<PhaseSegment> paddedRows =
      withTaps(getLayerPhaseSegments(layer, 0, true));
  if (paddedMacs < exactRowsMacs * (1 + kExactRowsMinSavings) ||
      groupPhases(paddedRows).size() < paddedRows.size())
    return false;
  int64_t colsPerPhase =
      llvm::divideCeilSigned(layer.outputSize[1], layer.strides[1]);
  return filterElements <= kExactRowsMaxFilterElements ||
         ShapedType::isDynamic(layer.batch) ||
         layer.batch * colsPerPhase >= kExactRowsMinReuse;
}

PaddedDims tconv::getPaddedDims(const Conv2DTransposeLayer &layer,
                                PhaseBorders borders) {
  if (borders == PhaseBorders::Exact)
    return {};
  // The padded copy of the input stays within about twice its size: a
  // large dilation would pad by millions of zeros (exact borders instead).
  for (unsigned dim : {0u, 1u}) {
    if (dim == 0 && borders == PhaseBorders::ExactRows)
      continue;
    auto [low, high] =
        getInputPadding(layer, dim, getLayerPhaseSegments(layer, dim, true));
    if (low + high > layer.inputSize[dim] + kMaxExtraPadding)
      return {};
  }
  if (borders == PhaseBorders::Padded)
    return {true, true};
  if (borders == PhaseBorders::ExactRows)
    return {false, true};
  double exact = static_cast<double>(getNumTapProducts(layer, false));
  double padded = static_cast<double>(getNumTapProducts(layer, true));
  if (padded > exact * (1 + kMaxPaddedOverhead))
    return {};
  double filterElements = static_cast<double>(layer.kernelSize[0]) *
                          layer.kernelSize[1] * layer.inChannels *
                          layer.outChannels;
  if (filterElements < kPaddedMinFilterElements &&
      getNumContractionSegments(layer, false) <= kPaddedMinExactSegments &&
      layer.outChannels >= kMaxColumnsInnerChannels)
    return {};
  if (keepsExactRows(layer, filterElements))
    return {false, true};
  return {true, true};
}

LogicalResult
tconv::checkContractionSegmentLimit(const Conv2DTransposeLayer &layer,
                                    Location loc, PhaseBorders borders) {
  int64_t n = getNumContractionSegments(layer, getPaddedDims(layer, borders));
  if (n <= kMaxContractionSegments)
    return success();
  return emitError(loc) << "conv2d_transpose decomposes into " << n
                        << " contraction segments, more than the "
                        << kMaxContractionSegments << " TConv lowers (strides "
                        << formatShape(layer.strides) << " with kernel "
                        << formatShape(layer.kernelSize) << ")";
}

/// The group of all of `layer`'s column phases when one contraction computes
/// them side by side (see getFoldedColumnPhases).
static std::optional<PhaseGroup>
getFoldedColumnGroup(const Conv2DTransposeLayer &layer, PhaseBorders borders) {
  int64_t stride = layer.strides[1];
  if (layer.dataFormat != DataFormat::ChannelsLast || stride < 2 ||
      layer.outChannels < kMaxColumnsInnerChannels ||
      layer.outChannels % kFoldColumnPhasesLanes == 0)
    return std::nullopt;
  SmallVector<PhaseSegment> cols =
      getLayerPhaseSegments(layer, 1, getPaddedDims(layer, borders).cols);
  if (static_cast<int64_t>(cols.size()) != stride)
    return std::nullopt;
  SmallVector<PhaseGroup> groups = groupPhases(cols);
  const PhaseGroup &group = groups.front();
  if (groups.size() != 1 || group.count != stride || group.inputDelta != 0 ||
      group.first.firstOutput != 0 || group.first.numTaps == 0 ||
      group.first.numOutputs * stride != layer.outputSize[1])
    return std::nullopt;
  return group;
}

int64_t tconv::getFoldedColumnPhases(const Conv2DTransposeLayer &layer,
                                     PhaseBorders borders) {
  std::optional<PhaseGroup> group = getFoldedColumnGroup(layer, borders);
  return group ? group->count : 0;
}

//===----------------------------------------------------------------------===//
// Scalar helpers
//===----------------------------------------------------------------------===//

/// dest[i] = source[readMap(i)]: a linalg.generic copy over `dest`'s
/// iteration space (identity write, `readMap` from it into `source`).
static Value buildGatherCopy(OpBuilder &b, Location loc, Value source,
                             Value dest, AffineMap readMap) {
  unsigned rank = readMap.getNumDims();
  return linalg::GenericOp::create(
             b, loc, dest.getType(), ValueRange{source}, ValueRange{dest},
             ArrayRef<AffineMap>{readMap, AffineMap::getMultiDimIdentityMap(
                                              rank, b.getContext())},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

/// Converts a float `value` to `type` (extf, truncf or nothing).
static Value convertFloat(OpBuilder &b, Location loc, Value value, Type type) {
  unsigned from = value.getType().getIntOrFloatBitWidth();
  unsigned to = type.getIntOrFloatBitWidth();
  if (from < to)
    return arith::ExtFOp::create(b, loc, type, value);
  if (from > to)
    return arith::TruncFOp::create(b, loc, type, value);
  return value;
}

/// Emits the activation of `x` (f32 or f64), in the forms of the reference.
/// One statement per op, so the emitted order does not depend on the C++
/// compiler's order of evaluating arguments.
static Value buildActivation(OpBuilder &b, Location loc, Activation activation,
                             double alpha, Value x) {
  Type type = x.getType();
  auto cst = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
  };
  auto sigmoid = [&](Value v) -> Value {
    Value one = cst(1);
    Value neg = arith::NegFOp::create(b, loc, v);
    Value e = math::ExpOp::create(b, loc, neg);
    Value den = arith::AddFOp::create(b, loc, one, e);
    return arith::DivFOp::create(b, loc, one, den);
  };
  switch (activation) {
  case Activation::None:
    return x;
  case Activation::Relu: {
    Value zero = cst(0);
    return arith::MaximumFOp::create(b, loc, x, zero);
  }
  case Activation::Relu6: {
    Value zero = cst(0), six = cst(6);
    Value lo = arith::MaximumFOp::create(b, loc, x, zero);
    return arith::MinimumFOp::create(b, loc, lo, six);
  }
  case Activation::LeakyRelu: {
    Value zero = cst(0), slope = cst(alpha);
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    Value scaled = arith::MulFOp::create(b, loc, x, slope);
    return arith::SelectOp::create(b, loc, positive, x, scaled);
  }
  case Activation::Elu:
  case Activation::Selu: {
    // SELU constants of Klambauer et al., as in Keras.
    bool selu = activation == Activation::Selu;
    Value zero = cst(0);
    Value scale = cst(selu ? 1.6732632423543772848170429916717 : alpha);
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    Value em1 = math::ExpM1Op::create(b, loc, x);
    Value neg = arith::MulFOp::create(b, loc, scale, em1);
    Value y = arith::SelectOp::create(b, loc, positive, x, neg);
    if (!selu)
      return y;
    Value outer = cst(1.0507009873554804934193349852946);
    return arith::MulFOp::create(b, loc, y, outer);
  }
  case Activation::Sigmoid:
    return sigmoid(x);
  case Activation::HardSigmoid: {
    Value zero = cst(0), one = cst(1), slope = cst(0.2), half = cst(0.5);
    Value scaled = arith::MulFOp::create(b, loc, x, slope);
    Value lin = arith::AddFOp::create(b, loc, scaled, half);
    Value lo = arith::MaximumFOp::create(b, loc, lin, zero);
    return arith::MinimumFOp::create(b, loc, lo, one);
  }
  case Activation::Tanh:
    return math::TanhOp::create(b, loc, x);
  case Activation::Softplus: {
    // log1p(exp(-|x|)) + max(x, 0) does not overflow for large x.
    Value zero = cst(0);
    Value abs = math::AbsFOp::create(b, loc, x);
    Value neg = arith::NegFOp::create(b, loc, abs);
    Value e = math::ExpOp::create(b, loc, neg);
    Value log = math::Log1pOp::create(b, loc, e);
    Value pos = arith::MaximumFOp::create(b, loc, x, zero);
    return arith::AddFOp::create(b, loc, log, pos);
  }
  case Activation::Softsign: {
    Value one = cst(1);
    Value abs = math::AbsFOp::create(b, loc, x);
    Value den = arith::AddFOp::create(b, loc, abs, one);
    return arith::DivFOp::create(b, loc, x, den);
  }
  case Activation::Swish: {
    Value sig = sigmoid(x);
    return arith::MulFOp::create(b, loc, x, sig);
  }
  case Activation::Gelu: {
    Value half = cst(0.5), one = cst(1), invSqrt2 = cst(M_SQRT1_2);
    Value scaled = arith::MulFOp::create(b, loc, x, invSqrt2);
    Value erf = math::ErfOp::create(b, loc, scaled);
    Value onePlus = arith::AddFOp::create(b, loc, one, erf);
    Value halfX = arith::MulFOp::create(b, loc, x, half);
    return arith::MulFOp::create(b, loc, halfX, onePlus);
  }
  }
  return x;
}

//===----------------------------------------------------------------------===//
// Decomposition
//===----------------------------------------------------------------------===//

namespace {

/// Builds the linalg ops of one conv2d_transpose, segment by segment, into
/// the destination tensor `dest`.
class Conv2DTransposeLowering {
public:
  /// `filter` is in the layer's filter format, or already packed (see
  /// packFilter) when `prepacked`.
  Conv2DTransposeLowering(RewriterBase &rewriter, Location loc,
                          const Conv2DTransposeLayer &layer, Value input,
                          Value filter, Value bias, Type elementType,
                          Value dest, const TConvToLinalgOptions &options,
                          bool prepacked)
      : b(rewriter), loc(loc), layer(layer), input(input), filter(filter),
        bias(bias), elementType(elementType), dest(dest), options(options) {
    if (prepacked)
      packedFilter = filter;
    // f16 and bf16 accumulate in f32.
    accType =
        elementType.getIntOrFloatBitWidth() < 32 ? b.getF32Type() : elementType;
    nchw = layer.dataFormat == DataFormat::ChannelsFirst;
    batch =
        ShapedType::isDynamic(layer.batch)
            ? OpFoldResult(tensor::DimOp::create(b, loc, input, 0).getResult())
            : OpFoldResult(b.getIndexAttr(layer.batch));
  }

  Value build();

private:
  /// Orders {N, C, H, W} values as the data format lays them out.
  template <typename T>
  SmallVector<T> layoutActivation(T n, T c, T h, T w) const {
    if (nchw)
      return {n, c, h, w};
    return {n, h, w, c};
  }
  /// Orders {O, I, H, W} values as the filter format lays them out.
  template <typename T> SmallVector<T> layoutFilter(T o, T i, T h, T w) const {
    switch (layer.filterFormat) {
    case FilterFormat::HWOI:
      return {h, w, o, i};
    case FilterFormat::IOHW:
      return {i, o, h, w};
    case FilterFormat::OHWI:
      return {o, h, w, i};
    }
    return {};
  }
  OpFoldResult idx(int64_t v) { return b.getIndexAttr(v); }

  /// Replaces `input` by a copy, when padded segments read zeros beyond
  /// its borders or columnsInner needs it channel-major.
  void prepareInput(ArrayRef<PhaseSegment> rows, ArrayRef<PhaseSegment> cols);
  /// Fills `outSlice` (the whole output) with activation(bias) only.
  Value buildBiasOnly(Value outSlice);
  /// Accumulates the segment's taps, then applies the epilogue; with
  /// shifts, those of the segment's phase `index` in its group.
  Value buildContraction(const PhaseSegment &h, const PhaseSegment &w,
                         Value outSlice, ArrayRef<OpFoldResult> outSizes,
                         const PhaseShift &shiftH = {},
                         const PhaseShift &shiftW = {});
  /// One contraction for the phases of two groups, in an scf.forall over
  /// them unless both have one phase.
  Value buildPhaseGroups(const PhaseGroup &h, const PhaseGroup &w, Value out);
  /// The segments of `rows` (grouped when `groupRows`), each computing every
  /// column phase at once (foldedColumns), into `dest`.
  Value buildFoldedColumns(ArrayRef<PhaseSegment> rows, bool groupRows);
  /// `base + perPhase * shift.index`.
  OpFoldResult shifted(int64_t base, const PhaseShift &shift, int64_t perPhase);

  RewriterBase &b;
  Location loc;
  const Conv2DTransposeLayer &layer;
  Value input, filter, bias;
  Type elementType, accType;
  bool nchw;
  OpFoldResult batch;
  Value dest;
  const TConvToLinalgOptions &options;
  /// The filter packed (see packFilter) when options.packFilter or given so.
  Value packedFilter;
  /// One segment per phase over a zero-padded input, along the rows and
  /// the columns (PhaseBorders::Padded) or the columns only (ExactRows),
  /// and where the original input starts in `input` (its padding before).
  PaddedDims padded;
  int64_t inputOffset[2] = {0, 0};
  /// Every column phase computed by one contraction, along the channels of
  /// an [N, OH, OW / S, S x Cout] view of the output (see
  /// getFoldedColumnPhases), with the bias repeated S times.
  std::optional<PhaseGroup> foldedColumns;
  Value foldedBias;
  /// Channels of the tensor segments write into, and the step between one
  /// phase's output columns there.
  int64_t getOutLanes() const {
    return foldedColumns ? foldedColumns->count * layer.outChannels
                         : layer.outChannels;
  }
  int64_t getOutColumnStride() const {
    return foldedColumns ? 1 : layer.strides[1];
  }
  /// Output columns rather than channels along the vectors (few output
  /// channels, NHWC, packed filter): the input is copied channel-major per
  /// row, [N, H, Cin, W], and each segment accumulates in [N, QH, Cout, QW].
  bool columnsInner = false;
  /// Orders {N, C, H, W} values as `input` (possibly copied) lays them out.
  template <typename T> SmallVector<T> layoutInput(T n, T c, T h, T w) const {
    if (columnsInner)
      return {n, h, c, w};
    return layoutActivation(n, c, h, w);
  }
};

} // namespace

Value Conv2DTransposeLowering::build() {
  if (options.packFilter && !packedFilter)
    packedFilter =
        packFilter(b, loc, layer, filter, options.borders, options.filterBlock);
  if (packedFilter &&
      usesBlockedFilter(layer, options.borders, options.filterBlock))
    packedFilter = unblockFilter(b, loc, packedFilter);
  if (!dest) {
    SmallVector<OpFoldResult> outShape = layoutActivation<OpFoldResult>(
        batch, idx(layer.outChannels), idx(layer.outputSize[0]),
        idx(layer.outputSize[1]));
    dest = tensor::EmptyOp::create(b, loc, outShape, elementType);
  }

  padded = getPaddedDims(layer, options.borders);
  SmallVector<PhaseSegment> rows = getLayerPhaseSegments(layer, 0, padded.rows);
  SmallVector<PhaseSegment> cols = getLayerPhaseSegments(layer, 1, padded.cols);
  columnsInner =
      !nchw && packedFilter && layer.outChannels < kMaxColumnsInnerChannels;
  if (packedFilter)
    foldedColumns = getFoldedColumnGroup(layer, options.borders);
  prepareInput(rows, cols);
  // Outputs no tap reaches (kernel shorter than the stride) get bias and
  // activation only: one op over the whole output, then the segments with
  // taps overwrite their part. Phase by phase, a stride of 1000 would give a
  // million bias-only ops.
  SmallVector<PhaseSegment> tappedRows = withTaps(rows);
  SmallVector<PhaseSegment> tappedCols = withTaps(cols);
  if (tappedRows.size() < rows.size() || tappedCols.size() < cols.size()) {
    dest = buildBiasOnly(dest);
    rows = std::move(tappedRows);
    cols = std::move(tappedCols);
  }
  // Not when a segment needs a buffer of its own (an f32 accumulator for
  // f16/bf16, the columns-inner accumulator): buffer deallocation does not
  // free one allocated inside an scf.forall.
  bool groupRows = padded.rows && !columnsInner && accType == elementType;
  if (foldedColumns)
    return buildFoldedColumns(rows, groupRows);
  if (groupRows) {
    SmallVector<PhaseGroup> rowGroups = groupPhases(rows);
    SmallVector<PhaseGroup> colGroups = groupPhases(cols);
    if (rowGroups.size() < rows.size() || colGroups.size() < cols.size()) {
      for (const PhaseGroup &h : rowGroups)
        for (const PhaseGroup &w : colGroups)
          dest = buildPhaseGroups(h, w, dest);
      return dest;
    }
  }
  // Rows first, then the columns of each row band: two short insertion
  // chains instead of one of length rows x cols. One-shot bufferization's
  // conflict analysis grows quickly with the length of a chain (s = 8 with a
  // 3x4 kernel: 2.8 s for one chain, 0.26 s with bands).
  for (const PhaseSegment &h : rows) {
    SmallVector<OpFoldResult> rowOffsets = layoutActivation<OpFoldResult>(
        idx(0), idx(0), idx(h.firstOutput), idx(0));
    SmallVector<OpFoldResult> rowSizes = layoutActivation<OpFoldResult>(
        batch, idx(layer.outChannels), idx(h.numOutputs),
        idx(layer.outputSize[1]));
    SmallVector<OpFoldResult> rowStrides = layoutActivation<OpFoldResult>(
        idx(1), idx(1), idx(layer.strides[0]), idx(1));
    Value band = tensor::ExtractSliceOp::create(b, loc, dest, rowOffsets,
                                                rowSizes, rowStrides);
    for (const PhaseSegment &w : cols) {
      SmallVector<OpFoldResult> offsets = layoutActivation<OpFoldResult>(
          idx(0), idx(0), idx(0), idx(w.firstOutput));
      SmallVector<OpFoldResult> sizes = layoutActivation<OpFoldResult>(
          batch, idx(layer.outChannels), idx(h.numOutputs), idx(w.numOutputs));
      SmallVector<OpFoldResult> strides = layoutActivation<OpFoldResult>(
          idx(1), idx(1), idx(1), idx(layer.strides[1]));
      Value outSlice =
          tensor::ExtractSliceOp::create(b, loc, band, offsets, sizes, strides);
      Value result = buildContraction(h, w, outSlice, sizes);
      band = tensor::InsertSliceOp::create(b, loc, result, band, offsets, sizes,
                                           strides);
    }
    dest = tensor::InsertSliceOp::create(b, loc, band, dest, rowOffsets,
                                         rowSizes, rowStrides);
  }
  return dest;
}

OpFoldResult Conv2DTransposeLowering::shifted(int64_t base,
                                              const PhaseShift &shift,
                                              int64_t perPhase) {
  if (!shift.index || perPhase == 0)
    return idx(base);
  AffineExpr g = b.getAffineDimExpr(0);
  return affine::makeComposedFoldedAffineApply(b, loc, g * perPhase + base,
                                               {OpFoldResult(shift.index)});
}

Value Conv2DTransposeLowering::buildPhaseGroups(const PhaseGroup &h,
                                                const PhaseGroup &w,
                                                Value out) {
  OpBuilder::InsertionGuard guard(b);
  scf::ForallOp forall;
  PhaseShift shiftH, shiftW;
  Value target = out;
  // One loop per group of more than one phase.
  SmallVector<OpFoldResult> counts;
  for (int64_t count : {h.count, w.count})
    if (count > 1)
      counts.push_back(idx(count));
  if (!counts.empty()) {
    forall = scf::ForallOp::create(b, loc, counts, ValueRange{out},
                                   /*mapping=*/std::nullopt);
    b.setInsertionPointToStart(forall.getBody());
    unsigned next = 0;
    if (h.count > 1)
      shiftH = {forall.getInductionVar(next++), h.tapDelta, h.inputDelta};
    if (w.count > 1)
      shiftW = {forall.getInductionVar(next), w.tapDelta, w.inputDelta};
    target = forall.getRegionIterArgs()[0];
  }
  SmallVector<OpFoldResult> offsets = layoutActivation<OpFoldResult>(
      idx(0), idx(0), shifted(h.first.firstOutput, shiftH, 1),
      shifted(w.first.firstOutput, shiftW, 1));
  SmallVector<OpFoldResult> sizes = layoutActivation<OpFoldResult>(
      batch, idx(getOutLanes()), idx(h.first.numOutputs),
      idx(w.first.numOutputs));
  SmallVector<OpFoldResult> strides = layoutActivation<OpFoldResult>(
      idx(1), idx(1), idx(layer.strides[0]), idx(getOutColumnStride()));
  Value outSlice =
      tensor::ExtractSliceOp::create(b, loc, target, offsets, sizes, strides);
  Value result =
      buildContraction(h.first, w.first, outSlice, sizes, shiftH, shiftW);
  if (!forall)
    return tensor::InsertSliceOp::create(b, loc, result, out, offsets, sizes,
                                         strides);
  b.setInsertionPointToEnd(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, result, target, offsets, sizes,
                                        strides);
  return forall.getResult(0);
}

Value Conv2DTransposeLowering::buildFoldedColumns(ArrayRef<PhaseSegment> rows,
                                                  bool groupRows) {
  // Output column q * S + g, channel c is channel g * Cout + c of column q:
  // [N, OH, OW, Cout] -> [N, OH, OW / S, S, Cout] -> [N, OH, OW / S,
  // S * Cout], views of the same buffer.
  int64_t phases = foldedColumns->count, cout = layer.outChannels;
  auto destType = cast<RankedTensorType>(dest.getType());
  ArrayRef<int64_t> shape = destType.getShape();
  auto split = RankedTensorType::get(
      {shape[0], shape[1], shape[2] / phases, phases, cout}, elementType);
  auto merged = RankedTensorType::get(
      {shape[0], shape[1], shape[2] / phases, phases * cout}, elementType);
  SmallVector<ReassociationIndices> splitColumns = {{0}, {1}, {2, 3}, {4}};
  SmallVector<ReassociationIndices> mergeChannels = {{0}, {1}, {2}, {3, 4}};
  Value out = tensor::ExpandShapeOp::create(b, loc, split, dest, splitColumns);
  out = tensor::CollapseShapeOp::create(b, loc, merged, out, mergeChannels);
  if (bias) {
    // foldedBias[g * Cout + c] = bias[c].
    MLIRContext *ctx = b.getContext();
    Type biasElement = cast<RankedTensorType>(bias.getType()).getElementType();
    Value empty = tensor::EmptyOp::create(b, loc, {phases * cout}, biasElement);
    AffineExpr j = getAffineDimExpr(0, ctx);
    foldedBias =
        buildGatherCopy(b, loc, bias, empty, AffineMap::get(1, 0, j % cout));
  }
  SmallVector<PhaseGroup> rowGroups;
  if (groupRows)
    rowGroups = groupPhases(rows);
  else
    for (const PhaseSegment &h : rows)
      rowGroups.push_back({h});
  // The column phases' contraction: the first phase's segment, over the
  // folded channels.
  PhaseGroup cols = {foldedColumns->first};
  for (const PhaseGroup &h : rowGroups)
    out = buildPhaseGroups(h, cols, out);
  out = tensor::ExpandShapeOp::create(b, loc, split, out, mergeChannels);
  return tensor::CollapseShapeOp::create(b, loc, destType, out, splitColumns);
}

void Conv2DTransposeLowering::prepareInput(ArrayRef<PhaseSegment> rows,
                                           ArrayRef<PhaseSegment> cols) {
  int64_t low[2] = {0, 0}, high[2] = {0, 0};
  if (padded.any()) {
    std::tie(low[0], high[0]) = getInputPadding(layer, 0, rows);
    std::tie(low[1], high[1]) = getInputPadding(layer, 1, cols);
  }
  bool pad = low[0] > 0 || low[1] > 0 || high[0] > 0 || high[1] > 0;
  if (!pad && !columnsInner)
    return;
  inputOffset[0] = low[0];
  inputOffset[1] = low[1];
  // Zeros (when padding), then the input copied into their interior with
  // linalg.copy (or a transposing linalg.generic). A tensor.pad would
  // bufferize to a memref.copy into a strided view, which lowers to a call
  // of the C runner utils' element-by-element copy (a third of a 3x3
  // stride-1 layer's time); linalg ops become loops LLVM vectorizes.
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  int64_t paddedH = layer.inputSize[0] + low[0] + high[0];
  int64_t paddedW = layer.inputSize[1] + low[1] + high[1];
  Value copy = tensor::EmptyOp::create(
      b, loc,
      layoutInput<OpFoldResult>(batch, idx(layer.inChannels), idx(paddedH),
                                idx(paddedW)),
      element);
  if (pad) {
    Value zero =
        arith::ConstantOp::create(b, loc, b.getFloatAttr(element, 0.0));
    copy = linalg::FillOp::create(b, loc, zero, copy).getResult(0);
  }
  SmallVector<OpFoldResult> offsets =
      layoutInput<OpFoldResult>(idx(0), idx(0), idx(low[0]), idx(low[1]));
  SmallVector<OpFoldResult> sizes = layoutInput<OpFoldResult>(
      batch, idx(layer.inChannels), idx(layer.inputSize[0]),
      idx(layer.inputSize[1]));
  SmallVector<OpFoldResult> ones(4, idx(1));
  Value interior =
      tensor::ExtractSliceOp::create(b, loc, copy, offsets, sizes, ones);
  Value copied;
  if (columnsInner) {
    // interior[n, h, c, w] = input[n, h, w, c].
    MLIRContext *ctx = b.getContext();
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
               d2 = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx);
    copied = buildGatherCopy(b, loc, input, interior,
                             AffineMap::get(4, 0, {d0, d1, d3, d2}, ctx));
  } else {
    copied = linalg::CopyOp::create(b, loc, input, interior).getResult(0);
  }
  input =
      tensor::InsertSliceOp::create(b, loc, copied, copy, offsets, sizes, ones);
}

Value Conv2DTransposeLowering::buildBiasOnly(Value outSlice) {
  MLIRContext *ctx = b.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(4, ctx);
  SmallVector<Value> ins;
  SmallVector<AffineMap> maps;
  if (bias) {
    ins.push_back(bias);
    maps.push_back(AffineMap::get(4, 0, getAffineDimExpr(nchw ? 1 : 3, ctx)));
  }
  maps.push_back(id);
  double alpha = layer.getAlphaOrDefault();
  Activation activation = layer.activation;
  Type acc = accType, elem = elementType;
  auto generic = linalg::GenericOp::create(
      b, loc, outSlice.getType(), ins, ValueRange{outSlice}, maps,
      SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value x =
            args.size() == 2
                ? convertFloat(nb, nloc, args[0], acc)
                : arith::ConstantOp::create(nb, nloc, nb.getFloatAttr(acc, 0.0))
                      .getResult();
        Value y = buildActivation(nb, nloc, activation, alpha, x);
        linalg::YieldOp::create(nb, nloc, convertFloat(nb, nloc, y, elem));
      });
  return generic.getResult(0);
}

Value Conv2DTransposeLowering::buildContraction(const PhaseSegment &h,
                                                const PhaseSegment &w,
                                                Value outSlice,
                                                ArrayRef<OpFoldResult> outSizes,
                                                const PhaseShift &shiftH,
                                                const PhaseShift &shiftW) {
  MLIRContext *ctx = b.getContext();
  const int64_t cin = layer.inChannels, cout = getOutLanes();

  // The input rows and columns this segment reads, and the taps it uses.
  int64_t inH = h.numOutputs + (h.numTaps - 1) * h.inputStep;
  int64_t inW = w.numOutputs + (w.numTaps - 1) * w.inputStep;
  int64_t inH0 = h.firstInput - (h.numTaps - 1) * h.inputStep + inputOffset[0];
  int64_t inW0 = w.firstInput - (w.numTaps - 1) * w.inputStep + inputOffset[1];
  Value inputSlice = tensor::ExtractSliceOp::create(
      b, loc, input,
      layoutInput<OpFoldResult>(idx(0), idx(0),
                                shifted(inH0, shiftH, shiftH.inputDelta),
                                shifted(inW0, shiftW, shiftW.inputDelta)),
      layoutInput<OpFoldResult>(batch, idx(cin), idx(inH), idx(inW)),
      SmallVector<OpFoldResult>(4, idx(1)));
  // In the packed filter the taps are reversed: segment tap j is packed tap
  // K - 1 - firstTap - j * tapStep, so reversed tap t = numTaps - 1 - j runs
  // from packedFirstTap upwards.
  auto packedFirstTap = [](const PhaseSegment &seg, int64_t kernel) {
    return kernel - 1 - seg.firstTap - (seg.numTaps - 1) * seg.tapStep;
  };
  Value filterSlice =
      packedFilter
          ? tensor::ExtractSliceOp::create(
                b, loc, packedFilter,
                SmallVector<OpFoldResult>{
                    shifted(packedFirstTap(h, layer.kernelSize[0]), shiftH,
                            -shiftH.tapDelta),
                    foldedColumns
                        ? idx(0)
                        : shifted(packedFirstTap(w, layer.kernelSize[1]),
                                  shiftW, -shiftW.tapDelta),
                    idx(0), idx(0)},
                SmallVector<OpFoldResult>{idx(h.numTaps), idx(w.numTaps),
                                          idx(cin), idx(cout)},
                SmallVector<OpFoldResult>{idx(h.tapStep),
                                          idx(foldedColumns ? 1 : w.tapStep),
                                          idx(1), idx(1)})
                .getResult()
          : tensor::ExtractSliceOp::create(
                b, loc, filter,
                layoutFilter<OpFoldResult>(
                    idx(0), idx(0),
                    shifted(h.firstTap, shiftH, shiftH.tapDelta),
                    shifted(w.firstTap, shiftW, shiftW.tapDelta)),
                layoutFilter<OpFoldResult>(idx(cout), idx(cin), idx(h.numTaps),
                                           idx(w.numTaps)),
                layoutFilter<OpFoldResult>(idx(1), idx(1), idx(h.tapStep),
                                           idx(w.tapStep)))
                .getResult();

  // Accumulator: the output slice itself, or an f32 buffer for f16/bf16.
  SmallVector<int64_t> accShape =
      llvm::to_vector(cast<RankedTensorType>(outSlice.getType()).getShape());
  Value acc = outSlice;
  if (columnsInner) {
    // [N, QH, Cout, QW] from the NHWC slice's [N, QH, QW, Cout].
    std::swap(accShape[2], accShape[3]);
    acc = tensor::EmptyOp::create(
        b, loc, {outSizes[0], outSizes[1], outSizes[3], outSizes[2]}, accType);
  } else if (accType != elementType) {
    acc = tensor::EmptyOp::create(b, loc, outSizes, accType);
  }
  auto accTensorType = RankedTensorType::get(accShape, accType);

  // Initialise the accumulator with the bias, or zero.
  AffineMap id4 = AffineMap::getMultiDimIdentityMap(4, ctx);
  if (bias) {
    unsigned channelDim = columnsInner ? 2 : nchw ? 1 : 3;
    AffineMap biasMap = AffineMap::get(4, 0, getAffineDimExpr(channelDim, ctx));
    Type accTy = accType;
    acc =
        linalg::GenericOp::create(
            b, loc, accTensorType,
            ValueRange{foldedColumns ? foldedBias : bias}, ValueRange{acc},
            ArrayRef<AffineMap>{biasMap, id4},
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [&](OpBuilder &nb, Location nloc, ValueRange args) {
              linalg::YieldOp::create(nb, nloc,
                                      convertFloat(nb, nloc, args[0], accTy));
            })
            .getResult(0);
  } else {
    Value zero =
        arith::ConstantOp::create(b, loc, b.getFloatAttr(accType, 0.0));
    acc = linalg::FillOp::create(b, loc, zero, acc).getResult(0);
  }

  // The contraction over (n, qh, qw | th, tw, ci | co). With the filter in
  // its own layout, output q with tap t reads input row
  // q - t * inputStep + (numTaps - 1) * inputStep of the slice; with the
  // reversed packed filter, reversed tap t reads row q + t * inputStep, so
  // that every map increases with every loop and the op can be tiled. Output
  // channels run innermost: contiguous in NHWC outputs and in the packed
  // filter, so that the loop vectorizes.
  // With columnsInner, the loops are (n, qh, co | th, tw, ci | qw) instead:
  // output columns innermost, contiguous in the channel-major input copy and
  // in the accumulator.
  AffineExpr n = getAffineDimExpr(0, ctx), qh = getAffineDimExpr(1, ctx),
             qw = getAffineDimExpr(columnsInner ? 6 : 2, ctx),
             th = getAffineDimExpr(3, ctx), tw = getAffineDimExpr(4, ctx),
             ci = getAffineDimExpr(5, ctx),
             co = getAffineDimExpr(columnsInner ? 2 : 6, ctx);
  AffineExpr row = packedFilter
                       ? qh + th * h.inputStep
                       : qh - th * h.inputStep + (h.numTaps - 1) * h.inputStep;
  AffineExpr col = packedFilter
                       ? qw + tw * w.inputStep
                       : qw - tw * w.inputStep + (w.numTaps - 1) * w.inputStep;
  SmallVector<AffineMap> maps = {
      AffineMap::get(7, 0, layoutInput<AffineExpr>(n, ci, row, col), ctx),
      packedFilter
          ? AffineMap::get(7, 0, {th, tw, ci, co}, ctx)
          : AffineMap::get(7, 0, layoutFilter<AffineExpr>(co, ci, th, tw), ctx),
      columnsInner
          ? AffineMap::get(7, 0, {n, qh, co, qw}, ctx)
          : AffineMap::get(7, 0, layoutActivation<AffineExpr>(n, co, qh, qw),
                           ctx)};
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.append(3, utils::IteratorType::reduction);
  iterators.push_back(utils::IteratorType::parallel);
  Type accTy = accType;
  Value conv =
      linalg::GenericOp::create(
          b, loc, accTensorType, ValueRange{inputSlice, filterSlice},
          ValueRange{acc}, maps, iterators,
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            Value x = convertFloat(nb, nloc, args[0], accTy);
            Value f = convertFloat(nb, nloc, args[1], accTy);
            // contract: the multiply-add may become one FMA (one rounding
            // instead of two, as oneDNN and XNNPACK compute it).
            auto contract = arith::FastMathFlags::contract;
            Value prod = arith::MulFOp::create(nb, nloc, x, f, contract);
            Value sum =
                arith::AddFOp::create(nb, nloc, args[2], prod, contract);
            linalg::YieldOp::create(nb, nloc, sum);
          })
          .getResult(0);

  // Epilogue: activation and narrowing, elementwise on the segment (and the
  // transposition back to NHWC).
  if (accType == elementType && layer.activation == Activation::None &&
      !columnsInner)
    return conv;
  double alpha = layer.getAlphaOrDefault();
  Activation activation = layer.activation;
  Type elem = elementType;
  bool separate = accType != elementType || columnsInner;
  SmallVector<Value> ins;
  if (separate)
    ins.push_back(conv);
  SmallVector<AffineMap> epilogueMaps(ins.size() + 1, id4);
  if (columnsInner)
    epilogueMaps[0] =
        AffineMap::getPermutationMap(ArrayRef<unsigned>{0, 1, 3, 2}, ctx);
  return linalg::GenericOp::create(
             b, loc, outSlice.getType(), ins,
             ValueRange{separate ? outSlice : conv}, epilogueMaps,
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value y = buildActivation(nb, nloc, activation, alpha, args[0]);
               linalg::YieldOp::create(nb, nloc,
                                       convertFloat(nb, nloc, y, elem));
             })
      .getResult(0);
}

FailureOr<Value>
tconv::decomposeConv2DTranspose(RewriterBase &rewriter, Conv2DTransposeOp op,
                                Value dest,
                                const TConvToLinalgOptions &options) {
  FailureOr<Conv2DTransposeLayer> layer = op.getLayer();
  if (failed(layer))
    return rewriter.notifyMatchFailure(op, "malformed op");
  if (dest && dest.getType() != op.getType())
    return rewriter.notifyMatchFailure(op, "destination type mismatch");
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Type element = cast<RankedTensorType>(op.getType()).getElementType();
  Value result =
      Conv2DTransposeLowering(rewriter, op.getLoc(), *layer, op.getInput(),
                              op.getFilter(), op.getBias(), element, dest,
                              options, /*prepacked=*/false)
          .build();
  rewriter.replaceOp(op, result);
  return result;
}

bool tconv::usesBlockedFilter(const Conv2DTransposeLayer &layer,
                              PhaseBorders borders, int64_t filterBlock) {
  return filterBlock > 0 && layer.dataFormat == DataFormat::ChannelsLast &&
         layer.outChannels >= kMaxColumnsInnerChannels &&
         layer.outChannels % filterBlock == 0 &&
         !getFoldedColumnGroup(layer, borders);
}

SmallVector<int64_t>
tconv::getPackedFilterShape(const Conv2DTransposeLayer &layer,
                            PhaseBorders borders, int64_t filterBlock) {
  if (usesBlockedFilter(layer, borders, filterBlock))
    return {layer.outChannels / filterBlock, layer.kernelSize[0],
            layer.kernelSize[1], layer.inChannels, filterBlock};
  // Rows of a multiple of 64 channels get 16 more, unused: a channel tile
  // reads the same few columns of every row, and with a power-of-two pitch
  // those all fall into the same few cache sets (512 f32 channels: a 2 KB
  // pitch, 2 of L1's 64 sets), so the filter block of an input-channel
  // block evicts itself from L1 and L2.
  int64_t taps = layer.kernelSize[1], row = layer.outChannels;
  if (std::optional<PhaseGroup> fold = getFoldedColumnGroup(layer, borders)) {
    taps = fold->first.numTaps;
    row *= fold->count;
  }
  if (row % 64 == 0)
    row += 16;
  return {layer.kernelSize[0], taps, layer.inChannels, row};
}

Value tconv::packFilter(OpBuilder &b, Location loc,
                        const Conv2DTransposeLayer &layer, Value filter,
                        PhaseBorders borders, int64_t filterBlock) {
  // packed[kh, kw, ci, co] = filter[KH-1-kh, KW-1-kw, co, ci]: output
  // channels innermost, as the contraction's innermost loop runs, and the
  // taps reversed, so that every contraction's indexing maps increase with
  // each loop (what linalg's tiling assumes when it slices operands).
  // Blocked: packed[co / B, kh, kw, ci, co % B].
  MLIRContext *ctx = b.getContext();
  bool blocked = usesBlockedFilter(layer, borders, filterBlock);
  unsigned numDims = blocked ? 5 : 4;
  int64_t kh = layer.kernelSize[0], kw = layer.kernelSize[1];
  AffineExpr h = getAffineDimExpr(blocked ? 1 : 0, ctx),
             w = getAffineDimExpr(blocked ? 2 : 1, ctx),
             i = getAffineDimExpr(blocked ? 3 : 2, ctx),
             o = blocked ? getAffineDimExpr(0, ctx) * filterBlock +
                               getAffineDimExpr(4, ctx)
                         : getAffineDimExpr(3, ctx);
  AffineExpr rh = kh - 1 - h, rw = kw - 1 - w;
  int64_t taps = kw, channels = layer.outChannels;
  if (std::optional<PhaseGroup> fold = getFoldedColumnGroup(layer, borders)) {
    // Channel g * Cout + c of reversed tap t: phase g's tap t (see
    // buildContraction's packedFirstTap), channel c.
    const PhaseSegment &first = fold->first;
    taps = first.numTaps;
    channels *= fold->count;
    AffineExpr phase = o.floorDiv(layer.outChannels);
    rw = first.firstTap + phase * fold->tapDelta +
         (first.numTaps - 1 - w) * first.tapStep;
    o = o % layer.outChannels;
  }
  SmallVector<AffineExpr> read;
  switch (layer.filterFormat) {
  case FilterFormat::HWOI:
    read = {rh, rw, o, i};
    break;
  case FilterFormat::IOHW:
    read = {i, o, rh, rw};
    break;
  case FilterFormat::OHWI:
    read = {o, rh, rw, i};
    break;
  }
  Type type = cast<RankedTensorType>(filter.getType()).getElementType();
  SmallVector<int64_t> shape =
      getPackedFilterShape(layer, borders, filterBlock);
  Value packed = tensor::EmptyOp::create(b, loc, shape, type);
  auto copyInto = [&](Value dest) {
    return buildGatherCopy(b, loc, filter, dest,
                           AffineMap::get(numDims, 0, read, ctx));
  };
  if (blocked)
    return copyInto(packed);
  // The channels of each row (the padding after them stays undefined).
  SmallVector<OpFoldResult> zeros(4, b.getIndexAttr(0)),
      ones(4, b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
      ctx, {layer.kernelSize[0], taps, layer.inChannels, channels});
  Value rows =
      tensor::ExtractSliceOp::create(b, loc, packed, zeros, sizes, ones);
  return tensor::InsertSliceOp::create(b, loc, copyInto(rows), packed, zeros,
                                       sizes, ones);
}

/// unblockFilter's read of the blocked filter:
/// (kh, kw, ci, co) -> (co floordiv B, kh, kw, ci, co mod B).
static AffineMap getUnblockMap(MLIRContext *ctx, int64_t block) {
  AffineExpr co = getAffineDimExpr(3, ctx);
  return AffineMap::get(4, 0,
                        {co.floorDiv(block), getAffineDimExpr(0, ctx),
                         getAffineDimExpr(1, ctx), getAffineDimExpr(2, ctx),
                         co % block},
                        ctx);
}

Value tconv::unblockFilter(OpBuilder &b, Location loc, Value blocked) {
  auto type = cast<RankedTensorType>(blocked.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t block = shape[4];
  Value unblocked = tensor::EmptyOp::create(
      b, loc, {shape[1], shape[2], shape[3], shape[0] * block},
      type.getElementType());
  return buildGatherCopy(b, loc, blocked, unblocked,
                         getUnblockMap(b.getContext(), block));
}

std::optional<std::pair<Value, int64_t>>
tconv::matchUnblockedFilter(Value value) {
  auto generic = value.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || !generic.hasPureTensorSemantics() ||
      generic.getNumParallelLoops() != 4 || generic.getNumLoops() != 4)
    return std::nullopt;
  Value blocked = generic.getDpsInputOperand(0)->get();
  auto type = dyn_cast<RankedTensorType>(blocked.getType());
  if (!type || type.getRank() != 5 || !type.hasStaticShape())
    return std::nullopt;
  int64_t block = type.getShape()[4];
  MLIRContext *ctx = generic.getContext();
  auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
  if (generic.getIndexingMapsArray() !=
          ArrayRef<AffineMap>{getUnblockMap(ctx, block),
                              AffineMap::getMultiDimIdentityMap(4, ctx)} ||
      yield.getNumOperands() != 1 ||
      yield.getOperand(0) != generic.getBody()->getArgument(0))
    return std::nullopt;
  return std::make_pair(blocked, block);
}

Value tconv::buildConv2DTransposeWithPackedFilter(
    RewriterBase &rewriter, Location loc, const Conv2DTransposeLayer &layer,
    Value input, Value packedFilter, Value bias, Value dest,
    PhaseBorders borders, int64_t filterBlock) {
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  TConvToLinalgOptions options;
  options.packFilter = true;
  options.borders = borders;
  options.filterBlock = filterBlock;
  return Conv2DTransposeLowering(rewriter, loc, layer, input, packedFilter,
                                 bias, element, dest, options,
                                 /*prepacked=*/true)
      .build();
}

//===----------------------------------------------------------------------===//
// Pattern and pass
//===----------------------------------------------------------------------===//

namespace {

/// The `bufferization.materialize_in_destination` that is the only use of
/// `op`, if its destination is already defined at `op` and is a tensor or a
/// `restrict writable` memref.
///
/// Lowering straight into that destination keeps the output in place. Upstream
/// eliminate-empty-tensors cannot do it afterwards: it only replaces the use
/// of tensor.empty on the insertion chain, while the segments' accumulators
/// are slices of the same tensor.empty, which then bufferize to a separate
/// allocation and a copy.
static bufferization::MaterializeInDestinationOp
getMaterialization(Conv2DTransposeOp op) {
  if (!op->hasOneUse())
    return {};
  auto materialize =
      dyn_cast<bufferization::MaterializeInDestinationOp>(*op->user_begin());
  if (!materialize || materialize.getSource() != op.getResult())
    return {};
  Value dest = materialize.getDest();
  if (isa<BaseMemRefType>(dest.getType()) &&
      !(materialize.getRestrict() && materialize.getWritable()))
    return {};
  if (auto arg = dyn_cast<BlockArgument>(dest))
    return arg.getOwner()->getParentOp()->isAncestor(op) ? materialize
                                                         : nullptr;
  Operation *def = dest.getDefiningOp();
  return def->getBlock() == op->getBlock() && def->isBeforeInBlock(op)
             ? materialize
             : nullptr;
}

/// Applies decomposeConv2DTranspose. An op materialized into a destination is
/// lowered into it: a tensor destination then also replaces the
/// materialization (same value, same buffer); a memref destination is entered
/// through `bufferization.to_tensor restrict writable`, so the
/// materialization becomes a copy onto itself that canonicalization removes.
struct DecomposeConv2DTranspose : OpRewritePattern<Conv2DTransposeOp> {
  DecomposeConv2DTranspose(MLIRContext *context,
                           const TConvToLinalgOptions &options)
      : OpRewritePattern(context), options(options) {}
  LogicalResult matchAndRewrite(Conv2DTransposeOp op,
                                PatternRewriter &rewriter) const override {
    bufferization::MaterializeInDestinationOp materialize =
        getMaterialization(op);
    Value dest;
    if (materialize) {
      dest = materialize.getDest();
      if (isa<BaseMemRefType>(dest.getType())) {
        OpBuilder::InsertionGuard guard(rewriter);
        rewriter.setInsertionPoint(op);
        dest = bufferization::ToTensorOp::create(
            rewriter, op.getLoc(), op.getType(), dest, /*restrict=*/true,
            /*writable=*/true);
      }
    }
    FailureOr<Value> result =
        decomposeConv2DTranspose(rewriter, op, dest, options);
    if (failed(result))
      return failure();
    if (materialize && isa<TensorType>(materialize.getDest().getType()))
      rewriter.replaceOp(materialize, *result);
    return success();
  }

private:
  TConvToLinalgOptions options;
};

/// Lowers every conv2d_transpose; fails if one is left.
struct TConvToLinalgPass
    : tconv::impl::TConvToLinalgPassBase<TConvToLinalgPass> {
  using TConvToLinalgPassBase::TConvToLinalgPassBase;
  void runOnOperation() override {
    WalkResult tooBig = getOperation()->walk([&](Conv2DTransposeOp op) {
      FailureOr<Conv2DTransposeLayer> layer = op.getLayer();
      if (succeeded(layer) &&
          failed(checkContractionSegmentLimit(*layer, op.getLoc(), borders)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (tooBig.wasInterrupted())
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    TConvToLinalgOptions options;
    options.packFilter = packFilter;
    options.borders = borders;
    options.filterBlock = filterBlock;
    populateTConvToLinalgPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError("tconv-to-linalg did not converge");
      return signalPassFailure();
    }
    WalkResult left = getOperation()->walk([](Conv2DTransposeOp op) {
      op.emitError("failed to lower tconv.conv2d_transpose to linalg");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void tconv::populateTConvToLinalgPatterns(RewritePatternSet &patterns,
                                          const TConvToLinalgOptions &options) {
  patterns.add<DecomposeConv2DTranspose>(patterns.getContext(), options);
}
