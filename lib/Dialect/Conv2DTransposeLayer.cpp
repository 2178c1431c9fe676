//===- Conv2DTransposeLayer.cpp - Shapes of a transposed conv -------------===//
//
// The Keras/TensorFlow shape rules of conv2d_transpose (DESIGN.md,
// "Semantics"): default output length, legal output lengths, leading crop.
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/Conv2DTransposeLayer.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::tconv;

std::string tconv::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") +
         (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d));
  return s;
}

// The length rules also see sizes nobody has verified yet (a tool's flags,
// the C++ API), so they compute in 128 bits and saturate to int64: an absurd
// size gives an absurd length that the verifier rejects, never a wrapped one.
using Wide = __int128;

static int64_t saturate(Wide v) {
  // Never ShapedType::kDynamic (INT64_MIN).
  return static_cast<int64_t>(std::clamp<Wide>(
      v, std::numeric_limits<int64_t>::min() + Wide(1),
      std::numeric_limits<int64_t>::max()));
}

static Wide getEffectiveKernelSizeWide(int64_t kernel, int64_t dilation) {
  return (Wide(kernel) - 1) * dilation + 1;
}

int64_t tconv::getEffectiveKernelSize(int64_t kernel, int64_t dilation) {
  return saturate(getEffectiveKernelSizeWide(kernel, dilation));
}

int64_t tconv::getFullOutputLength(int64_t input, int64_t kernel,
                                   int64_t stride, int64_t dilation) {
  return saturate((Wide(input) - 1) * stride +
                  getEffectiveKernelSizeWide(kernel, dilation));
}

int64_t tconv::getDefaultOutputLength(int64_t input, int64_t kernel,
                                      int64_t stride, int64_t dilation,
                                      Padding padding, int64_t padLo,
                                      int64_t padHi,
                                      std::optional<int64_t> outputPadding) {
  Wide ke = getEffectiveKernelSizeWide(kernel, dilation);
  Wide full = (Wide(input) - 1) * stride + ke;
  if (padding == Padding::Explicit)
    return saturate(full - padLo - padHi + outputPadding.value_or(0));
  if (!outputPadding) {
    if (padding == Padding::Same)
      return saturate(Wide(input) * stride);
    return saturate(Wide(input) * stride + std::max<Wide>(ke - stride, 0));
  }
  Wide pad = padding == Padding::Same ? ke / 2 : 0;
  return saturate(full - 2 * pad + *outputPadding);
}

/// True when every size of a length rule is in the range the verifier
/// allows (sizes in [1, 2^31), pads in [0, 2^31)), where int64 arithmetic
/// on them cannot overflow.
static bool inVerifiedRange(std::initializer_list<int64_t> sizes,
                            std::initializer_list<int64_t> pads) {
  constexpr int64_t kMax = int64_t(1) << 31;
  return llvm::all_of(sizes, [](int64_t v) { return v >= 1 && v < kMax; }) &&
         llvm::all_of(pads, [](int64_t v) { return v >= 0 && v < kMax; });
}

bool tconv::isLegalOutputLength(int64_t input, int64_t output, int64_t kernel,
                                int64_t stride, int64_t dilation,
                                Padding padding, int64_t padLo, int64_t padHi) {
  if (!inVerifiedRange({input, output, kernel, stride, dilation},
                       {padLo, padHi}))
    return false;
  int64_t ke = getEffectiveKernelSize(kernel, dilation);
  switch (padding) {
  case Padding::Same:
    return llvm::divideCeilSigned(output, stride) == input;
  case Padding::Valid:
    return llvm::divideCeilSigned(output - ke + 1, stride) == input;
  case Padding::Explicit:
    return llvm::divideFloorSigned(output + padLo + padHi - ke, stride) + 1 ==
           input;
  }
  return false;
}

int64_t tconv::getPadBefore(int64_t input, int64_t output, int64_t kernel,
                            int64_t stride, int64_t dilation, Padding padding,
                            int64_t padLo) {
  switch (padding) {
  case Padding::Same:
    return std::max<int64_t>(
               getFullOutputLength(input, kernel, stride, dilation) - output,
               0) /
           2;
  case Padding::Valid:
    return 0;
  case Padding::Explicit:
    return padLo;
  }
  return 0;
}

bool tconv::activationTakesAlpha(Activation activation) {
  return activation == Activation::LeakyRelu || activation == Activation::Elu;
}

