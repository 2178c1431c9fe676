//===- TConvToLinalg.h - Lower conv2d_transpose to linalg -------*- C++ -*-===//
//
// The polyphase decomposition of tconv.conv2d_transpose into linalg on
// tensors, as an API (what the pass, the JIT and the unit tests call).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_TCONVTOLINALG_H
#define TCONV_CONVERSION_TCONVTOLINALG_H

#include "TConv/Dialect/Conv2DTransposeLayer.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
namespace tconv {

class Conv2DTransposeOp;

/// One run of output positions along a spatial dimension that all belong to
/// the same phase and see the same range of taps. Output positions are
/// `firstOutput + q * stride` for `q < numOutputs`; the taps are
/// `firstTap + j * tapStep` for `j < numTaps`; position `q` with tap `j`
/// reads input `firstInput + q - j * inputStep`.
struct PhaseSegment {
  int64_t firstOutput = 0;
  int64_t numOutputs = 0;
  int64_t firstTap = 0;
  int64_t numTaps = 0;
  int64_t tapStep = 1;
  int64_t firstInput = 0;
  int64_t inputStep = 1;
};

/// Splits the outputs of one spatial dimension into phase segments that
/// cover every output position exactly once. Segments with `numTaps == 0`
/// receive bias and activation only. Exact segments never read outside the
/// input; `padded` gives one segment per phase with all its taps, whose
/// border positions read up to `numTaps - 1` inputs beyond either edge.
SmallVector<PhaseSegment> getPhaseSegments(int64_t input, int64_t output,
                                           int64_t kernel, int64_t stride,
                                           int64_t dilation, int64_t padBefore,
                                           bool padded = false);

/// Layers with fewer output channels than this (NHWC, packed filter) put
/// output columns along the vectors instead of channels: 3 channels would
/// fill 3 of 16 lanes.
constexpr int64_t kMaxColumnsInnerChannels = 8;

/// How the decomposition treats the outputs near the input border.
enum class PhaseBorders {
  /// Cut each phase into segments with the same tap range: no multiply-add
  /// reads a zero, but a phase may become many small contractions (a 16x16
  /// kernel with stride 8: 9 per phase), each with its own loop nest, and
  /// each reading its slice of the filter again.
  Exact,
  /// One contraction per phase over a zero-padded copy of the input (made
  /// once per call; the input is the smallest tensor of the layer): border
  /// outputs multiply the padding by their missing taps. Exact when that
  /// padding would exceed the input's size plus kMaxExtraPadding.
  Padded,
  /// Exact segments along the rows, padded along the columns: each row
  /// segment is one contraction over whole padded rows of its column phase.
  /// The zeros of the rows are skipped, and no segment is a column or two
  /// wide (a register tile of few columns loads a filter vector per FMA or
  /// two); each row segment streams its taps' filter again. Exact when the
  /// column padding would exceed the input's width plus kMaxExtraPadding.
  ExactRows,
  /// Padded where exact borders cost more than the zeros: a filter larger
  /// than a core's L2 (kPaddedMinFilterElements), which exact segments would
  /// each stream from memory again, more than kPaddedMinExactSegments
  /// segments, or fewer than kMaxColumnsInnerChannels output channels (output
  /// columns along the vectors: exact border segments one column wide would
  /// fill one lane); and only when padding adds at most kMaxPaddedOverhead
  /// multiply-adds. Of those, ExactRows when that saves at least
  /// kExactRowsMinSavings of the multiply-adds, has at most
  /// kPaddedMinExactSegments segments, at least kMaxColumnsInnerChannels
  /// output channels, row phases that padded would not be one group of
  /// phases, and a filter within kExactRowsMaxFilterElements or enough
  /// outputs per filter element each row segment streams
  /// (kExactRowsMinReuse: batch x output columns per phase).
  Auto,
};

/// PhaseBorders::Auto's thresholds (measured with tconv-bench: padding
/// doubles DCGAN's 52 MB 5x5 layer on a 4x4 input despite 38% more
/// multiply-adds, turns FCN's 16x16 stride-8 layer from 576 contractions
/// into 64 and 6 into 95 GFLOP/s, and costs 10-20% on small filters). More
/// than 32 exact segments are many peeled micro-kernels to compile: FCN's
/// 16x16 stride-2 layer has 36 (4.4 s); padded, its 4 phases are one group
/// of phases (0.13 s, for 13% more multiply-adds).
constexpr double kMaxPaddedOverhead = 0.5;
/// Padding (before plus after, per dimension) beyond the input's own size
/// that no mode pads with: Padded and Auto fall back to exact borders.
constexpr int64_t kMaxExtraPadding = 64;
constexpr int64_t kPaddedMinFilterElements = int64_t(1) << 18;
constexpr int64_t kPaddedMinExactSegments = 32;
/// Auto's ExactRows thresholds (tconv-bench on a Zen 4 against padded
/// borders, GFLOP/s: dcgan_g1_b16 107-109 -> 119-120 (padded rows add 18%
/// multiply-adds), dcgan_g2 101-102 -> 118-120 (8%); not dcgan_g3 (4%:
/// 110-112 -> 116) or pix2pix_up (2%: no faster) for two to four times the
/// compile time; not dcgan_g1, whose 52 MB filter comes from memory for 4
/// outputs per element and row segment: 79-92 -> 63-76).
constexpr double kExactRowsMinSavings = 0.05;
constexpr int64_t kExactRowsMaxFilterElements = int64_t(1) << 22;
constexpr int64_t kExactRowsMinReuse = 16;

/// Whether the rows and the columns of a decomposition are padded.
struct PaddedDims {
  bool rows = false;
  bool cols = false;
  bool any() const { return rows || cols; }
};

/// Multiply-adds per input and output channel pair of `layer` with exact or
/// padded borders.
int64_t getNumTapProducts(const Conv2DTransposeLayer &layer, PaddedDims padded);
inline int64_t getNumTapProducts(const Conv2DTransposeLayer &layer,
                                 bool padded) {
  return getNumTapProducts(layer, PaddedDims{padded, padded});
}

/// Which dimensions `borders` pads in `layer`'s phases (resolves Auto; no
/// mode pads by more than the input's size plus kMaxExtraPadding per
/// dimension).
PaddedDims getPaddedDims(const Conv2DTransposeLayer &layer,
                         PhaseBorders borders);
/// Whether `borders` pads `layer`'s phases along either dimension.
inline bool usesPaddedBorders(const Conv2DTransposeLayer &layer,
                              PhaseBorders borders) {
  return getPaddedDims(layer, borders).any();
}

/// Number of 2-D segments with taps (one contraction each) of `layer`'s
/// decomposition.
int64_t getNumContractionSegments(const Conv2DTransposeLayer &layer,
                                  PaddedDims padded);
inline int64_t getNumContractionSegments(const Conv2DTransposeLayer &layer,
                                         bool padded = false) {
  return getNumContractionSegments(layer, PaddedDims{padded, padded});
}

/// Most contraction segments TConv lowers in one op: each becomes its own
/// loop nest, so compile time and memory grow with their number (a stride
/// of 64 with a kernel of 64 already gives 4096).
constexpr int64_t kMaxContractionSegments = 4096;

/// Fails, with an error at `loc`, when `layer` lowered with `borders` needs
/// more contraction segments than kMaxContractionSegments.
LogicalResult
checkContractionSegmentLimit(const Conv2DTransposeLayer &layer, Location loc,
                             PhaseBorders borders = PhaseBorders::Auto);

/// Choices of the decomposition.
struct TConvToLinalgOptions {
  /// Copy the filter once per call into the packed layout (see packFilter)
  /// instead of reading it in its own layout through the indexing maps.
  /// Costs one pass over the filter; lets the contraction be tiled and its
  /// innermost loop (output channels) vectorize.
  bool packFilter = false;
  PhaseBorders borders = PhaseBorders::Auto;
  /// With packFilter, output channels per block of the blocked filter
  /// layout (see getPackedFilterShape); 0: unblocked.
  int64_t filterBlock = 0;
};

/// Rewrites `op` into linalg on tensors; returns the value replacing its
/// result. The segments are written into `dest` (a tensor of the result
/// type) when given, into a new tensor.empty otherwise.
FailureOr<Value>
decomposeConv2DTranspose(RewriterBase &rewriter, Conv2DTransposeOp op,
                         Value dest = {},
                         const TConvToLinalgOptions &options = {});

/// The number S of column phases (the stride along W) that one contraction
/// computes side by side, as S x Cout channels of a stride-1 convolution, or
/// 0. Folded when every column phase has as many outputs and taps, the
/// phases read the same input columns with evenly spaced taps (a kernel
/// that is a multiple of the stride, valid padding: FCN, U-Net), the output
/// is NHWC (then output column q * S + g, channel c is channel g * Cout + c
/// of column q) and Cout is not a multiple of kFoldColumnPhasesLanes: 21
/// channels fill 21 of 32 lanes, 8 phases x 21 fill 168 of 176.
int64_t getFoldedColumnPhases(const Conv2DTransposeLayer &layer,
                              PhaseBorders borders = PhaseBorders::Auto);
/// The lanes of the widest vectors (AVX-512, f32) channels should fill.
constexpr int64_t kFoldColumnPhasesLanes = 16;

/// Whether the packed filter of `layer` is blocked by `filterBlock` output
/// channels: NHWC, channels along the vectors (not columnsInner, not folded
/// column phases) and Cout a multiple of the block.
bool usesBlockedFilter(const Conv2DTransposeLayer &layer, PhaseBorders borders,
                       int64_t filterBlock);

/// Shape of the packed filter: [KH, KW, Cin, Cout'], where Cout' = Cout + 16
/// when Cout is a multiple of 64 (the extra channels are never read), else
/// Cout. With S folded column phases: [KH, KW / S, Cin, (S x Cout)']. Blocked
/// (usesBlockedFilter): [Cout / B, KH, KW, Cin, B], so that the filter of a
/// channel tile of B channels is one contiguous run.
SmallVector<int64_t>
getPackedFilterShape(const Conv2DTransposeLayer &layer,
                     PhaseBorders borders = PhaseBorders::Auto,
                     int64_t filterBlock = 0);

/// Copies `filter` (a tensor in `layer`'s filter format) into the packed
/// layout the tiled contractions read: [KH, KW, Cin, Cout] with both tap
/// dimensions reversed, so that output channels are contiguous and every
/// indexing map of the decomposition increases with every loop (which
/// linalg's tiling requires). With S folded column phases (see
/// getFoldedColumnPhases), channel g * Cout + c of column tap t holds
/// channel c of phase g's tap t. Blocked: block c / B holds channel c at c % B.
Value packFilter(OpBuilder &b, Location loc, const Conv2DTransposeLayer &layer,
                 Value filter, PhaseBorders borders = PhaseBorders::Auto,
                 int64_t filterBlock = 0);

/// The [KH, KW, Cin, Cout] view of a blocked packed filter that the segment
/// contractions slice: a linalg.generic copy, which tconv-tile folds away
/// where a channel tile's slice lies within one block (a slice of `blocked`
/// with its unit block dimension collapsed; see foldBlockedFilterSlices).
/// Linalg has no op that views a blocked layout unblocked without a copy.
Value unblockFilter(OpBuilder &b, Location loc, Value blocked);

/// The blocked filter and its block when `value` is unblockFilter's result.
std::optional<std::pair<Value, int64_t>> matchUnblockedFilter(Value value);

/// The decomposition of `layer` from a filter already packed by packFilter
/// (weights prepared once, as oneDNN reorders them once), into `dest` (a
/// tensor of the output type). For kernels built without a tconv op.
Value buildConv2DTransposeWithPackedFilter(
    RewriterBase &rewriter, Location loc, const Conv2DTransposeLayer &layer,
    Value input, Value packedFilter, Value bias, Value dest,
    PhaseBorders borders = PhaseBorders::Auto, int64_t filterBlock = 0);

/// Adds the pattern that applies decomposeConv2DTranspose.
void populateTConvToLinalgPatterns(RewritePatternSet &patterns,
                                   const TConvToLinalgOptions &options = {});

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_TCONVTOLINALG_H
