//===- FilterPacking.h - The packed filter layouts --------------*- C++ -*-===//
//
// The filter is copied once (per call, or once per prepared kernel) into
// the layout the tiled contractions read: output channels contiguous, taps
// reversed, optionally in blocks of a register tile's channels.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_TCONVTOLINALG_FILTERPACKING_H
#define TCONV_CONVERSION_TCONVTOLINALG_FILTERPACKING_H

#include "TConv/Conversion/TConvToLinalg/Phases.h"
#include "TConv/Dialect/Conv2DTransposeLayer.h"
#include "TConv/Dialect/Strategy.h"

#include "mlir/IR/Builders.h"

namespace mlir {
namespace tconv {

/// The group of column phases `strategy` folds into the channels, if any.
std::optional<PhaseGroup> getFoldedColumnGroup(const Conv2DTransposeLayer &layer,
                                               const Strategy &strategy);

/// Whether the packed filter of `layer` is blocked by the strategy's
/// filter block: NHWC, channels along the vectors (not columns-inner, not
/// folded column phases) and Cout a multiple of the block.
bool usesBlockedFilter(const Conv2DTransposeLayer &layer,
                       const Strategy &strategy);

/// Shape of the packed filter: [KH, KW, Cin, Cout'], where Cout' = Cout + 16
/// when Cout is a multiple of 64 (the extra channels are never read), else
/// Cout. With S folded column phases: [KH, KW / S, Cin, (S x Cout)']. Blocked
/// (usesBlockedFilter): [Cout / B, KH, KW, Cin, B], so that the filter of a
/// channel tile of B channels is one contiguous run.
SmallVector<int64_t> getPackedFilterShape(const Conv2DTransposeLayer &layer,
                                          const Strategy &strategy);

/// Copies `filter` (a tensor in `layer`'s filter format) into the packed
/// layout the tiled contractions read: [KH, KW, Cin, Cout] with both tap
/// dimensions reversed, so that output channels are contiguous and every
/// indexing map of the decomposition increases with every loop (which
/// linalg's tiling requires). With S folded column phases (see
/// getFoldedColumnPhases), channel g * Cout + c of column tap t holds
/// channel c of phase g's tap t. Blocked: block c / B holds channel c at c % B.
Value packFilter(OpBuilder &b, Location loc, const Conv2DTransposeLayer &layer,
                 Value filter, const Strategy &strategy);

/// The [KH, KW, Cin, Cout] view of a blocked packed filter that the segment
/// contractions slice: a linalg.generic copy, which tconv-tile folds away
/// where a channel tile's slice lies within one block (a slice of `blocked`
/// with its unit block dimension collapsed; see foldBlockedFilterSlices).
/// Linalg has no op that views a blocked layout unblocked without a copy.
Value unblockFilter(OpBuilder &b, Location loc, Value blocked);

/// The blocked filter and its block when `value` is unblockFilter's result.
std::optional<std::pair<Value, int64_t>> matchUnblockedFilter(Value value);

/// dest[i] = source[readMap(i)]: a linalg.generic copy over `dest`'s
/// iteration space (identity write, `readMap` from it into `source`).
Value buildGatherCopy(OpBuilder &b, Location loc, Value source, Value dest,
                      AffineMap readMap);

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_TCONVTOLINALG_FILTERPACKING_H
