//===- Passes.td - TConv conversion passes -----------------*- tablegen -*-===//
//
// Conversions into the tconv dialect (from TOSA) and out of it (to linalg).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_PASSES_TD
#define TCONV_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TConvToLinalgPass : Pass<"tconv-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lower tconv.conv2d_transpose to linalg as its strategy says";
  let description = [{
    Rewrites every `tconv.conv2d_transpose` into linalg on tensors with the
    polyphase (sub-pixel) decomposition: output position `t` with
    `(t + pad_before) mod s = r` only receives the kernel taps `k` with
    `k * d = r (mod s)`, so each phase is a dense stride-1 convolution of the
    input with a strided slice of the filter, written strided into the output.
    Every choice comes from the op's `strategy` (`#tconv.strategy`, set by
    `tconv-select-strategy` or by hand); an op without one is an error.

    With `borders = exact`, each phase is further split, per spatial
    dimension, into segments of output positions that see the same range of
    taps, so that no contraction reads past the input border: the
    multiply-adds performed are the layer's useful work, minus the taps that
    only land on cropped positions. With `borders = padded`, each phase is
    one segment over a zero-padded copy of the input (`tensor.pad`): fewer,
    larger contractions, at the cost of the border outputs' missing taps
    multiplying zeros; consecutive phases with as many outputs and taps are
    one contraction in an `scf.forall` over the phases (a group).
    `exact_rows` is exact along the rows, padded along the columns. No mode
    pads by more than the input's size plus 64 per dimension (a large
    dilation): exact borders then.

    With `pack_filter`, the filter is first copied into [KH, KW, Cin, Cout']
    so that the innermost loop (output channels) is contiguous in both the
    filter and an NHWC output (Cout' = Cout + 16 for multiples of 64: rows
    whose pitch is not a power of two), blocked by `filter_block` output
    channels when given. Layers with fewer than 8 output channels (NHWC)
    then put output columns innermost instead of channels (the input copied
    channel-major per row); NHWC layers whose channels leave vector lanes
    empty and whose column phases read the same input columns (a kernel that
    is a multiple of the stride, valid padding: FCN, U-Net) fold the column
    phases into the channels: one contraction computes all S of them over
    S x Cout channels.

    A segment is three linalg ops on a strided slice of the result: the
    bias broadcast (or zero) as the accumulator, the contraction
    (`linalg.generic`, taps and input channels as reductions; f16 and bf16
    accumulate in f32; it carries the strategy as `tconv.strategy`) and the
    epilogue (activation, narrowing). Output positions no tap reaches get
    the activation of the bias only.

    Before:
    ```mlir
    %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid
         {strategy = #tconv.strategy<borders = exact, pack_filter = false>}
         : (tensor<1x4x4x8xf32>, tensor<2x2x16x8xf32>) -> tensor<1x8x8x16xf32>
    ```
    After (one of the four phases):
    ```mlir
    %ws = tensor.extract_slice %w[0, 0, 0, 0] [1, 1, 16, 8] [2, 2, 1, 1]
    %ys = tensor.extract_slice %dest[0, 0, 0, 0] [1, 4, 4, 16] [1, 2, 2, 1]
    %z  = linalg.fill ins(%zero : f32) outs(%ys : tensor<1x4x4x16xf32>)
    %c  = linalg.generic {iterator_types = ["parallel", "parallel", "parallel",
            "reduction", "reduction", "reduction", "parallel"]}
            ins(%x, %ws : ...) outs(%z : tensor<1x4x4x16xf32>) { ... }
    %dest1 = tensor.insert_slice %c into %dest[0, 0, 0, 0] [1, 4, 4, 16] [1, 2, 2, 1]
    ```
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def TConvTosaToTConvPass : Pass<"tosa-to-tconv", "::mlir::func::FuncOp"> {
  let summary = "Import tosa.transpose_conv2d as tconv.conv2d_transpose";
  let description = [{
    Rewrites each `tosa.transpose_conv2d` (NHWC input, OHWI weight, bias,
    `out_pad` [top, bottom, left, right], `stride`) into
    `tconv.conv2d_transpose` with `filter_format = ohwi` and explicit pads:
    TOSA's output is the full result grown by `out_pad` on each side, a
    negative value cropping, so a crop is a pad of `-out_pad` and a growth
    at the bottom or right below the stride is a longer result. A `tosa.clamp`
    to [0, max] (relu) or [0, 6] (relu6) propagating NaN, a `tosa.sigmoid`
    or a `tosa.tanh` that is the conv's only user becomes its activation. A
    bias of one element is broadcast to the output channels.

    Left to upstream's decomposition: a growth at the top or left (it shifts
    the output), one at the bottom or right of a stride or more, zero points
    that are not constants, shapes dynamic beyond the batch. Integer
    (quantized) convolutions are an error: TConv's kernels are floating
    point.
  }];
  let dependentDialects = ["::mlir::tconv::TConvDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TConvRaiseDilatedConvPass
    : Pass<"tconv-raise-dilated-conv", "::mlir::func::FuncOp"> {
  let summary = "Raise the zero-insertion idiom to tconv.conv2d_transpose";
  let description = [{
    Recognizes a transposed convolution written as a stride-1
    `linalg.conv_2d_nhwc_hwcf`, `linalg.conv_2d_nhwc_fhwc` or
    `linalg.conv_2d_nchw_fchw` (undilated, into
    a zero `linalg.fill`) of the input inserted at a stride into a zero
    `linalg.fill` (`tensor.insert_slice` with unit batch and channel
    strides), optionally zero-padded (`tensor.pad` of the spatial
    dimensions), with the spatially flipped kernel: a constant (flipped back
    at compile time) or an argument reversed by a copying `linalg.generic`.
    It becomes `tconv.conv2d_transpose` with explicit pads (`hwoi` through a
    `linalg.transpose` for HWCF, `ohwi` for FHWC, `channels_first` with
    `iohw` through a transpose for NCHW/FCHW), which multiplies only the
    taps that meet input, about 1/s^2 of the idiom's. A `linalg.generic`
    that is the convolution's only user and adds a bias along the channels
    and/or takes the maximum with 0 becomes the op's bias and relu.
    Anything else (another stride or fill, a kernel it cannot unflip, an
    output out of the input's reach) is left alone.
  }];
  let dependentDialects = ["::mlir::tconv::TConvDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // TCONV_CONVERSION_PASSES_TD
