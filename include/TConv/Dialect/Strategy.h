//===- Strategy.h - The lowering strategy of one layer ----------*- C++ -*-===//
//
// The C++ form of #tconv.strategy: every layer-wide choice of the lowering,
// made by tconv-select-strategy (lib/Strategy) and read by the passes after
// it. Plain values, usable without an MLIRContext (the JIT, the tests).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_STRATEGY_H
#define TCONV_DIALECT_STRATEGY_H

#include "TConv/Dialect/TConvAttrs.h"

namespace mlir {
namespace tconv {

/// A register tile: `batch` images by `rows` output rows by `cols` output
/// columns by `channels` output channels. A zero size is left to the cost
/// model.
struct RegisterTile {
  int64_t cols = 1;
  int64_t channels = 1;
  int64_t rows = 1;
  int64_t batch = 1;
  bool operator==(const RegisterTile &other) const {
    return cols == other.cols && channels == other.channels &&
           rows == other.rows && batch == other.batch;
  }
};

struct Strategy {
  Borders borders = Borders::Exact;
  /// Copy the filter once into [KH, KW, Cin, Cout] so the contractions can
  /// be tiled and vectorized; off: read it in its own layout (plain loops).
  bool packFilter = true;
  /// Output channels per block of the packed filter, 0 for none.
  int64_t filterBlock = 0;
  /// Every column phase in one contraction, along the channels (where the
  /// layer allows it: getFoldedColumnGroup).
  bool foldColumns = false;
  /// The sizes given for every register tile; zeros are the cost model's.
  RegisterTile tile = {0, 0, 0, 0};
  /// Input channels per block of a channel tile (0: the cost model's).
  int64_t inputChannelBlock = 0;
  /// Segments share their rows or channel tiles among threads, when they
  /// have at least minParallelFlops.
  bool parallel = false;
  int64_t minParallelFlops = kDefaultMinParallelFlops;

  /// An OpenMP fork/join costs microseconds, more than a smaller
  /// contraction's work.
  static constexpr int64_t kDefaultMinParallelFlops = int64_t(1) << 20;

  bool isTileGiven() const {
    return tile.cols > 0 || tile.channels > 0 || tile.rows > 0 ||
           tile.batch > 0;
  }
};

StrategyAttr getStrategyAttr(MLIRContext *context, const Strategy &strategy);
Strategy getStrategy(StrategyAttr attr);

} // namespace tconv
} // namespace mlir

#endif // TCONV_DIALECT_STRATEGY_H
