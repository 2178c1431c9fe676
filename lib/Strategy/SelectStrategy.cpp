//===- SelectStrategy.cpp - Choosing how a layer is lowered ---------------===//

#include "TConv/Strategy/Passes.h"

#include "TConv/Dialect/TConvDialect.h"
#include "TConv/Conversion/TConvToLinalg/FilterPacking.h"
#include "TConv/Dialect/TConvOps.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "tconv-select-strategy"

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVSELECTSTRATEGYPASS
#include "TConv/Strategy/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

FailureOr<std::optional<Borders>> tconv::parseBorders(StringRef name) {
  if (name == "auto")
    return std::optional<Borders>();
  if (name == "exact-rows")
    return std::optional<Borders>(Borders::ExactRows);
  if (std::optional<Borders> borders = symbolizeBorders(name))
    return std::optional<Borders>(borders);
  return failure();
}

Strategy tconv::selectStrategy(const Conv2DTransposeLayer &layer,
                               int64_t elementBits,
                               const TargetDescription &target,
                               const StrategyOptions &options) {
  Strategy strategy;
  strategy.borders = options.borders ? *options.borders : selectBorders(layer);
  strategy.packFilter = options.packFilter;
  // A tile given larger than the output is the whole output.
  strategy.tile = options.tile;
  auto clamp = [](int64_t &size, int64_t extent) {
    if (!ShapedType::isDynamic(extent))
      size = std::min(size, extent);
  };
  clamp(strategy.tile.rows, layer.outputSize[0]);
  clamp(strategy.tile.cols, layer.outputSize[1]);
  clamp(strategy.tile.channels, layer.outChannels);
  clamp(strategy.tile.batch, layer.batch);
  strategy.inputChannelBlock = options.inputChannelBlock;
  strategy.parallel = options.threads != 1;
  strategy.minParallelFlops = options.minParallelFlops;
  if (strategy.packFilter) {
    // f16 and bf16 accumulate in f32.
    int64_t accBits = std::max<int64_t>(elementBits, 32);
    strategy.foldColumns =
        selectFoldColumns(layer, strategy.borders, accBits, target);
    int64_t block = options.filterBlock;
    if (block == StrategyOptions::kAutoFilterBlock)
      block = getFilterBlock(layer, strategy, getTileOptions(strategy, target),
                             accBits);
    strategy.filterBlock = block;
    // A block the layout cannot take (not dividing the channels, folded
    // column phases, columns along the vectors) is no block.
    if (!usesBlockedFilter(layer, strategy))
      strategy.filterBlock = 0;
  }
  return strategy;
}

FailureOr<Strategy> tconv::selectStrategy(Conv2DTransposeOp op,
                                          const TargetDescription &target,
                                          const StrategyOptions &options) {
  if (StrategyAttr given = op.getStrategyAttr())
    return getStrategy(given);
  FailureOr<Conv2DTransposeLayer> layer = op.getLayer();
  if (failed(layer))
    return op.emitOpError("has malformed attributes");
  int64_t bits =
      cast<RankedTensorType>(op.getType()).getElementType().getIntOrFloatBitWidth();
  return selectStrategy(*layer, bits, target, options);
}

namespace {

struct TConvSelectStrategyPass
    : tconv::impl::TConvSelectStrategyPassBase<TConvSelectStrategyPass> {
  using TConvSelectStrategyPassBase::TConvSelectStrategyPassBase;

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<std::optional<Borders>> mode = parseBorders(borders);
    if (failed(mode))
      return emitError(UnknownLoc::get(context))
             << "tconv-select-strategy: borders must be auto, exact, padded "
                "or exact-rows, got '"
             << borders << "'";
    options.borders = *mode;
    for (auto [name, value, least] :
         {std::tuple<StringRef, int64_t, int64_t>{"filter-block", filterBlock,
                                                  -1},
          {"tile-rows", tileRows, 0},
          {"tile-cols", tileCols, 0},
          {"tile-channels", tileChannels, 0},
          {"tile-images", tileImages, 0},
          {"tile-ci", tileCi, 0},
          {"min-parallel-flops", minParallelFlops, 0}})
      if (value < least)
        return emitError(UnknownLoc::get(context))
               << "tconv-select-strategy: " << name << " must be at least "
               << least << ", got " << value;
    if (filterBlock > 0 && !packFilter)
      return emitError(UnknownLoc::get(context))
             << "tconv-select-strategy: filter-block needs pack-filter";
    options.packFilter = packFilter;
    options.filterBlock = filterBlock;
    options.tile = {tileCols, tileChannels, tileRows, tileImages};
    options.inputChannelBlock = tileCi;
    options.threads = threads;
    options.minParallelFlops = minParallelFlops;
    return success();
  }

  void runOnOperation() override {
    TargetDescription target = lookupTarget(getOperation());
    WalkResult result = getOperation()->walk([&](Conv2DTransposeOp op) {
      if (op.getStrategyAttr())
        return WalkResult::advance();
      FailureOr<Strategy> strategy = selectStrategy(op, target, options);
      if (failed(strategy))
        return WalkResult::interrupt();
      op.setStrategyAttr(getStrategyAttr(op.getContext(), *strategy));
      LLVM_DEBUG(llvm::dbgs() << op.getLoc() << ": "
                              << op.getStrategyAttr() << "\n");
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

private:
  StrategyOptions options;
};

} // namespace
