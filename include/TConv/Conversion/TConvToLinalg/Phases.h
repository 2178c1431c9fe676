//===- Phases.h - The polyphase decomposition's arithmetic ------*- C++ -*-===//
//
// Pure functions of a layer: which outputs form a phase, which taps and
// inputs each segment of a phase sees, how many multiply-adds a choice of
// borders performs. The lowering builds its ops from these; the cost model
// (lib/Strategy) weighs them.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_TCONVTOLINALG_PHASES_H
#define TCONV_CONVERSION_TCONVTOLINALG_PHASES_H

#include "TConv/Dialect/Conv2DTransposeLayer.h"
#include "TConv/Dialect/TConvAttrs.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
namespace tconv {

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

/// The segments of one spatial dimension of `layer` (0 = H, 1 = W).
SmallVector<PhaseSegment> getLayerPhaseSegments(const Conv2DTransposeLayer &layer,
                                                unsigned dim, bool padded);

/// The segments of `segments` that have taps.
SmallVector<PhaseSegment> withTaps(ArrayRef<PhaseSegment> segments);

/// Consecutive phases of one dimension whose padded segments differ only in
/// where they start: phase `g` of the group (0 <= g < count) has its first
/// output, tap and input at those of `first` plus g, g * tapDelta and
/// g * inputDelta. One contraction in an scf.forall over g computes them
/// all: one op to compile instead of `count`, one parallel loop instead of
/// a fork/join per phase.
struct PhaseGroup {
  PhaseSegment first;
  int64_t count = 1;
  int64_t tapDelta = 0;
  int64_t inputDelta = 0;
};

/// Groups the consecutive phases of padded `segments` (one per phase, in
/// phase order) that have as many outputs and taps and start at evenly
/// spaced taps and inputs.
SmallVector<PhaseGroup> groupPhases(ArrayRef<PhaseSegment> segments);

/// Whether the rows and the columns of a decomposition are padded.
struct PaddedDims {
  bool rows = false;
  bool cols = false;
  bool any() const { return rows || cols; }
};

/// Padding (before plus after, per dimension) beyond the input's own size
/// that no mode pads with: such a dimension gets exact borders instead (a
/// large dilation would pad by millions of zeros).
constexpr int64_t kMaxExtraPadding = 64;

/// Which dimensions `borders` pads in `layer`'s phases: none for exact,
/// the columns for exact_rows, both for padded; never a dimension whose
/// padding would exceed the input's size plus kMaxExtraPadding.
PaddedDims getPaddedDims(const Conv2DTransposeLayer &layer, Borders borders);

/// Zeros the padded segments of `dim` read before and after the input.
std::pair<int64_t, int64_t>
getInputPadding(const Conv2DTransposeLayer &layer, unsigned dim,
                ArrayRef<PhaseSegment> paddedSegments);

/// Multiply-adds per input and output channel pair of `layer` with exact or
/// padded borders.
int64_t getNumTapProducts(const Conv2DTransposeLayer &layer, PaddedDims padded);

/// Number of 2-D segments with taps (one contraction each) of `layer`'s
/// decomposition.
int64_t getNumContractionSegments(const Conv2DTransposeLayer &layer,
                                  PaddedDims padded);

/// Most contraction segments TConv lowers in one op: each becomes its own
/// loop nest, so compile time and memory grow with their number (a stride
/// of 64 with a kernel of 64 already gives 4096).
constexpr int64_t kMaxContractionSegments = 4096;

/// Fails, with an error at `loc`, when `layer` lowered with `borders` needs
/// more contraction segments than kMaxContractionSegments.
LogicalResult checkContractionSegmentLimit(const Conv2DTransposeLayer &layer,
                                           Location loc, Borders borders);

/// Layers with fewer output channels than this (NHWC, packed filter) put
/// output columns along the vectors instead of channels: 3 channels would
/// fill 3 of 16 lanes.
constexpr int64_t kMaxColumnsInnerChannels = 8;

/// The group of all of `layer`'s column phases when one contraction can
/// compute them side by side, as S x Cout channels of a stride-1
/// convolution: every column phase has as many outputs and taps, the phases
/// read the same input columns with evenly spaced taps (a kernel that is a
/// multiple of the stride, valid padding: FCN, U-Net), the output is NHWC
/// (output column q * S + g, channel c is channel g * Cout + c of column q)
/// with at least kMaxColumnsInnerChannels channels. Whether it is worth it
/// (channels that leave vector lanes empty) is the strategy's choice.
std::optional<PhaseGroup> getFoldedColumnGroup(const Conv2DTransposeLayer &layer,
                                               Borders borders);
/// Its number of phases S, or 0.
int64_t getFoldedColumnPhases(const Conv2DTransposeLayer &layer,
                              Borders borders);

} // namespace tconv
} // namespace mlir

#endif // TCONV_CONVERSION_TCONVTOLINALG_PHASES_H
