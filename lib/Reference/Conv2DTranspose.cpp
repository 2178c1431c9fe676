//===- Conv2DTranspose.cpp - Reference transposed convolution -------------===//
//
// Scatter form of DESIGN.md: `full[i0 * s + k0 * d] += x[i0] * w[k0]`, then
// `out[t] = full[t + pad_before]`, bias, activation. The crop is computed here
// from the formulas, not taken from the library's shape helpers, so that a
// bug there shows up as a mismatch.
//
//===----------------------------------------------------------------------===//

#include "TConv/Reference/Conv2DTranspose.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace mlir;
using namespace mlir::tconv;

double reference::applyActivation(Activation activation, double x,
                                  double alpha) {
  // SELU constants of Klambauer et al., as in Keras.
  const double seluAlpha = 1.6732632423543772848170429916717;
  const double seluScale = 1.0507009873554804934193349852946;
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  switch (activation) {
  case Activation::None:
    return x;
  case Activation::Relu:
    // TensorFlow's relu is max(x, 0), which keeps a NaN.
    return std::isnan(x) || x > 0 ? x : 0.0;
  case Activation::Relu6:
    return std::min(std::max(x, 0.0), 6.0);
  case Activation::LeakyRelu:
    return x > 0 ? x : alpha * x;
  case Activation::Elu:
    return x > 0 ? x : alpha * (std::exp(x) - 1.0);
  case Activation::Selu:
    return seluScale * (x > 0 ? x : seluAlpha * (std::exp(x) - 1.0));
  case Activation::Sigmoid:
    return sigmoid(x);
  case Activation::HardSigmoid:
    return std::min(std::max(0.2 * x + 0.5, 0.0), 1.0);
  case Activation::Tanh:
    return std::tanh(x);
  case Activation::Softplus:
    return std::log1p(std::exp(-std::abs(x))) + std::max(x, 0.0);
  case Activation::Softsign:
    return x / (std::abs(x) + 1.0);
  case Activation::Swish:
    return x * sigmoid(x);
  case Activation::Gelu:
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
  }
  return x;
}

/// Leading crop of one spatial dimension, straight from DESIGN.md.
static int64_t computePadBefore(const Conv2DTransposeLayer &layer,
                                unsigned dim) {
  int64_t i = layer.inputSize[dim], s = layer.strides[dim];
  int64_t ke = (layer.kernelSize[dim] - 1) * layer.dilations[dim] + 1;
  switch (layer.padding) {
  case Padding::Valid:
    return 0;
  case Padding::Same:
    return std::max<int64_t>((i - 1) * s + ke - layer.outputSize[dim], 0) / 2;
  case Padding::Explicit:
    return layer.pads[2 * dim];
  }
  return 0;
}

template <typename T>
void reference::conv2DTranspose(const Conv2DTransposeLayer &layer,
                                const T *input, const T *filter, const T *bias,
                                T *output) {
  const int64_t n = layer.batch, cin = layer.inChannels,
                cout = layer.outChannels;
  const int64_t ih = layer.inputSize[0], iw = layer.inputSize[1];
  const int64_t kh = layer.kernelSize[0], kw = layer.kernelSize[1];
  const int64_t oh = layer.outputSize[0], ow = layer.outputSize[1];
  const int64_t sh = layer.strides[0], sw = layer.strides[1];
  const int64_t dh = layer.dilations[0], dw = layer.dilations[1];
  const int64_t padTop = computePadBefore(layer, 0);
  const int64_t padLeft = computePadBefore(layer, 1);
  const bool nchw = layer.dataFormat == DataFormat::ChannelsFirst;

  auto inputAt = [&](int64_t b, int64_t y, int64_t x, int64_t c) {
    return nchw ? input[((b * cin + c) * ih + y) * iw + x]
                : input[((b * ih + y) * iw + x) * cin + c];
  };
  auto filterAt = [&](int64_t y, int64_t x, int64_t o, int64_t c) {
    switch (layer.filterFormat) {
    case FilterFormat::HWOI:
      return filter[((y * kw + x) * cout + o) * cin + c];
    case FilterFormat::IOHW:
      return filter[((c * cout + o) * kh + y) * kw + x];
    case FilterFormat::OHWI:
      return filter[((o * kh + y) * kw + x) * cin + c];
    }
    return T(0);
  };

  // Accumulate in f64, NHWC order, over the cropped output only.
  std::vector<double> acc(n * oh * ow * cout, 0.0);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < ih; ++y)
      for (int64_t x = 0; x < iw; ++x)
        for (int64_t ky = 0; ky < kh; ++ky) {
          int64_t ty = y * sh + ky * dh - padTop;
          if (ty < 0 || ty >= oh)
            continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            int64_t tx = x * sw + kx * dw - padLeft;
            if (tx < 0 || tx >= ow)
              continue;
            double *out = &acc[((b * oh + ty) * ow + tx) * cout];
            for (int64_t c = 0; c < cin; ++c) {
              double v = static_cast<double>(inputAt(b, y, x, c));
              for (int64_t o = 0; o < cout; ++o)
                out[o] += v * static_cast<double>(filterAt(ky, kx, o, c));
            }
          }
        }

  double alpha = layer.getAlphaOrDefault();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        for (int64_t o = 0; o < cout; ++o) {
          double v = acc[((b * oh + y) * ow + x) * cout + o];
          if (bias)
            v += static_cast<double>(bias[o]);
          v = applyActivation(layer.activation, v, alpha);
          int64_t idx = nchw ? ((b * cout + o) * oh + y) * ow + x
                             : ((b * oh + y) * ow + x) * cout + o;
          output[idx] = static_cast<T>(v);
        }
}

template void reference::conv2DTranspose<float>(const Conv2DTransposeLayer &,
                                                const float *, const float *,
                                                const float *, float *);
template void reference::conv2DTranspose<double>(const Conv2DTransposeLayer &,
                                                 const double *,
                                                 const double *,
                                                 const double *, double *);
