//===- TConvOps.cpp - TConv operations ------------------------------------===//
//
// Builder, verifier and shape reification of tconv.conv2d_transpose. The
// verifier enforces the TensorFlow contract; each rule carries the tag
// `conv2d_transpose_cN` of the numbered list in TConvOps.td.
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/TConvOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tconv;

#define GET_OP_CLASSES
#include "TConv/Dialect/TConvOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Layer description
//===----------------------------------------------------------------------===//

/// Index of N, C, H, W in an input/output shape of the given format.
static std::array<unsigned, 4> getNCHWIndices(DataFormat format) {
  if (format == DataFormat::ChannelsFirst)
    return {0, 1, 2, 3};
  return {0, 3, 1, 2};
}

/// Index of Cout, Cin, KH, KW in a filter shape of the given format.
static std::array<unsigned, 4> getOIHWIndices(FilterFormat format) {
  switch (format) {
  case FilterFormat::HWOI:
    return {2, 3, 0, 1};
  case FilterFormat::IOHW:
    return {1, 0, 2, 3};
  case FilterFormat::OHWI:
    return {0, 3, 1, 2};
  }
  return {};
}

/// Copies the attributes of `op` into `layer` (sizes are left alone).
static void copyAttributes(Conv2DTransposeOp op, Conv2DTransposeLayer &layer) {
  llvm::copy(op.getStrides().take_front(2), layer.strides.begin());
  llvm::copy(op.getDilations().take_front(2), layer.dilations.begin());
  if (std::optional<ArrayRef<int64_t>> pads = op.getPads())
    llvm::copy(pads->take_front(4), layer.pads.begin());
  layer.padding = op.getPadding();
  layer.dataFormat = op.getDataFormat();
  layer.filterFormat = op.getFilterFormat();
  layer.activation = op.getActivation();
  if (std::optional<APFloat> alpha = op.getAlpha())
    layer.alpha = alpha->convertToDouble();
  layer.hasBias = static_cast<bool>(op.getBias());
}

FailureOr<Conv2DTransposeLayer> Conv2DTransposeOp::getLayer() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto outputType = cast<RankedTensorType>(getOutput().getType());
  if (inputType.getRank() != 4 || filterType.getRank() != 4 ||
      outputType.getRank() != 4 || getStrides().size() != 2 ||
      getDilations().size() != 2 || (getPads() && getPads()->size() != 4))
    return failure();
  Conv2DTransposeLayer layer;
  copyAttributes(*this, layer);
  auto [n, c, h, w] = getNCHWIndices(layer.dataFormat);
  auto [fo, fi, fh, fw] = getOIHWIndices(layer.filterFormat);
  ArrayRef<int64_t> in = inputType.getShape();
  ArrayRef<int64_t> filter = filterType.getShape();
  ArrayRef<int64_t> out = outputType.getShape();
  layer.batch = in[n];
  layer.inChannels = in[c];
  layer.inputSize = {in[h], in[w]};
  layer.kernelSize = {filter[fh], filter[fw]};
  layer.outChannels = filter[fo];
  layer.outputSize = {out[h], out[w]};
  return layer;
}

//===----------------------------------------------------------------------===//
// Builder
//===----------------------------------------------------------------------===//

