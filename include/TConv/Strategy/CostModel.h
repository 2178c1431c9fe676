//===- CostModel.h - What the lowering's choices are made from --*- C++ -*-===//
//
// Every threshold of TConv's lowering, next to the rule that uses it, as
// functions of the layer (or one segment of it) and the target: the phase
// borders, the register tile, the filter block, the input-channel block,
// threading and prefetch. tconv-select-strategy records the layer-wide
// choices on the op; tconv-tile and tconv-prefetch ask the per-segment and
// per-stream ones. How each threshold was measured is in docs/tuning.md.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_STRATEGY_COSTMODEL_H
#define TCONV_STRATEGY_COSTMODEL_H

#include "TConv/Conversion/TConvToLinalg/Phases.h"
#include "TConv/Dialect/Strategy.h"
#include "TConv/Target/Target.h"

namespace mlir {
namespace tconv {

//===----------------------------------------------------------------------===//
// Phase borders
//===----------------------------------------------------------------------===//

/// Padding is taken only when it adds at most this share of multiply-adds.
constexpr double kMaxPaddedOverhead = 0.5;
/// Filters of at least this many elements are padded: exact segments would
/// each stream their slice of a filter larger than L2 again.
constexpr int64_t kPaddedMinFilterElements = int64_t(1) << 18;
/// Layers of more exact segments than this are padded: each segment is a
/// peeled micro-kernel to compile.
constexpr int64_t kPaddedMinExactSegments = 32;
/// Padded layers keep exact rows when that saves at least this share of
/// the multiply-adds...
constexpr double kExactRowsMinSavings = 0.05;
/// ...and their filter is within this many elements, or each row segment
/// feeds each filter element to at least kExactRowsMinReuse outputs (batch
/// x output columns per phase): else every row segment streams the filter
/// from memory again.
constexpr int64_t kExactRowsMaxFilterElements = int64_t(1) << 22;
constexpr int64_t kExactRowsMinReuse = 16;

/// The borders for `layer` when none is asked for: exact unless that costs
/// more than the zeros padding multiplies (a filter of at least
/// kPaddedMinFilterElements, more than kPaddedMinExactSegments segments, or
/// fewer than kMaxColumnsInnerChannels output channels, whose columns run
/// along the vectors) and padding adds at most kMaxPaddedOverhead
/// multiply-adds; of those, exact_rows where the kExactRows* rules hold.
Borders selectBorders(const Conv2DTransposeLayer &layer);

/// Whether `layer`'s column phases are folded into its channels: where they
/// can be (getFoldedColumnGroup) and its channels leave lanes of the
/// target's vectors of `accBits` empty (FCN's 21 channels fill 21 of 32
/// f32 lanes of 512-bit vectors; 8 phases x 21 fill 168 of 176).
bool selectFoldColumns(const Conv2DTransposeLayer &layer, Borders borders,
                       int64_t accBits, const TargetDescription &target);

//===----------------------------------------------------------------------===//
// Register tiles
//===----------------------------------------------------------------------===//

/// Bytes of a cache line (tconv-prefetch issues one prefetch per line).
inline constexpr int64_t kCacheLineBytes = 64;

/// What the register tile of a segment contraction is chosen from: its
/// batch, output rows, columns and channels, the bytes of its filter slice,
/// the bits of its accumulators and its taps; and, in the columns-inner form
/// (loops (n, qh, co | th, tw, ci | qw): `cols` counts output channels,
/// `channels` output columns), its input channels.
struct SegmentShape {
  int64_t batch = 1;
  int64_t rows = 1;
  int64_t cols = 1;
  int64_t channels = 1;
  int64_t filterBytes = 0;
  int64_t accBits = 32;
  int64_t taps = 1;
  bool columnsInner = false;
  int64_t inputChannels = 0;
};

/// The strategy's per-segment inputs as tconv-tile applies them.
struct TileOptions {
  /// Sizes given; zero fields are chosen by the cost model (images: 0 or
  /// 1 when any other size is given).
  RegisterTile tile = {0, 0, 0, 0};
  /// Input channels per block (0: chosen from the L2 size).
  int64_t inputChannelBlock = 0;
  TargetDescription target;
  /// Output rows (or channel tiles) in scf.forall (threads)...
  bool parallel = true;
  /// ...but only for contractions of at least this many flops.
  int64_t minParallelFlops = Strategy::kDefaultMinParallelFlops;
};

/// The TileOptions of `strategy` on `target`.
TileOptions getTileOptions(const Strategy &strategy,
                           const TargetDescription &target);

/// The register tile for `outChannels` output channels of `elementBits`-bit
/// accumulators: 1, 2 or 4 vectors of channels (fewer when the last tile
/// would otherwise be several vectors that are not a power of two), or 3
/// when the channels are exactly 3 vectors and that keeps more
/// accumulators; and as many columns as leave room for those vectors and
/// one broadcast input (at most 8).
RegisterTile getDefaultRegisterTile(const TargetDescription &target,
                                    int64_t outChannels, int64_t elementBits);

/// The register tile for a segment of `segmentRows` x `segmentCols` outputs
/// (dynamic: large): the default one, unless the segment is narrower than
/// its columns. Then the tile spans whole segment rows, as many as divide
/// `segmentRows` (at most half of them: two tiles for two threads) and fit
/// with half the channel vectors: each filter vector loaded then feeds more
/// accumulators (4x4 outputs with 512 channels: 2 x 4 x 32 instead of
/// 1 x 4 x 64, half the filter loads per FMA).
RegisterTile getSegmentRegisterTile(const TargetDescription &target,
                                    int64_t outChannels, int64_t elementBits,
                                    int64_t segmentRows, int64_t segmentCols);

/// Whether a segment streams more filter than it has outputs: its output
/// (the accumulators) fits in a quarter of L2, its filter slice does not fit
/// in L2 (DCGAN's 4x4 and 8x8 inputs with 512 to 1024 channels).
bool isFilterBound(const SegmentShape &shape, const TargetDescription &target);

/// The register tile of a segment of `shape` (getSegmentRegisterTile; for a
/// batch of images whose segment holds fewer outputs than the tile has
/// room for, as many images as fill it (dividing the batch); one
/// row for columns-inner segments whose rows' input runs would not fit in
/// half of L1; for filter-bound segments of at least 8 columns, 8 columns
/// by half the default tile's channels, or where those cannot be halved,
/// the rows x columns that load each filter vector for the most FMAs; for
/// other wide segments of several taps, 12 columns by 2 vectors, or down
/// to 8 where that splits the segment's columns evenly), with the
/// fields `options.tile` gives replaced.
RegisterTile chooseRegisterTile(const SegmentShape &shape,
                                const TileOptions &options);

/// The images of a register tile of `tile`'s rows, columns and channels for
/// a segment of `shape` (see chooseRegisterTile).
int64_t getTileImages(const RegisterTile &tile, const SegmentShape &shape,
                      const TargetDescription &target);

/// `tile` within a filter block of `block` output channels (0: none), so
/// that a channel tile reads one contiguous run of the blocked filter; its
/// images chosen again for the fewer channels unless given. `shape` is the
/// segment's, when static.
RegisterTile fitFilterBlock(RegisterTile tile, int64_t block,
                            const std::optional<SegmentShape> &shape,
                            const TileOptions &options);

/// Columns of the last channel tile of a segment when it is one vector or
/// less (`rest` channels) and the tile one row of one image: twice the
/// columns, so one filter vector feeds twice the FMAs; 0 otherwise.
int64_t getLastChannelTileCols(const RegisterTile &tile, int64_t rest,
                               const TileOptions &options, int64_t accBits);

/// Input channels per block of a channel tile that reads `filterBytes` of
/// filter over `inputChannels` input channels, or 0 when its filter slice
/// fits in a quarter of L2 (the rest holds the input rows and the output)
/// and one block is enough.
int64_t getInputChannelBlock(int64_t filterBytes, int64_t inputChannels,
                             const TileOptions &options);

/// Whether the threads share a filter-bound segment's channel tiles rather
/// than its rows: they would otherwise stream the same filter columns at
/// the same time.
bool sharesChannelTiles(const SegmentShape &shape, const RegisterTile &tile,
                        const TileOptions &options);

/// The filter block for `layer` lowered as `strategy` says (its borders and
/// folding): the channels of the register tile of its phases' interior, so
/// that a channel tile reads one contiguous block of the packed filter; 0
/// when the layer's filter is not blocked (usesBlockedFilter).
int64_t getFilterBlock(const Conv2DTransposeLayer &layer,
                       const Strategy &strategy, const TileOptions &options,
                       int64_t accBits = 32);

//===----------------------------------------------------------------------===//
// Prefetch
//===----------------------------------------------------------------------===//

/// Input channels ahead tconv-prefetch prefetches the filter rows of the
/// register tiles by default (16 and 64 measured no better).
inline constexpr int64_t kDefaultPrefetchDistance = 32;
/// A prefetch distance that asks for getPrefetchDistance's choice.
inline constexpr int64_t kAutoPrefetchDistance = -1;

/// The prefetch distance on `target` for a stream from a buffer of
/// `streamBytes`: kDefaultPrefetchDistance with 512-bit vectors, whose tiles
/// read 2 to 4 filter lines per input channel, or for a buffer larger than
/// L3 (it comes from memory); else none: a tile of 2 vectors reads one line
/// per input channel from the caches, a stream the hardware prefetcher
/// keeps up with.
int64_t getPrefetchDistance(const TargetDescription &target,
                            int64_t streamBytes);

} // namespace tconv
} // namespace mlir

#endif // TCONV_STRATEGY_COSTMODEL_H