double tconv::getDefaultAlpha(Activation activation) {
  switch (activation) {
  case Activation::LeakyRelu:
    return 0.2; // tf.nn.leaky_relu and Keras LeakyReLU.
  case Activation::Elu:
    return 1.0;
  default:
    return 0.0;
  }
}

//===----------------------------------------------------------------------===//
// Conv2DTransposeLayer
//===----------------------------------------------------------------------===//

void Conv2DTransposeLayer::inferOutputSize(
    std::optional<std::array<int64_t, 2>> outputPadding) {
  for (unsigned d = 0; d < 2; ++d) {
    std::optional<int64_t> op;
    if (outputPadding)
      op = (*outputPadding)[d];
    outputSize[d] = getDefaultOutputLength(inputSize[d], kernelSize[d],
                                           strides[d], dilations[d], padding,
                                           pads[2 * d], pads[2 * d + 1], op);
  }
}

bool Conv2DTransposeLayer::hasLegalOutputSize() const {
  for (unsigned d = 0; d < 2; ++d)
    if (!isLegalOutputLength(inputSize[d], outputSize[d], kernelSize[d],
                             strides[d], dilations[d], padding, pads[2 * d],
                             pads[2 * d + 1]))
      return false;
  return true;
}

int64_t Conv2DTransposeLayer::getPadBefore(unsigned dim) const {
  return tconv::getPadBefore(inputSize[dim], outputSize[dim], kernelSize[dim],
                             strides[dim], dilations[dim], padding,
                             pads[2 * dim]);
}

double Conv2DTransposeLayer::getAlphaOrDefault() const {
  return alpha.value_or(getDefaultAlpha(activation));
}

/// Orders {N, C, H, W} as the data format lays them out.
static llvm::SmallVector<int64_t, 4> layoutActivation(DataFormat format,
                                                      int64_t n, int64_t c,
                                                      int64_t h, int64_t w) {
  if (format == DataFormat::ChannelsFirst)
    return {n, c, h, w};
  return {n, h, w, c};
}

llvm::SmallVector<int64_t, 4> Conv2DTransposeLayer::getInputShape() const {
  return layoutActivation(dataFormat, batch, inChannels, inputSize[0],
                          inputSize[1]);
}

llvm::SmallVector<int64_t, 4> Conv2DTransposeLayer::getOutputShape() const {
  return layoutActivation(dataFormat, batch, outChannels, outputSize[0],
                          outputSize[1]);
}

llvm::SmallVector<int64_t, 4> Conv2DTransposeLayer::getFilterShape() const {
  int64_t kh = kernelSize[0], kw = kernelSize[1];
  switch (filterFormat) {
  case FilterFormat::HWOI:
    return {kh, kw, outChannels, inChannels};
  case FilterFormat::IOHW:
    return {inChannels, outChannels, kh, kw};
  case FilterFormat::OHWI:
    return {outChannels, kh, kw, inChannels};
  }
  return {};
}

/// Product of a static shape.
static int64_t getNumElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t Conv2DTransposeLayer::getInputNumElements() const {
  return getNumElements(getInputShape());
}
int64_t Conv2DTransposeLayer::getFilterNumElements() const {
  return getNumElements(getFilterShape());
}
int64_t Conv2DTransposeLayer::getOutputNumElements() const {
  return getNumElements(getOutputShape());
}

double Conv2DTransposeLayer::getUsefulFlops() const {
  return 2.0 * batch * inputSize[0] * inputSize[1] * inChannels * outChannels *
         kernelSize[0] * kernelSize[1];
}

std::string Conv2DTransposeLayer::describe() const {
  std::string s = formatShape(getInputShape()) + " -> " + formatShape(getOutputShape()) +
                  ", k " + formatShape(kernelSize) + ", s " + formatShape(strides) + ", " +
                  stringifyPadding(padding).str();
  if (padding == Padding::Explicit)
    s += " " + formatShape(pads);
  if (dilations != std::array<int64_t, 2>{1, 1})
    s += ", d " + formatShape(dilations);
  if (dataFormat != DataFormat::ChannelsLast)
    s += ", " + stringifyDataFormat(dataFormat).str();
  if (filterFormat != FilterFormat::HWOI)
    s += ", " + stringifyFilterFormat(filterFormat).str();
  if (hasBias)
    s += ", bias";
  if (activation != Activation::None)
    s += ", " + stringifyActivation(activation).str();
  return s;
}