void Conv2DTransposeOp::build(OpBuilder &builder, OperationState &state,
                              Value input, Value filter, Value bias,
                              ArrayRef<int64_t> strides, Padding padding,
                              ArrayRef<int64_t> pads,
                              ArrayRef<int64_t> dilations,
                              DataFormat dataFormat, FilterFormat filterFormat,
                              Activation activation,
                              std::optional<double> alpha) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  Conv2DTransposeLayer layer;
  llvm::copy(strides.take_front(2), layer.strides.begin());
  llvm::copy(dilations.take_front(2), layer.dilations.begin());
  llvm::copy(pads.take_front(4), layer.pads.begin());
  layer.padding = padding;
  layer.dataFormat = dataFormat;
  layer.filterFormat = filterFormat;
  auto [n, c, h, w] = getNCHWIndices(dataFormat);
  auto [fo, fi, fh, fw] = getOIHWIndices(filterFormat);
  layer.batch = inputType.getDimSize(n);
  layer.inputSize = {inputType.getDimSize(h), inputType.getDimSize(w)};
  layer.kernelSize = {filterType.getDimSize(fh), filterType.getDimSize(fw)};
  layer.outChannels = filterType.getDimSize(fo);
  layer.inferOutputSize();
  auto resultType =
      RankedTensorType::get(layer.getOutputShape(), inputType.getElementType());
  build(builder, state, resultType, input, filter, bias,
        builder.getDenseI64ArrayAttr(strides),
        PaddingAttr::get(builder.getContext(), padding),
        pads.empty() ? DenseI64ArrayAttr() : builder.getDenseI64ArrayAttr(pads),
        builder.getDenseI64ArrayAttr(dilations),
        DataFormatAttr::get(builder.getContext(), dataFormat),
        FilterFormatAttr::get(builder.getContext(), filterFormat),
        ActivationAttr::get(builder.getContext(), activation),
        alpha ? builder.getF64FloatAttr(*alpha) : FloatAttr(),
        /*strategy=*/StrategyAttr());
}

void Conv2DTransposeOp::build(OpBuilder &builder, OperationState &state,
                              const Conv2DTransposeLayer &layer, Value input,
                              Value filter, Value bias) {
  auto resultType = RankedTensorType::get(
      layer.getOutputShape(),
      cast<ShapedType>(input.getType()).getElementType());
  build(builder, state, resultType, layer, input, filter, bias);
}

void Conv2DTransposeOp::build(OpBuilder &builder, OperationState &state,
                              Type resultType,
                              const Conv2DTransposeLayer &layer, Value input,
                              Value filter, Value bias) {
  MLIRContext *ctx = builder.getContext();
  // Pads given with another padding are kept, for the verifier to reject.
  DenseI64ArrayAttr pads;
  if (layer.padding == Padding::Explicit ||
      llvm::any_of(layer.pads, [](int64_t p) { return p != 0; }))
    pads = builder.getDenseI64ArrayAttr(layer.pads);
  build(builder, state, resultType, input, filter, bias,
        builder.getDenseI64ArrayAttr(layer.strides),
        PaddingAttr::get(ctx, layer.padding), pads,
        builder.getDenseI64ArrayAttr(layer.dilations),
        DataFormatAttr::get(ctx, layer.dataFormat),
        FilterFormatAttr::get(ctx, layer.filterFormat),
        ActivationAttr::get(ctx, layer.activation),
        layer.alpha ? builder.getF64FloatAttr(*layer.alpha) : FloatAttr(),
        /*strategy=*/StrategyAttr());
}

//===----------------------------------------------------------------------===//
// Verifier
//===----------------------------------------------------------------------===//

/// Bound on every size, stride, dilation and pad, so that the length
/// arithmetic of the shape rules (products of two of them) cannot overflow.
static constexpr int64_t kMaxSize = int64_t(1) << 31;
/// Bound on the bytes of each operand and of the result.
static constexpr int64_t kMaxBytes = int64_t(1) << 62;

