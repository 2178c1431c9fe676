//===- RaiseDilatedConv.cpp - The zero-insertion idiom to tconv -----------===//
//
// StableHLO/XLA-style lowerings write a transposed convolution as a stride-1
// convolution of the input scattered into zeros:
//   %z = linalg.fill 0 -> %d = tensor.insert_slice %x into %z
//        [0, p0, p1, 0] [N, H, W, C] [1, s0, s1, 1]   (NHWC; NCHW alike)
//   (%d = tensor.pad %d low [0, a0, a1, 0] high [0, c0, c1, 0] with 0)
//   %y = linalg.conv_2d_{nhwc_hwcf,nhwc_fhwc,nchw_fchw} (stride 1, dilation
//        1) %d, flip(W)
//        into linalg.fill 0
// Per spatial dimension, out[t] = sum_j D[t + K - 1 - j - a] W[j], and D is
// x[i] at p + i * s: out[t] is full[t + pad_before] of the transposed
// convolution of x by W with pad_before = K - 1 - p - a. The raise checks
// every piece of that (zero fill, unit batch/channel strides, stride-1
// undilated convolution, zero init, a flip of W it can undo) and leaves
// anything else alone.
//
//===----------------------------------------------------------------------===//

#include "TConv/Conversion/Passes.h"
#include "TConv/Dialect/TConvOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVRAISEDILATEDCONVPASS
#include "TConv/Conversion/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

/// Whether `v` is a tensor filled with 0.0 by linalg.fill.
static bool isZeroFill(Value v) {
  auto fill = v.getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getDpsInputs()[0], m_AnyZeroFloat());
}

static bool allOnes(DenseIntElementsAttr attr) {
  return llvm::all_of(attr.getValues<int64_t>(),
                      [](int64_t v) { return v == 1; });
}

/// The filter `flipped` reverses along its spatial dimensions `h` and `w`:
/// an argument flipped by a copying linalg.generic whose input map reads
/// (K - 1 - d) along them, or a constant, flipped back here.
static Value unflipFilter(PatternRewriter &rewriter, Value flipped, unsigned h,
                          unsigned w) {
  auto type = cast<RankedTensorType>(flipped.getType());
  int64_t kh = type.getDimSize(h), kw = type.getDimSize(w);
  DenseElementsAttr constant;
  if (matchPattern(flipped, m_Constant(&constant))) {
    SmallVector<Attribute> values(constant.getValues<Attribute>());
    SmallVector<Attribute> unflipped(values.size());
    ArrayRef<int64_t> shape = type.getShape();
    SmallVector<int64_t> index(4, 0);
    for (size_t i = 0; i < values.size(); ++i) {
      int64_t rest = i;
      for (int d = 3; d >= 0; --d) {
        index[d] = rest % shape[d];
        rest /= shape[d];
      }
      index[h] = kh - 1 - index[h];
      index[w] = kw - 1 - index[w];
      int64_t j = ((index[0] * shape[1] + index[1]) * shape[2] + index[2]) *
                      shape[3] +
                  index[3];
      unflipped[i] = values[j];
    }
    return arith::ConstantOp::create(
        rewriter, flipped.getLoc(), DenseElementsAttr::get(type, unflipped));
  }
  auto generic = flipped.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic.getNumResults() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return Value();
  auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
  if (yield.getNumOperands() != 1 ||
      yield.getOperand(0) != generic.getBody()->getArgument(0) ||
      generic.getBody()->getOperations().size() != 1)
    return Value();
  MLIRContext *context = rewriter.getContext();
  SmallVector<AffineExpr> reads;
  for (unsigned d = 0; d < 4; ++d) {
    AffineExpr dim = getAffineDimExpr(d, context);
    reads.push_back(d == h ? kh - 1 - dim : d == w ? kw - 1 - dim : dim);
  }
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[0] != AffineMap::get(4, 0, reads, context) ||
      !maps[1].isIdentity() ||
      generic.getDpsInputs()[0].getType() != flipped.getType())
    return Value();
  return generic.getDpsInputs()[0];
}

