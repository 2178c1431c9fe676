//===- Phases.cpp - The polyphase decomposition's arithmetic --------------===//
//
// Per spatial dimension, the outputs split into `s` phases; a phase
// receives a strided subset of the taps and is a dense stride-1
// convolution. Each phase is cut further into segments whose outputs see
// the same tap range, so that no contraction reads a zero the layer does not
// have. A 2-D segment is the product of an H segment and a W segment.
//
//===----------------------------------------------------------------------===//

#include "TConv/Conversion/TConvToLinalg/Phases.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MathExtras.h"

#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::tconv;

SmallVector<PhaseSegment>
tconv::getPhaseSegments(int64_t input, int64_t output, int64_t kernel,
                        int64_t stride, int64_t dilation, int64_t padBefore,
                        bool padded) {
  SmallVector<PhaseSegment> segments;
  int64_t tapStep = stride / std::gcd(dilation, stride);
  int64_t inputStep = tapStep * dilation / stride;
  for (int64_t phase = 0; phase < std::min(stride, output); ++phase) {
    int64_t numQ = llvm::divideCeil(output - phase, stride);
    // Full-result position of the phase's first output, and its first tap.
    int64_t full = phase + padBefore;
    int64_t firstTap = -1;
    for (int64_t k = 0; k < std::min(kernel, tapStep) && firstTap < 0; ++k)
      if (llvm::mod(full - k * dilation, stride) == 0)
        firstTap = k;
    if (firstTap < 0) {
      segments.push_back({phase, numQ, 0, 0, tapStep, 0, inputStep});
      continue;
    }
    int64_t numTaps = (kernel - 1 - firstTap) / tapStep + 1;
    // Output q, tap j read input q + base - j * inputStep.
    int64_t base = (full - firstTap * dilation) / stride;
    if (padded) {
      segments.push_back(
          {phase, numQ, firstTap, numTaps, tapStep, base, inputStep});
      continue;
    }
    auto tapRange = [&](int64_t q) -> std::pair<int64_t, int64_t> {
      int64_t lo = std::max<int64_t>(
          0, llvm::divideCeilSigned(q + base - input + 1, inputStep));
      int64_t hi = std::min<int64_t>(
          numTaps - 1, llvm::divideFloorSigned(q + base, inputStep));
      if (lo > hi)
        return {0, -1};
      return {lo, hi};
    };
    for (int64_t q = 0; q < numQ;) {
      auto [lo, hi] = tapRange(q);
      int64_t end = q + 1;
      while (end < numQ && tapRange(end) == std::make_pair(lo, hi))
        ++end;
      PhaseSegment seg;
      seg.firstOutput = phase + q * stride;
      seg.numOutputs = end - q;
      seg.numTaps = hi - lo + 1;
      seg.tapStep = tapStep;
      seg.inputStep = inputStep;
      if (seg.numTaps > 0) {
        seg.firstTap = firstTap + lo * tapStep;
        seg.firstInput = q + base - lo * inputStep;
      }
      segments.push_back(seg);
      q = end;
    }
  }
  return segments;
}

SmallVector<PhaseSegment>
tconv::getLayerPhaseSegments(const Conv2DTransposeLayer &layer, unsigned dim,
                      bool padded) {
  return getPhaseSegments(layer.inputSize[dim], layer.outputSize[dim],
                          layer.kernelSize[dim], layer.strides[dim],
                          layer.dilations[dim], layer.getPadBefore(dim),
                          padded);
}

SmallVector<PhaseSegment> tconv::withTaps(ArrayRef<PhaseSegment> segments) {
  return llvm::filter_to_vector(
      segments, [](const PhaseSegment &s) { return s.numTaps > 0; });
}


SmallVector<PhaseGroup> tconv::groupPhases(ArrayRef<PhaseSegment> segments) {
  SmallVector<PhaseGroup> groups;
  for (const PhaseSegment &seg : segments) {
    if (!groups.empty()) {
      PhaseGroup &group = groups.back();
      const PhaseSegment &first = group.first;
      int64_t tapDelta = seg.firstTap - first.firstTap;
      int64_t inputDelta = seg.firstInput - first.firstInput;
      bool evenlySpaced =
          group.count == 1 || (tapDelta == group.count * group.tapDelta &&
                               inputDelta == group.count * group.inputDelta);
      if (seg.numTaps > 0 && seg.numTaps == first.numTaps &&
          seg.numOutputs == first.numOutputs &&
          seg.firstOutput == first.firstOutput + group.count && evenlySpaced) {
        if (group.count == 1) {
          group.tapDelta = tapDelta;
          group.inputDelta = inputDelta;
        }
        ++group.count;
        continue;
      }
    }
    groups.push_back({seg});
  }
  return groups;
}

