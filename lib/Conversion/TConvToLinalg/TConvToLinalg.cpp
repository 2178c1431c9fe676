//===- TConvToLinalg.cpp - Lower conv2d_transpose to linalg ---------------===//
//
// Builds the linalg ops of the polyphase decomposition (Phases.h), segment
// by segment, as the op's strategy says: exact or padded borders, the
// filter packed or read in place.
//
// Upstream has nothing to reuse here: linalg's transposed convolutions are
// reached only through zero insertion (StableHLO, torch-mlir) or TOSA's
// kernel-padding reshape, both of which multiply zeros.
//
//===----------------------------------------------------------------------===//

#include "TConv/Conversion/TConvToLinalg.h"

#include "TConv/Conversion/Passes.h"
#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Dialect/TConvOps.h"

#include "Epilogue.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"

#include <tuple>

#define DEBUG_TYPE "tconv-to-linalg"

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVTOLINALGPASS
#include "TConv/Conversion/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

//===----------------------------------------------------------------------===//
// Decomposition
//===----------------------------------------------------------------------===//

namespace {

/// Phase `index` of a PhaseGroup (null: the segment itself).
struct PhaseShift {
  Value index;
  int64_t tapDelta = 0, inputDelta = 0;
};

/// Builds the linalg ops of one conv2d_transpose, segment by segment, into
/// the destination tensor `dest`.
class Conv2DTransposeLowering {
public:
  /// `filter` is in the layer's filter format, or already packed (see
  /// packFilter) when `prepacked`.
  Conv2DTransposeLowering(RewriterBase &rewriter, Location loc,
                          const Conv2DTransposeLayer &layer, Value input,
                          Value filter, Value bias, Type elementType,
                          Value dest, const Strategy &strategy, bool prepacked)
      : b(rewriter), loc(loc), layer(layer), input(input), filter(filter),
        bias(bias), elementType(elementType), dest(dest), strategy(strategy),
        strategyAttr(getStrategyAttr(rewriter.getContext(), strategy)) {
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
  /// buildContraction's steps: the input and filter slices the segment
  /// reads; its accumulator initialised with the bias (or zero); the
  /// contraction over its taps and input channels; the activation and
  /// narrowing into `outSlice`.
  std::pair<Value, Value> sliceOperands(const PhaseSegment &h,
                                        const PhaseSegment &w,
                                        const PhaseShift &shiftH,
                                        const PhaseShift &shiftW);
  Value buildAccumulator(Value outSlice, ArrayRef<OpFoldResult> outSizes);
  Value buildTapSum(const PhaseSegment &h, const PhaseSegment &w,
                    Value inputSlice, Value filterSlice, Value acc);
  Value buildEpilogue(Value conv, Value outSlice);
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
  const Strategy &strategy;
  /// Put on every segment contraction, for tconv-tile.
  StrategyAttr strategyAttr;
  /// The filter packed (see packFilter) when strategy.packFilter or given so.
  Value packedFilter;
  /// One segment per phase over a zero-padded input, along the rows and
  /// the columns (Borders::Padded) or the columns only (ExactRows),
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
  if (strategy.packFilter && !packedFilter)
    packedFilter =
        packFilter(b, loc, layer, filter, strategy);
  if (packedFilter && usesBlockedFilter(layer, strategy))
    packedFilter = unblockFilter(b, loc, packedFilter);
  if (!dest) {
    SmallVector<OpFoldResult> outShape = layoutActivation<OpFoldResult>(
        batch, idx(layer.outChannels), idx(layer.outputSize[0]),
        idx(layer.outputSize[1]));
    dest = tensor::EmptyOp::create(b, loc, outShape, elementType);
  }

  padded = getPaddedDims(layer, strategy.borders);
  SmallVector<PhaseSegment> rows = getLayerPhaseSegments(layer, 0, padded.rows);
  SmallVector<PhaseSegment> cols = getLayerPhaseSegments(layer, 1, padded.cols);
  columnsInner =
      !nchw && packedFilter && layer.outChannels < kMaxColumnsInnerChannels;
  if (packedFilter)
    foldedColumns = getFoldedColumnGroup(layer, strategy);
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
  auto [inputSlice, filterSlice] = sliceOperands(h, w, shiftH, shiftW);
  Value acc = buildAccumulator(outSlice, outSizes);
  Value conv = buildTapSum(h, w, inputSlice, filterSlice, acc);
  return buildEpilogue(conv, outSlice);
}

std::pair<Value, Value> Conv2DTransposeLowering::sliceOperands(
    const PhaseSegment &h, const PhaseSegment &w, const PhaseShift &shiftH,
    const PhaseShift &shiftW) {
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
  return {inputSlice, filterSlice};
}

Value Conv2DTransposeLowering::buildAccumulator(
    Value outSlice, ArrayRef<OpFoldResult> outSizes) {
  MLIRContext *ctx = b.getContext();
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
  return acc;
}

Value Conv2DTransposeLowering::buildTapSum(const PhaseSegment &h,
                                           const PhaseSegment &w,
                                           Value inputSlice, Value filterSlice,
                                           Value acc) {
  MLIRContext *ctx = b.getContext();
  auto accTensorType = cast<RankedTensorType>(acc.getType());

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
  conv.getDefiningOp()->setAttr(TConvDialect::kStrategyAttrName, strategyAttr);
  return conv;
}

Value Conv2DTransposeLowering::buildEpilogue(Value conv, Value outSlice) {
  MLIRContext *ctx = b.getContext();
  AffineMap id4 = AffineMap::getMultiDimIdentityMap(4, ctx);
  // Activation and narrowing, elementwise on the segment (and the
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
                                Value dest, const Strategy &strategy) {
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
                              strategy, /*prepacked=*/false)
          .build();
  rewriter.replaceOp(op, result);
  return result;
}

Value tconv::buildConv2DTransposeWithPackedFilter(
    RewriterBase &rewriter, Location loc, const Conv2DTransposeLayer &layer,
    Value input, Value packedFilter, Value bias, Value dest,
    const Strategy &strategy) {
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  Strategy packed = strategy;
  packed.packFilter = true;
  return Conv2DTransposeLowering(rewriter, loc, layer, input, packedFilter,
                                 bias, element, dest, packed,
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
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DTransposeOp op,
                                PatternRewriter &rewriter) const override {
    StrategyAttr strategy = op.getStrategyAttr();
    if (!strategy)
      return rewriter.notifyMatchFailure(op, "no strategy");
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
        decomposeConv2DTranspose(rewriter, op, dest, getStrategy(strategy));
    if (failed(result))
      return failure();
    if (materialize && isa<TensorType>(materialize.getDest().getType()))
      rewriter.replaceOp(materialize, *result);
    return success();
  }
};

/// Lowers every conv2d_transpose as its strategy says; fails if one is
/// left.
struct TConvToLinalgPass
    : tconv::impl::TConvToLinalgPassBase<TConvToLinalgPass> {
  using TConvToLinalgPassBase::TConvToLinalgPassBase;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet owning(context);
    populateTConvToLinalgPatterns(owning);
    patterns = std::move(owning);
    return success();
  }

  void runOnOperation() override {
    WalkResult unfit = getOperation()->walk([&](Conv2DTransposeOp op) {
      StrategyAttr strategy = op.getStrategyAttr();
      if (!strategy) {
        op.emitError("tconv.conv2d_transpose has no strategy: run "
                     "tconv-select-strategy first, or write one");
        return WalkResult::interrupt();
      }
      FailureOr<Conv2DTransposeLayer> layer = op.getLayer();
      if (succeeded(layer) &&
          failed(checkContractionSegmentLimit(*layer, op.getLoc(),
                                              strategy.getBorders())))
        return WalkResult::interrupt();
      LLVM_DEBUG(llvm::dbgs() << "lowering " << op.getLoc() << " with "
                              << strategy << "\n");
      return WalkResult::advance();
    });
    if (unfit.wasInterrupted())
      return signalPassFailure();
    if (failed(applyPatternsGreedily(getOperation(), patterns))) {
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

private:
  FrozenRewritePatternSet patterns;
};

} // namespace

void tconv::populateTConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeConv2DTranspose>(patterns.getContext());
}