/// The bias and activation `user`, the only user of a convolution's
/// result, applies to it: a parallel linalg.generic whose body adds a bias
/// read along the channels (`channelDim`) and/or takes the maximum with 0
/// (relu), into a tensor of the result's type. Sets `bias` (null when none)
/// and `activation`; fails for anything else.
static LogicalResult matchEpilogue(linalg::GenericOp user, Value result,
                                   unsigned channelDim, Value &bias,
                                   Activation &activation) {
  if (user.getNumResults() != 1 || user.getNumDpsInits() != 1 ||
      user.getNumParallelLoops() != user.getNumLoops() ||
      user.getResult(0).getType() != result.getType() ||
      user.getNumDpsInputs() < 1 || user.getNumDpsInputs() > 2)
    return failure();
  SmallVector<AffineMap> maps = user.getIndexingMapsArray();
  Block *body = user.getBody();
  BlockArgument value, biasArg;
  for (auto [i, input] : llvm::enumerate(user.getDpsInputs())) {
    if (input == result && maps[i].isIdentity() && !value) {
      value = body->getArgument(i);
      continue;
    }
    AffineMap channel = AffineMap::get(
        4, 0, getAffineDimExpr(channelDim, user.getContext()));
    auto biasType = dyn_cast<RankedTensorType>(input.getType());
    if (maps[i] != channel || biasArg || !biasType ||
        biasType.getRank() != 1 ||
        biasType.getDimSize(0) !=
            cast<RankedTensorType>(result.getType()).getDimSize(channelDim))
      return failure();
    biasArg = body->getArgument(i);
    bias = input;
  }
  if (!value || !maps.back().isIdentity())
    return failure();
  // The body: [v = addf(value, bias)] [v = maximumf(v, 0)] yield v.
  Value current = value;
  bool added = false;
  activation = Activation::None;
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  for (Operation &op : body->without_terminator()) {
    if (auto add = dyn_cast<arith::AddFOp>(op);
        add && biasArg && activation == Activation::None &&
        current == value &&
        ((add.getLhs() == current && add.getRhs() == biasArg) ||
         (add.getRhs() == current && add.getLhs() == biasArg))) {
      current = add.getResult();
      added = true;
      continue;
    }
    if (auto max = dyn_cast<arith::MaximumFOp>(op);
        max && activation == Activation::None &&
        ((max.getLhs() == current &&
          matchPattern(max.getRhs(), m_AnyZeroFloat())) ||
         (max.getRhs() == current &&
          matchPattern(max.getLhs(), m_AnyZeroFloat())))) {
      current = max.getResult();
      activation = Activation::Relu;
      continue;
    }
    return failure();
  }
  // Something done, and a bias that is read is added.
  if (yield.getNumOperands() != 1 || yield.getOperand(0) != current ||
      current == value || (biasArg && !added))
    return failure();
  return success();
}

namespace {

/// Where a convolution's layouts keep the spatial and channel dimensions,
/// and the tconv filter format its (unflipped) filter becomes, through a
/// transpose when tconv has no format for it.
struct ConvLayout {
  std::array<unsigned, 2> imageSpatial;
  unsigned imageChannels;
  std::array<unsigned, 2> filterSpatial;
  DataFormat dataFormat;
  FilterFormat filterFormat;
  SmallVector<int64_t, 4> filterTranspose; ///< Empty: none.
};

template <typename ConvOp> static ConvLayout getConvLayout() {
  if constexpr (std::is_same_v<ConvOp, linalg::Conv2DNhwcHwcfOp>)
    // HWCF is hwoi with the channels swapped.
    return {{1, 2}, 3, {0, 1}, DataFormat::ChannelsLast, FilterFormat::HWOI,
            {0, 1, 3, 2}};
  else if constexpr (std::is_same_v<ConvOp, linalg::Conv2DNhwcFhwcOp>)
    return {{1, 2}, 3, {1, 2}, DataFormat::ChannelsLast, FilterFormat::OHWI,
            {}};
  else
    // FCHW is iohw with the channels swapped.
    return {{2, 3}, 1, {2, 3}, DataFormat::ChannelsFirst, FilterFormat::IOHW,
            {1, 0, 2, 3}};
}

template <typename ConvOp>
struct RaiseDilatedConv : public OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    const ConvLayout layout = getConvLayout<ConvOp>();
    auto [sh, sw] = layout.imageSpatial;
    unsigned ch = layout.imageChannels;
    if (!allOnes(conv.getStrides()) || !allOnes(conv.getDilations()))
      return rewriter.notifyMatchFailure(conv, "strided or dilated");
    if (conv->getNumResults() != 1 || !isZeroFill(conv.getDpsInits()[0]))
      return rewriter.notifyMatchFailure(conv, "init is not a zero fill");
    auto resultType = dyn_cast<RankedTensorType>(conv->getResult(0).getType());
    if (!resultType || !resultType.hasStaticShape() ||
        !isa<FloatType>(resultType.getElementType()))
      return rewriter.notifyMatchFailure(conv, "not static floats");

