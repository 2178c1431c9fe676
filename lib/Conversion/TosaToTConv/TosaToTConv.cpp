//===- TosaToTConv.cpp - tosa.transpose_conv2d to tconv -------------------===//
//
// TOSA's output is the full result of the transposed convolution grown by
// out_pad [top, bottom, left, right] (negative: cropped); tconv's explicit
// pads crop it, and a result longer than the crops leave grows it at the
// bottom or right (zeros, then the bias), while a forward convolution of it
// still gives the input length (verifier rule 10): by less than the stride.
//
//===----------------------------------------------------------------------===//

#include "TConv/Conversion/Passes.h"
#include "TConv/Dialect/TConvOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVTOSATOTCONVPASS
#include "TConv/Conversion/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

/// The activation `user` applies to the conv's result, if it is one tconv
/// has: relu and relu6 as a NaN-propagating tosa.clamp, sigmoid, tanh.
static std::optional<Activation> getFusedActivation(Operation *user) {
  if (isa<tosa::SigmoidOp>(user))
    return Activation::Sigmoid;
  if (isa<tosa::TanhOp>(user))
    return Activation::Tanh;
  auto clamp = dyn_cast<tosa::ClampOp>(user);
  if (!clamp || clamp.getNanMode() != tosa::NanPropagationMode::PROPAGATE)
    return std::nullopt;
  auto min = dyn_cast<FloatAttr>(clamp.getMinVal());
  auto max = dyn_cast<FloatAttr>(clamp.getMaxVal());
  if (!min || !max || !min.getValue().isZero())
    return std::nullopt;
  const llvm::APFloat &high = max.getValue();
  if (high.isInfinity() || high.isLargest())
    return Activation::Relu;
  if (high.convertToDouble() == 6.0)
    return Activation::Relu6;
  return std::nullopt;
}

namespace {

struct TransposeConv2DToTConv
    : public OpRewritePattern<tosa::TransposeConv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::TransposeConv2DOp op,
                                PatternRewriter &rewriter) const override {
    auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto weightType = dyn_cast<RankedTensorType>(op.getWeight().getType());
    auto biasType = dyn_cast<RankedTensorType>(op.getBias().getType());
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!inputType || !weightType || !biasType || !resultType)
      return rewriter.notifyMatchFailure(op, "unranked operands");
    if (!isa<FloatType>(inputType.getElementType()))
      return rewriter.notifyMatchFailure(op, "not floating point");
    // tconv's shapes: static but for the batch.
    auto staticButBatch = [](RankedTensorType t) {
      return llvm::none_of(t.getShape().drop_front(), ShapedType::isDynamic);
    };
    if (!weightType.hasStaticShape() || !biasType.hasStaticShape() ||
        !staticButBatch(inputType) || !staticButBatch(resultType))
      return rewriter.notifyMatchFailure(op, "dynamic beyond the batch");
    FailureOr<int64_t> inputZp = op.getInputZeroPoint();
    FailureOr<int64_t> weightZp = op.getWeightZeroPoint();
    if (failed(inputZp) || failed(weightZp) || *inputZp != 0 || *weightZp != 0)
      return rewriter.notifyMatchFailure(op, "zero points not constant 0");

    Conv2DTransposeLayer layer;
    layer.padding = Padding::Explicit;
    layer.filterFormat = FilterFormat::OHWI;
    layer.dataFormat = DataFormat::ChannelsLast;
    layer.hasBias = true;
    ArrayRef<int64_t> outPad = op.getOutPad(), stride = op.getStride();
    for (unsigned d = 0; d < 2; ++d) {
      int64_t before = outPad[2 * d], after = outPad[2 * d + 1];
      if (before > 0)
        return rewriter.notifyMatchFailure(op, "out_pad grows the top/left");
      if (after >= stride[d])
        return rewriter.notifyMatchFailure(op, "out_pad grows the bottom/"
                                               "right by a stride or more");
      layer.strides[d] = stride[d];
      layer.pads[2 * d] = -before;
      layer.pads[2 * d + 1] = std::max<int64_t>(-after, 0);
    }

    // TOSA broadcasts a bias of one element.
    Location loc = op.getLoc();
    Value bias = op.getBias();
    int64_t outChannels = weightType.getDimSize(0);
    if (biasType.getDimSize(0) != outChannels) {
      if (biasType.getDimSize(0) != 1)
        return rewriter.notifyMatchFailure(op, "bias length");
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      Value scalar = tensor::ExtractOp::create(rewriter, loc, bias, zero);
      bias = tensor::SplatOp::create(
          rewriter, loc,
          RankedTensorType::get({outChannels}, biasType.getElementType()),
          scalar);
    }

    // The activation the only user applies.
    Operation *replaced = op;
    if (op->hasOneUse()) {
      Operation *user = *op->getUsers().begin();
      if (std::optional<Activation> activation = getFusedActivation(user);
          activation && user->getResult(0).getType() == resultType) {
        layer.activation = *activation;
        replaced = user;
      }
    }
    auto conv = Conv2DTransposeOp::create(rewriter, loc, resultType, layer,
                                          op.getInput(), op.getWeight(), bias);
    rewriter.replaceOp(replaced, conv.getResult());
    if (replaced != op)
      rewriter.eraseOp(op);
    return success();
  }
};

struct TConvTosaToTConvPass
    : tconv::impl::TConvTosaToTConvPassBase<TConvTosaToTConvPass> {
  using TConvTosaToTConvPassBase::TConvTosaToTConvPassBase;

  void runOnOperation() override {
    // Quantized convolutions would silently lose their zero points.
    WalkResult quantized =
        getOperation()->walk([](tosa::TransposeConv2DOp op) {
          Type element = getElementTypeOrSelf(op.getInput().getType());
          if (isa<FloatType>(element))
            return WalkResult::advance();
          FailureOr<int64_t> inputZp = op.getInputZeroPoint();
          FailureOr<int64_t> weightZp = op.getWeightZeroPoint();
          auto show = [](FailureOr<int64_t> zp) {
            return succeeded(zp) ? std::to_string(*zp) : std::string("?");
          };
          op.emitOpError("on ")
              << element << " (input zero point " << show(inputZp)
              << ", weight zero point " << show(weightZp)
              << "): TConv has no quantized kernels";
          return WalkResult::interrupt();
        });
    if (quantized.wasInterrupted())
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateTosaToTConvPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void tconv::populateTosaToTConvPatterns(RewritePatternSet &patterns) {
  patterns.add<TransposeConv2DToTConv>(patterns.getContext());
}
