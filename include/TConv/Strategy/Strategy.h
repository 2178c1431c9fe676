//===- Strategy.h - Choosing how a layer is lowered -------------*- C++ -*-===//
//
// The strategy step: one function (and the tconv-select-strategy pass over
// it) that makes every layer-wide choice of the lowering for a target, from
// the cost model (CostModel.h). Shaped after IREE's LLVMCPU KernelDispatch:
// this step chooses, #tconv.strategy carries, the later passes read.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_STRATEGY_STRATEGY_H
#define TCONV_STRATEGY_STRATEGY_H

#include "TConv/Strategy/CostModel.h"

namespace mlir {
namespace tconv {

class Conv2DTransposeOp;

/// What a user (a pass option, a tool flag, the JIT's options) asks of the
/// strategy; what is left open is chosen by the cost model.
struct StrategyOptions {
  /// The phase borders; nullopt: selectBorders.
  std::optional<Borders> borders;
  bool packFilter = true;
  /// Output channels per filter block; kAutoFilterBlock: getFilterBlock.
  int64_t filterBlock = kAutoFilterBlock;
  /// Register tile sizes; zeros are chosen per segment.
  RegisterTile tile = {0, 0, 0, 0};
  /// Input channels per block; 0: chosen per channel tile.
  int64_t inputChannelBlock = 0;
  /// 1: serial; N > 1 or 0 (all cores): segments share rows among threads.
  unsigned threads = 1;
  int64_t minParallelFlops = Strategy::kDefaultMinParallelFlops;

  static constexpr int64_t kAutoFilterBlock = -1;
};

/// The borders a user names: "auto" (nullopt: the cost model's), "exact",
/// "padded" or "exact-rows" (also "exact_rows", as #tconv.strategy spells
/// it); failure for any other name.
FailureOr<std::optional<Borders>> parseBorders(StringRef name);

/// The strategy for `layer` with elements of `elementBits` on `target`.
Strategy selectStrategy(const Conv2DTransposeLayer &layer, int64_t elementBits,
                        const TargetDescription &target,
                        const StrategyOptions &options = {});

/// The strategy for `op` (its own when it has one), or a failure with an
/// error at the op when it is malformed.
FailureOr<Strategy> selectStrategy(Conv2DTransposeOp op,
                                   const TargetDescription &target,
                                   const StrategyOptions &options = {});

} // namespace tconv
} // namespace mlir

#endif // TCONV_STRATEGY_STRATEGY_H
