//===- Tiling.h - Register tiling of the decomposed segments ----*- C++ -*-===//
//
// The API behind tconv-tile and tconv-vectorize (what the passes and the
// unit tests call).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TRANSFORMS_TILING_H
#define TCONV_TRANSFORMS_TILING_H

#include "TConv/Conversion/TConvToLinalg.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
namespace linalg {
class GenericOp;
} // namespace linalg
namespace tconv {

/// Discardable attribute tconv-tile sets on the linalg ops it turns into
/// register tiles (the contraction, its accumulator initialisation and its
/// epilogue): the tile's [rows, columns, channels], and its images when
/// more than one. tconv-vectorize vectorizes those ops only.
inline constexpr llvm::StringLiteral kRegisterTileAttrName =
    "tconv.register_tile";

/// Bytes of a cache line (tconv-prefetch issues one prefetch per line).
inline constexpr int64_t kCacheLineBytes = 64;

/// The register file, the per-core L2 and L1 data caches and the L3 cache
/// of the CPU code is generated for.
struct VectorTarget {
  int64_t vectorBits = 128;
  int64_t numRegisters = 16;
  int64_t l2Bytes = int64_t(1) << 20;
  int64_t l1Bytes = int64_t(32) << 10;
  int64_t l3Bytes = int64_t(32) << 20;
};

/// The host CPU's vector registers: 32 x 512 bits with AVX-512F, 16 x 256
/// with AVX, 16 x 128 otherwise; its L2, L1d and L3 sizes (sysconf, else
/// 1 MiB, 32 KiB and 32 MiB).
/// `vectorBits` > 0 overrides both: 32 registers of 512 bits (AVX-512),
/// else 16 of `vectorBits` (AVX2, SSE).
VectorTarget getHostVectorTarget(int64_t vectorBits = 0);

/// A register tile: `batch` images by `rows` output rows by `cols` output
/// columns by `channels` output channels.
struct RegisterTile {
  int64_t cols = 1;
  int64_t channels = 1;
  int64_t rows = 1;
  int64_t batch = 1;
};

/// The register tile for `outChannels` output channels of `elementBits`-bit
/// accumulators: 1, 2 or 4 vectors of channels (fewer when the last tile
/// would otherwise be several vectors that are not a power of two), or 3
/// when the channels are exactly 3 vectors and that keeps more
/// accumulators; and as many columns as leave room for those vectors and
/// one broadcast input (at most 8).
RegisterTile getDefaultRegisterTile(const VectorTarget &target,
                                    int64_t outChannels, int64_t elementBits);

/// The register tile for a segment of `segmentRows` x `segmentCols` outputs
/// (dynamic: large): the default one, unless the segment is narrower than
/// its columns. Then the tile spans whole segment rows, as many as divide
/// `segmentRows` (at most half of them: two tiles for two threads) and fit
/// with half the channel vectors: each filter vector loaded then feeds more
/// accumulators (4x4 outputs with 512 channels: 2 x 4 x 32 instead of
/// 1 x 4 x 64, half the filter loads per FMA). tconv-tile keeps the default
/// tile for filter-bound segments, whose filter comes from memory: there
/// longer contiguous runs of each filter row matter more.
RegisterTile getSegmentRegisterTile(const VectorTarget &target,
                                    int64_t outChannels, int64_t elementBits,
                                    int64_t segmentRows, int64_t segmentCols);

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

/// Whether a segment streams more filter than it has outputs: its output
/// (the accumulators) fits in a quarter of L2, its filter slice does not fit
/// in L2 (DCGAN's 4x4 and 8x8 inputs with 512 to 1024 channels).
bool isFilterBound(const SegmentShape &shape, const VectorTarget &target);

/// Whether `op` is a segment contraction of tconv-to-linalg that tiling
/// handles: loops (n, qh, qw | th, tw, ci | co), or (n, qh, co | th, tw, ci
/// | qw) for few output channels, with a static last loop (the vector
/// lanes), increasing indexing maps (packed filter) and that loop innermost
/// in the output (NHWC, or the columns-inner accumulator).
bool isSegmentContraction(linalg::GenericOp op);

/// Options of tileSegmentContraction.
struct TileOptions {
  /// Zero fields are chosen by getSegmentRegisterTile.
  RegisterTile tile = {0, 0, 0};
  /// Input channels per block (0: chosen from the L2 size): a contraction
  /// whose filter slice for one channel tile would not stay in L2 is split
  /// into blocks of input channels, accumulating in the output in between.
  int64_t inputChannelBlock = 0;
  VectorTarget target;
  /// Output rows in scf.forall (threads) rather than scf.for.
  bool parallel = true;
  /// ...but only for contractions of at least this many flops: each
  /// scf.forall becomes one OpenMP fork/join (microseconds), more than a
  /// small segment's work.
  int64_t minParallelFlops = kDefaultMinParallelFlops;
  static constexpr int64_t kDefaultMinParallelFlops = int64_t(1) << 20;
};

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

/// The filter block (tconv-to-linalg's filter-block) for `layer`: the
/// channels of the register tile of its phases' interior, so that a channel
/// tile reads one contiguous block of the packed filter; 0 when the layer's
/// filter is not blocked (usesBlockedFilter).
int64_t getFilterBlock(const Conv2DTransposeLayer &layer, PhaseBorders borders,
                       const TileOptions &options, int64_t accBits = 32);

/// Tiles the output channels of one segment contraction by the register
/// tile's channels (scf.for, bias init and epilogue fused, peeled; a last
/// tile of one vector gets twice the columns): the outermost level of
/// tconv-tile.
LogicalResult tileOutputChannels(RewriterBase &rewriter,
                                 linalg::GenericOp contraction,
                                 const TileOptions &options);

/// Tiles one segment contraction (see the tconv-tile pass): rows, then a
/// register tile with the accumulator initialisation and the epilogue fused
/// in, then the reductions one by one; the register-tile loops are peeled.
LogicalResult tileSegmentContraction(RewriterBase &rewriter,
                                     linalg::GenericOp contraction,
                                     const TileOptions &options);

/// Rewrites the slices of a blocked filter's unblocked view
/// (unblockFilter) whose output channels lie in one block into slices of
/// the blocked filter itself, so that the view's copy is never made: what
/// tconv-tile does after tiling the output channels (tiles of at most one
/// block each).
LogicalResult foldBlockedFilterSlices(Operation *root);

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
int64_t getPrefetchDistance(const VectorTarget &target, int64_t streamBytes);

/// Vectorizes every linalg op under `root` marked kRegisterTileAttrName with
/// static shapes of at most `maxElements` iterations, hoists the accumulators
/// out of the reduction loops, then unrolls them into one vector per output
/// column (see the tconv-vectorize pass).
LogicalResult vectorizeRegisterTiles(RewriterBase &rewriter, Operation *root,
                                     int64_t maxElements);

} // namespace tconv
} // namespace mlir

#endif // TCONV_TRANSFORMS_TILING_H