    // The image: zeros with the input inserted at a stride, maybe padded.
    Value image = conv.getDpsInputs()[0];
    std::array<int64_t, 2> low = {0, 0};
    if (auto pad = image.getDefiningOp<tensor::PadOp>()) {
      Value padValue = pad.getConstantPaddingValue();
      ArrayRef<int64_t> lo = pad.getStaticLow(), hi = pad.getStaticHigh();
      if (!padValue || !matchPattern(padValue, m_AnyZeroFloat()) ||
          ShapedType::isDynamicShape(lo) || ShapedType::isDynamicShape(hi) ||
          lo[0] || hi[0] || lo[ch] || hi[ch])
        return rewriter.notifyMatchFailure(conv, "pad is not a spatial zero");
      low = {lo[sh], lo[sw]};
      image = pad.getSource();
    }
    auto insert = image.getDefiningOp<tensor::InsertSliceOp>();
    if (!insert || !isZeroFill(insert.getDest()) ||
        ShapedType::isDynamicShape(insert.getStaticOffsets()) ||
        ShapedType::isDynamicShape(insert.getStaticStrides()))
      return rewriter.notifyMatchFailure(conv, "no zero-inserted input");
    Value input = insert.getSource();
    auto inputType = dyn_cast<RankedTensorType>(input.getType());
    ArrayRef<int64_t> offsets = insert.getStaticOffsets();
    ArrayRef<int64_t> strides = insert.getStaticStrides();
    if (!inputType || !inputType.hasStaticShape() || offsets[0] ||
        offsets[ch] || strides[0] != 1 || strides[ch] != 1 ||
        insert.getDestType().getDimSize(0) != inputType.getDimSize(0) ||
        insert.getDestType().getDimSize(ch) != inputType.getDimSize(ch))
      return rewriter.notifyMatchFailure(conv, "insert along batch/channels");

    Value filter = conv.getDpsInputs()[1];
    auto filterType = cast<RankedTensorType>(filter.getType());
    Conv2DTransposeLayer layer;
    layer.padding = Padding::Explicit;
    layer.dataFormat = layout.dataFormat;
    layer.filterFormat = layout.filterFormat;
    for (unsigned d = 0; d < 2; ++d) {
      unsigned dim = layout.imageSpatial[d];
      int64_t k = filterType.getDimSize(layout.filterSpatial[d]);
      int64_t i = inputType.getDimSize(dim), s = strides[dim];
      int64_t before = k - 1 - offsets[dim] - low[d];
      int64_t full = (i - 1) * s + k;
      int64_t after = full - before - resultType.getDimSize(dim);
      // A longer output than the crops leave must stay within a stride of
      // the input's reach (verifier rule 10).
      if (before < 0 || after <= -s)
        return rewriter.notifyMatchFailure(conv, "output out of reach");
      layer.strides[d] = s;
      layer.pads[2 * d] = before;
      layer.pads[2 * d + 1] = std::max<int64_t>(after, 0);
    }

    // The filter, flipped spatially; last, as unflipping a constant creates
    // one.
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(conv);
    auto [h, w] = layout.filterSpatial;
    Value unflipped = unflipFilter(rewriter, filter, h, w);
    if (!unflipped)
      return rewriter.notifyMatchFailure(conv, "filter is not flipped");
    if (!layout.filterTranspose.empty()) {
      SmallVector<int64_t> shape = llvm::map_to_vector(
          layout.filterTranspose,
          [&](int64_t d) { return filterType.getDimSize(d); });
      Value init = tensor::EmptyOp::create(rewriter, conv.getLoc(), shape,
                                           filterType.getElementType());
      unflipped = linalg::TransposeOp::create(rewriter, conv.getLoc(),
                                              unflipped, init,
                                              layout.filterTranspose)
                      ->getResult(0);
    }
    // A bias add and relu that only this convolution feeds are the op's.
    Operation *replaced = conv;
    Value bias;
    if (conv->hasOneUse())
      if (auto user = dyn_cast<linalg::GenericOp>(*conv->user_begin())) {
        Activation activation;
        Value userBias;
        if (succeeded(matchEpilogue(user, conv->getResult(0), ch, userBias,
                                    activation))) {
          layer.activation = activation;
          layer.hasBias = static_cast<bool>(userBias);
          bias = userBias;
          replaced = user;
          // Where the bias is defined.
          rewriter.setInsertionPoint(user);
        }
      }
    auto raised = Conv2DTransposeOp::create(rewriter, conv.getLoc(),
                                            resultType, layer, input,
                                            unflipped, bias);
    rewriter.replaceOp(replaced, raised.getResult());
    if (replaced != conv.getOperation())
      rewriter.eraseOp(conv);
    return success();
  }
};

struct TConvRaiseDilatedConvPass
    : tconv::impl::TConvRaiseDilatedConvPassBase<TConvRaiseDilatedConvPass> {
  using TConvRaiseDilatedConvPassBase::TConvRaiseDilatedConvPassBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateRaiseDilatedConvPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void tconv::populateRaiseDilatedConvPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseDilatedConv<linalg::Conv2DNhwcHwcfOp>,
               RaiseDilatedConv<linalg::Conv2DNhwcFhwcOp>,
               RaiseDilatedConv<linalg::Conv2DNchwFchwOp>>(
      patterns.getContext());
}
