//===- FilterPacking.cpp - The packed filter layouts ----------------------===//

#include "TConv/Conversion/TConvToLinalg/FilterPacking.h"

#include "TConv/Conversion/TConvToLinalg/Phases.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tconv;

Value tconv::buildGatherCopy(OpBuilder &b, Location loc, Value source,
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


std::optional<PhaseGroup>
tconv::getFoldedColumnGroup(const Conv2DTransposeLayer &layer,
                            const Strategy &strategy) {
  if (!strategy.foldColumns)
    return std::nullopt;
  return getFoldedColumnGroup(layer, strategy.borders);
}

bool tconv::usesBlockedFilter(const Conv2DTransposeLayer &layer,
                              const Strategy &strategy) {
  int64_t filterBlock = strategy.filterBlock;
  return filterBlock > 0 && layer.dataFormat == DataFormat::ChannelsLast &&
         layer.outChannels >= kMaxColumnsInnerChannels &&
         layer.outChannels % filterBlock == 0 &&
         !getFoldedColumnGroup(layer, strategy);
}

SmallVector<int64_t>
tconv::getPackedFilterShape(const Conv2DTransposeLayer &layer,
                            const Strategy &strategy) {
  int64_t filterBlock = strategy.filterBlock;
  if (usesBlockedFilter(layer, strategy))
    return {layer.outChannels / filterBlock, layer.kernelSize[0],
            layer.kernelSize[1], layer.inChannels, filterBlock};
  // Rows of a multiple of 64 channels get 16 more, unused: a channel tile
  // reads the same few columns of every row, and with a power-of-two pitch
  // those all fall into the same few cache sets (512 f32 channels: a 2 KB
  // pitch, 2 of L1's 64 sets), so the filter block of an input-channel
  // block evicts itself from L1 and L2.
  int64_t taps = layer.kernelSize[1], row = layer.outChannels;
  if (std::optional<PhaseGroup> fold = getFoldedColumnGroup(layer, strategy)) {
    taps = fold->first.numTaps;
    row *= fold->count;
  }
  if (row % 64 == 0)
    row += 16;
  return {layer.kernelSize[0], taps, layer.inChannels, row};
}

Value tconv::packFilter(OpBuilder &b, Location loc,
                        const Conv2DTransposeLayer &layer, Value filter,
                        const Strategy &strategy) {
  int64_t filterBlock = strategy.filterBlock;
  // packed[kh, kw, ci, co] = filter[KH-1-kh, KW-1-kw, co, ci]: output
  // channels innermost, as the contraction's innermost loop runs, and the
  // taps reversed, so that every contraction's indexing maps increase with
  // each loop (what linalg's tiling assumes when it slices operands).
  // Blocked: packed[co / B, kh, kw, ci, co % B].
  MLIRContext *ctx = b.getContext();
  bool blocked = usesBlockedFilter(layer, strategy);
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
  if (std::optional<PhaseGroup> fold = getFoldedColumnGroup(layer, strategy)) {
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
      getPackedFilterShape(layer, strategy);
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