int64_t tconv::getNumContractionSegments(const Conv2DTransposeLayer &layer,
                                         PaddedDims padded) {
  return static_cast<int64_t>(
             withTaps(getLayerPhaseSegments(layer, 0, padded.rows)).size()) *
         static_cast<int64_t>(
             withTaps(getLayerPhaseSegments(layer, 1, padded.cols)).size());
}

int64_t tconv::getNumTapProducts(const Conv2DTransposeLayer &layer,
                                 PaddedDims padded) {
  // A 2-D segment is the product of its H and W segments, so the total is
  // the product of the per-dimension sums. Sizes are verified below 2^31.
  int64_t total = 1;
  for (unsigned dim : {0u, 1u}) {
    int64_t sum = 0;
    for (const PhaseSegment &seg : getLayerPhaseSegments(
             layer, dim, dim == 0 ? padded.rows : padded.cols))
      sum += seg.numOutputs * seg.numTaps;
    if (llvm::MulOverflow(total, sum, total))
      return std::numeric_limits<int64_t>::max();
  }
  return total;
}

std::pair<int64_t, int64_t>
tconv::getInputPadding(const Conv2DTransposeLayer &layer, unsigned dim,
                ArrayRef<PhaseSegment> paddedSegments) {
  int64_t low = 0, high = 0;
  for (const PhaseSegment &seg : paddedSegments) {
    if (seg.numTaps == 0)
      continue;
    int64_t first = seg.firstInput - (seg.numTaps - 1) * seg.inputStep;
    int64_t end = seg.firstInput + seg.numOutputs;
    low = std::max(low, -first);
    high = std::max(high, end - layer.inputSize[dim]);
  }
  return {low, high};
}

PaddedDims tconv::getPaddedDims(const Conv2DTransposeLayer &layer,
                                Borders borders) {
  if (borders == Borders::Exact)
    return {};
  // The padded copy of the input stays within about twice its size: a
  // large dilation would pad by millions of zeros (exact borders instead).
  for (unsigned dim : {0u, 1u}) {
    if (dim == 0 && borders == Borders::ExactRows)
      continue;
    auto [low, high] =
        getInputPadding(layer, dim, getLayerPhaseSegments(layer, dim, true));
    if (low + high > layer.inputSize[dim] + kMaxExtraPadding)
      return {};
  }
  if (borders == Borders::ExactRows)
    return {false, true};
  return {true, true};
}

LogicalResult
tconv::checkContractionSegmentLimit(const Conv2DTransposeLayer &layer,
                                    Location loc, Borders borders) {
  int64_t n = getNumContractionSegments(layer, getPaddedDims(layer, borders));
  if (n <= kMaxContractionSegments)
    return success();
  return emitError(loc) << "conv2d_transpose decomposes into " << n
                        << " contraction segments, more than the "
                        << kMaxContractionSegments << " TConv lowers (strides "
                        << formatShape(layer.strides) << " with kernel "
                        << formatShape(layer.kernelSize) << ")";
}

std::optional<PhaseGroup>
tconv::getFoldedColumnGroup(const Conv2DTransposeLayer &layer,
                            Borders borders) {
  int64_t stride = layer.strides[1];
  if (layer.dataFormat != DataFormat::ChannelsLast || stride < 2 ||
      layer.outChannels < kMaxColumnsInnerChannels)
    return std::nullopt;
  SmallVector<PhaseSegment> cols =
      getLayerPhaseSegments(layer, 1, getPaddedDims(layer, borders).cols);
  if (static_cast<int64_t>(cols.size()) != stride)
    return std::nullopt;
  SmallVector<PhaseGroup> groups = groupPhases(cols);
  const PhaseGroup &group = groups.front();
  if (groups.size() != 1 || group.count != stride || group.inputDelta != 0 ||
      group.first.firstOutput != 0 || group.first.numTaps == 0 ||
      group.first.numOutputs * stride != layer.outputSize[1])
    return std::nullopt;
  return group;
}

int64_t tconv::getFoldedColumnPhases(const Conv2DTransposeLayer &layer,
                                     Borders borders) {
  std::optional<PhaseGroup> group = getFoldedColumnGroup(layer, borders);
  return group ? group->count : 0;
}