LogicalResult Conv2DTransposeOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto outputType = cast<RankedTensorType>(getOutput().getType());
  auto biasType =
      getBias() ? cast<RankedTensorType>(getBias().getType()) : nullptr;

  // conv2d_transpose_c1: ranks.
  if (inputType.getRank() != 4)
    return emitOpError("expected input of rank 4, got rank ")
           << inputType.getRank();
  if (filterType.getRank() != 4)
    return emitOpError("expected filter of rank 4, got rank ")
           << filterType.getRank();
  if (outputType.getRank() != 4)
    return emitOpError("expected output of rank 4, got rank ")
           << outputType.getRank();
  if (biasType && biasType.getRank() != 1)
    return emitOpError("expected bias of rank 1, got rank ")
           << biasType.getRank();

  // conv2d_transpose_c2: one element type.
  Type elementType = inputType.getElementType();
  for (auto [name, type] :
       {std::pair<StringRef, RankedTensorType>{"filter", filterType},
        {"bias", biasType},
        {"output", outputType}}) {
    if (type && type.getElementType() != elementType)
      return emitOpError("expected ")
             << name << " element type to match the input's " << elementType
             << ", got " << type.getElementType();
  }

  // conv2d_transpose_c3, c4: strides and dilations.
  for (auto [name, values] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"strides", getStrides()},
        {"dilations", getDilations()}}) {
    if (values.size() != 2)
      return emitOpError("expected 2 ")
             << name << ", got " << values.size();
    if (llvm::any_of(values, [](int64_t v) { return v < 1; }))
      return emitOpError("expected ")
             << name << " >= 1, got [" << values << "]";
  }

  // conv2d_transpose_c5: pads exactly with explicit padding.
  std::optional<ArrayRef<int64_t>> pads = getPads();
  if (getPadding() == Padding::Explicit) {
    if (!pads)
      return emitOpError("expected pads with explicit padding");
    if (pads->size() != 4)
      return emitOpError("expected 4 pads [top, bottom, left, right], got ")
             << pads->size();
    if (llvm::any_of(*pads, [](int64_t v) { return v < 0; }))
      return emitOpError("expected pads >= 0, got [") << *pads << "]";
  } else if (pads) {
    return emitOpError("expected no pads with padding ")
           << stringifyPadding(getPadding()) << ", pads are only for explicit";
  }

  // conv2d_transpose_c12: attributes first, so the shape rules below see
  // bounded values.
  for (auto [name, values] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"strides", getStrides()},
        {"dilations", getDilations()},
        {"pads", pads.value_or(ArrayRef<int64_t>())}})
    if (llvm::any_of(values, [](int64_t v) { return v >= kMaxSize; }))
      return emitOpError("expected ")
             << name << " below 2^31, got [" << values << "]";

  // conv2d_transpose_c6, c12, c13: static shapes but the batch, sizes.
  for (auto [name, type] :
       {std::pair<StringRef, RankedTensorType>{"input", inputType},
        {"filter", filterType},
        {"bias", biasType},
        {"output", outputType}}) {
    if (!type)
      continue;
    bool isActivation = name == "input" || name == "output";
    for (auto [i, d] : llvm::enumerate(type.getShape())) {
      if (ShapedType::isDynamic(d) && !(isActivation && i == 0))
        return emitOpError("expected static ")
               << name << " shape except the batch, got "
               << formatShape(type.getShape());
      // conv2d_transpose_c12: no empty tensor, no size to overflow on.
      if (!ShapedType::isDynamic(d) && d < 1)
        return emitOpError("expected non-empty ")
               << name << ", got shape " << formatShape(type.getShape());
      if (d >= kMaxSize)
        return emitOpError("expected ")
               << name << " sizes below 2^31, got shape "
               << formatShape(type.getShape());
    }
    // conv2d_transpose_c13: byte sizes, and so every linear index, fit in 64
    // bits (a dynamic batch is checked by whoever runs the op).
    int64_t bytes = type.getElementTypeBitWidth() / 8;
    for (int64_t d : type.getShape())
      if (!ShapedType::isDynamic(d) &&
          (llvm::MulOverflow(bytes, d, bytes) || bytes >= kMaxBytes))
        return emitOpError("expected ")
               << name << " smaller than 2^62 bytes, got shape "
               << formatShape(type.getShape()) << " of " << elementType;
  }

  FailureOr<Conv2DTransposeLayer> layer = getLayer();
  if (failed(layer))
    return emitOpError("unexpected malformed attributes");
  auto [n, c, h, w] = getNCHWIndices(layer->dataFormat);
  auto [fo, fi, fh, fw] = getOIHWIndices(layer->filterFormat);

  // conv2d_transpose_c7: input channels.
  if (filterType.getDimSize(fi) != layer->inChannels)
    return emitOpError("expected filter input channels (")
           << filterType.getDimSize(fi) << ") to match input channels ("
           << layer->inChannels << ") for filter_format "
           << stringifyFilterFormat(layer->filterFormat);

  // conv2d_transpose_c8: output channels.
  if (outputType.getDimSize(c) != layer->outChannels)
    return emitOpError("expected output channels (")
           << outputType.getDimSize(c) << ") to match filter output channels ("
           << layer->outChannels << ")";
  if (biasType && biasType.getDimSize(0) != layer->outChannels)
    return emitOpError("expected bias length (")
           << biasType.getDimSize(0) << ") to match filter output channels ("
           << layer->outChannels << ")";

  // conv2d_transpose_c9: batch.
  int64_t outBatch = outputType.getDimSize(n);
  if (!ShapedType::isDynamic(layer->batch) && !ShapedType::isDynamic(outBatch) &&
      layer->batch != outBatch)
    return emitOpError("expected output batch (")
           << outBatch << ") to match input batch (" << layer->batch << ")";

  // conv2d_transpose_c10: output lengths TF accepts.
  for (unsigned d = 0; d < 2; ++d) {
    int64_t i = layer->inputSize[d], o = layer->outputSize[d];
    if (isLegalOutputLength(i, o, layer->kernelSize[d], layer->strides[d],
                            layer->dilations[d], layer->padding,
                            layer->pads[2 * d], layer->pads[2 * d + 1]))
      continue;
    return emitOpError("expected output ")
           << (d == 0 ? "height" : "width") << " " << o
           << " to be legal for input length " << i << ", kernel "
           << layer->kernelSize[d] << ", stride " << layer->strides[d]
           << ", dilation " << layer->dilations[d] << " and padding "
           << stringifyPadding(layer->padding) << " (default length "
           << getDefaultOutputLength(i, layer->kernelSize[d],
                                     layer->strides[d], layer->dilations[d],
                                     layer->padding, layer->pads[2 * d],
                                     layer->pads[2 * d + 1])
           << ")";
  }

  // conv2d_transpose_c11: alpha only where it means something.
  if (getAlpha() && !activationTakesAlpha(getActivation()))
    return emitOpError("expected no alpha with activation ")
           << stringifyActivation(getActivation())
           << ", alpha is only for leaky_relu and elu";

  // conv2d_transpose_c14: a strategy that fits the layer.
  if (StrategyAttr strategy = getStrategyAttr()) {
    int64_t block = strategy.getFilterBlock();
    if (block > 0 && (layer->dataFormat != DataFormat::ChannelsLast ||
                      layer->outChannels % block != 0))
      return emitOpError("expected a strategy filter_block that divides the "
                         "output channels (")
             << layer->outChannels << ") of a channels_last layer, got "
             << block;
    ArrayRef<int64_t> tile = strategy.getTile();
    if (!tile.empty()) {
      std::array<int64_t, 4> room = {layer->outputSize[0], layer->outputSize[1],
                                     layer->outChannels, layer->batch};
      static constexpr const char *kNames[] = {"rows", "columns", "channels",
                                               "images"};
      for (unsigned i = 0; i < 4; ++i)
        if (!ShapedType::isDynamic(room[i]) && tile[i] > room[i])
          return emitOpError("expected a strategy tile of at most ")
                 << room[i] << " " << kNames[i] << ", got " << tile[i];
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ReifyRankedShapedTypeOpInterface
//===----------------------------------------------------------------------===//

LogicalResult Conv2DTransposeOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  auto outputType = cast<RankedTensorType>(getOutput().getType());
  SmallVector<OpFoldResult> shape;
  for (auto [i, d] : llvm::enumerate(outputType.getShape())) {
    // Only the batch (dimension 0 in both data formats) may be dynamic.
    if (ShapedType::isDynamic(d))
      shape.push_back(
          builder.createOrFold<tensor::DimOp>(getLoc(), getInput(), 0));
    else
      shape.push_back(builder.getIndexAttr(d));
  }
  reifiedReturnShapes.push_back(std::move(shape));
  return success();
}
