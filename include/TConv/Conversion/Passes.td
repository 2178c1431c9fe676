//===- Passes.td - TConv conversion passes -----------------*- tablegen -*-===//
//
// Conversions out of the tconv dialect.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_CONVERSION_PASSES_TD
#define TCONV_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TConvToLinalgPass : Pass<"tconv-to-linalg"> {
  let summary = "Lower tconv.conv2d_transpose to linalg without multiplying "
                "by zeros";
  let description = [{
    Rewrites every `tconv.conv2d_transpose` into linalg on tensors with the
    polyphase (sub-pixel) decomposition: output position `t` with
    `(t + pad_before) mod s = r` only receives the kernel taps `k` with
    `k * d = r (mod s)`, so each phase is a dense stride-1 convolution of the
    input with a strided slice of the filter, written strided into the output.

    With `borders=exact`, each phase is further split, per spatial
    dimension, into segments of output positions that see the same range of
    taps, so that no generated contraction ever reads past the input border:
    the multiply-adds performed equal the useful work of the layer, minus the
    taps that only land on cropped positions. With `borders=padded`, each
    phase is one segment over a zero-padded copy of the input (`tensor.pad`):
    fewer, larger contractions, each filter tap read by one of them, at the
    cost of the border outputs' missing taps multiplying zeros; consecutive
    phases with as many outputs and taps are one contraction in an
    `scf.forall` over the phases (a group). `auto` (the
    default) pads where exact borders cost more: filters larger than L2
    (each exact segment streams its slice again), more than 32 exact
    segments (compile time; kernel 16, stride 8: 576, padded 64) or fewer
    than 8 output
    channels (vectors along output columns), as long as padding adds at most
    50% multiply-adds. No mode pads by more than the input's size plus 64
    per dimension (a large dilation): exact borders then.

    Layers with fewer than 8 output channels (NHWC, `pack-filter`) put
    output columns innermost instead of channels: the input is copied
    channel-major per row ([N, H, Cin, W]), each segment accumulates in
    [N, QH, Cout, QW] over loops `(n, qh, co | th, tw, ci | qw)`, and its
    epilogue writes the NHWC result.

    With `pack-filter`, NHWC and a channel count that leaves vector lanes
    empty (not a multiple of 16), column phases that read the same input
    columns with as many taps (a kernel width that is a multiple of the
    stride, valid padding: FCN, U-Net) are folded into the channels: one
    contraction per row phase (or group) computes all S column phases over
    S x Cout channels of the output viewed as [N, OH, OW / S, S x Cout]
    (`tensor.expand_shape` / `collapse_shape`), from a filter packed as
    [KH, KW / S, Cin, S x Cout] and the bias repeated S times. 21 channels
    fill 21 of 32 lanes; 8 phases x 21, 168 of 176.

    A segment is three linalg ops on a strided slice of the
    result: the bias broadcast (or zero) as the accumulator, the contraction
    (`linalg.generic`, taps and input channels as reductions; f16 and bf16
    accumulate in f32) and the epilogue (activation, narrowing). Output
    positions no tap reaches get the activation of the bias only. By default
    the filter is read in its own layout through indexing maps; with
    `pack-filter` it is first copied into [KH, KW, Cin, Cout'] so that the
    innermost loop (output channels) is contiguous in both the filter and an
    NHWC output (Cout' = Cout + 16 for multiples of 64: rows whose pitch is
    not a power of two, so a channel tile's block spreads over the cache
    sets).

    Before:
    ```mlir
    %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid
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
  let options = [
    Option<"packFilter", "pack-filter", "bool", /*default=*/"false",
           "Copy the filter once into [KH, KW, Cin, Cout] (output channels "
           "contiguous) so the contraction vectorizes; off: read the filter "
           "in its own layout through the indexing maps">,
    Option<"borders", "borders", "mlir::tconv::PhaseBorders",
           /*default=*/"mlir::tconv::PhaseBorders::Auto",
           "Outputs near the input border: exact segments, or one segment "
           "per phase over a zero-padded input",
           [{::llvm::cl::values(
             clEnumValN(mlir::tconv::PhaseBorders::Exact, "exact",
                        "segments with equal tap ranges; no zero is read"),
             clEnumValN(mlir::tconv::PhaseBorders::Padded, "padded",
                        "one segment per phase, input padded with zeros"),
             clEnumValN(mlir::tconv::PhaseBorders::ExactRows, "exact-rows",
                        "exact segments along rows, columns padded"),
             clEnumValN(mlir::tconv::PhaseBorders::Auto, "auto",
                        "padded (or exact-rows) for large filters, many segments or few output channels"))}]>,
    Option<"filterBlock", "filter-block", "int64_t", /*default=*/"0",
           "With pack-filter, pack the filter in blocks of this many output "
           "channels, [Cout/B, KH, KW, Cin, B], so a channel tile's filter "
           "is contiguous (NHWC layers whose Cout is a multiple of it, not "
           "columns-inner or folded); 0: unblocked">
  ];
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

#endif // TCONV_CONVERSION_PASSES_TD
