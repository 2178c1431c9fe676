//===- Conv2DTransposeLayer.h - Shapes of a transposed conv -----*- C++ -*-===//
//
// A plain description of one conv2d_transpose layer (sizes and attributes,
// no MLIR types) and the TensorFlow/Keras shape rules on it. The op, the
// lowering, the JIT API, the tools and the tests all speak this struct.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_CONV2DTRANSPOSELAYER_H
#define TCONV_DIALECT_CONV2DTRANSPOSELAYER_H

#include "TConv/Dialect/TConvAttrs.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
namespace tconv {

/// A shape as `AxBxC`, `?` for dynamic sizes.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Effective kernel length `(k - 1) * d + 1`.
int64_t getEffectiveKernelSize(int64_t kernel, int64_t dilation);

/// Length of the uncropped result `(i - 1) * s + ke`.
int64_t getFullOutputLength(int64_t input, int64_t kernel, int64_t stride,
                            int64_t dilation);

/// Keras `deconv_output_length`: the default output length of one spatial
/// dimension, optionally with `output_padding`. For explicit padding,
/// `(i - 1) * s + ke - padLo - padHi (+ outputPadding)`.
int64_t getDefaultOutputLength(int64_t input, int64_t kernel, int64_t stride,
                               int64_t dilation, Padding padding,
                               int64_t padLo = 0, int64_t padHi = 0,
                               std::optional<int64_t> outputPadding = {});

/// True when a forward convolution of an output of length `output` gives back
/// `input` (what TensorFlow requires of `output_shape`).
bool isLegalOutputLength(int64_t input, int64_t output, int64_t kernel,
                         int64_t stride, int64_t dilation, Padding padding,
                         int64_t padLo = 0, int64_t padHi = 0);

/// Number of leading full-result positions cropped away: `out[t] =
/// full[t + padBefore]`.
int64_t getPadBefore(int64_t input, int64_t output, int64_t kernel,
                     int64_t stride, int64_t dilation, Padding padding,
                     int64_t padLo = 0);

/// Default `alpha` of an activation (leaky_relu 0.2, elu 1.0, else 0).
double getDefaultAlpha(Activation activation);

/// True for the activations that take an `alpha`.
bool activationTakesAlpha(Activation activation);

/// Sizes and attributes of one conv2d_transpose. Spatial arrays are {H, W};
/// `pads` is {top, bottom, left, right}. `batch` may be ShapedType::kDynamic
/// when describing an op with a dynamic batch.
struct Conv2DTransposeLayer {
  int64_t batch = 1;
  int64_t inChannels = 1;
  int64_t outChannels = 1;
  std::array<int64_t, 2> inputSize = {1, 1};
  std::array<int64_t, 2> kernelSize = {1, 1};
  std::array<int64_t, 2> outputSize = {1, 1};
  std::array<int64_t, 2> strides = {1, 1};
  std::array<int64_t, 2> dilations = {1, 1};
  Padding padding = Padding::Valid;
  std::array<int64_t, 4> pads = {0, 0, 0, 0};
  DataFormat dataFormat = DataFormat::ChannelsLast;
  FilterFormat filterFormat = FilterFormat::HWOI;
  Activation activation = Activation::None;
  std::optional<double> alpha;
  bool hasBias = false;

  /// Sets `outputSize` to the Keras default, with optional output padding
  /// per spatial dimension.
  void inferOutputSize(std::optional<std::array<int64_t, 2>> outputPadding = {});
  /// True when both output lengths are legal for the input lengths.
  bool hasLegalOutputSize() const;
  /// Leading crop of spatial dimension `dim` (0 = H, 1 = W).
  int64_t getPadBefore(unsigned dim) const;
  /// `alpha`, or the activation's default.
  double getAlphaOrDefault() const;

  llvm::SmallVector<int64_t, 4> getInputShape() const;
  llvm::SmallVector<int64_t, 4> getFilterShape() const;
  llvm::SmallVector<int64_t, 4> getOutputShape() const;
  int64_t getInputNumElements() const;
  int64_t getFilterNumElements() const;
  int64_t getOutputNumElements() const;

  /// Useful floating-point work `2 * N * H * W * Cin * Cout * KH * KW`.
  double getUsefulFlops() const;

  /// One line such as `1x8x8x512 -> 1x16x16x256, k 5x5, s 2x2, same`.
  std::string describe() const;
};

} // namespace tconv
} // namespace mlir

#endif // TCONV_DIALECT_CONV2DTRANSPOSELAYER_H
