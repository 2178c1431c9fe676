//===- TConvAttrs.cpp - TConv attribute verifiers -------------------------===//
//
// What makes a target or a strategy attribute well-formed on its own; what
// makes a strategy fit its op is the op's verifier (rule 14).
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/TConvAttrs.h"
#include "TConv/Dialect/Strategy.h"
#include "TConv/Dialect/TConvDialect.h"

using namespace mlir;
using namespace mlir::tconv;

FailureOr<SmallVector<int64_t>> tconv::parseTileSizes(AsmParser &parser) {
  SmallVector<int64_t> sizes;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(sizes.emplace_back());
      }))
    return failure();
  return sizes;
}

void tconv::printTileSizes(AsmPrinter &printer, ArrayRef<int64_t> sizes) {
  printer << '[';
  llvm::interleaveComma(sizes, printer);
  printer << ']';
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int64_t vectorBits, int64_t registers,
                                 int64_t fmaPipes, int64_t l1, int64_t l2,
                                 int64_t l3, int64_t cores) {
  if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    return emitError() << "expected vector_bits of 128, 256 or 512, got "
                       << vectorBits;
  if (registers < 8 || registers > 64)
    return emitError() << "expected 8 to 64 vector registers, got "
                       << registers;
  for (auto [name, value] : {std::pair<StringRef, int64_t>{"fma_pipes", fmaPipes},
                             {"l1", l1},
                             {"l2", l2},
                             {"l3", l3},
                             {"cores", cores}})
    if (value < 1)
      return emitError() << "expected a positive " << name << ", got "
                         << value;
  return success();
}

LogicalResult
StrategyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                     Borders borders, bool packFilter, int64_t filterBlock,
                     bool foldColumns, ArrayRef<int64_t> tile, int64_t ciBlock, bool parallel,
                     int64_t minParallelFlops) {
  if (filterBlock < 0)
    return emitError() << "expected a filter_block >= 0, got " << filterBlock;
  if (filterBlock > 0 && !packFilter)
    return emitError() << "expected pack_filter with a filter_block";
  if (!tile.empty() && tile.size() != 4)
    return emitError() << "expected a tile of 4 sizes [rows, cols, channels, "
                          "images], got "
                       << tile.size();
  for (int64_t size : tile)
    if (size < 0)
      return emitError() << "expected tile sizes >= 0 (0: the cost model's), "
                            "got "
                         << size;
  if (ciBlock < 0)
    return emitError() << "expected a ci_block >= 0, got " << ciBlock;
  if (minParallelFlops < 0)
    return emitError() << "expected min_parallel_flops >= 0, got "
                       << minParallelFlops;
  return success();
}

LogicalResult TConvDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  if (attr.getName() == kTargetAttrName) {
    if (!isa<TargetAttr>(attr.getValue()))
      return op->emitError("expected '")
             << kTargetAttrName << "' to be a #tconv.target";
    return success();
  }
  if (attr.getName() == kStrategyAttrName) {
    if (!isa<StrategyAttr>(attr.getValue()))
      return op->emitError("expected '")
             << kStrategyAttrName << "' to be a #tconv.strategy";
    return success();
  }
  // tconv-tile's marks of the ops of a register tile.
  if (attr.getName() == kRegisterTileAttrName) {
    if (!isa<DenseI64ArrayAttr>(attr.getValue()))
      return op->emitError("expected '")
             << kRegisterTileAttrName << "' to be an array of i64";
    return success();
  }
  return op->emitError("unknown tconv attribute '") << attr.getName() << "'";
}

StrategyAttr tconv::getStrategyAttr(MLIRContext *context,
                                    const Strategy &strategy) {
  SmallVector<int64_t> tile;
  if (strategy.isTileGiven())
    tile = {strategy.tile.rows, strategy.tile.cols, strategy.tile.channels,
            strategy.tile.batch};
  return StrategyAttr::get(context, strategy.borders, strategy.packFilter,
                           strategy.filterBlock, strategy.foldColumns, tile,
                           strategy.inputChannelBlock, strategy.parallel,
                           strategy.minParallelFlops);
}

Strategy tconv::getStrategy(StrategyAttr attr) {
  Strategy strategy;
  strategy.borders = attr.getBorders();
  strategy.packFilter = attr.getPackFilter();
  strategy.filterBlock = attr.getFilterBlock();
  strategy.foldColumns = attr.getFoldColumns();
  if (ArrayRef<int64_t> tile = attr.getTile(); tile.size() == 4)
    strategy.tile = {tile[1], tile[2], tile[0], tile[3]};
  strategy.inputChannelBlock = attr.getCiBlock();
  strategy.parallel = attr.getParallel();
  strategy.minParallelFlops = attr.getMinParallelFlops();
  return strategy;
}
