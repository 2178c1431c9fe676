//===- TConvOps.td - TConv operations ----------------------*- tablegen -*-===//
//
// tconv.conv2d_transpose: the TensorFlow transposed-convolution layer.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVOPS_TD
#define TCONV_DIALECT_TCONVOPS_TD

include "TConv/Dialect/TConvDialect.td"
include "TConv/Dialect/TConvAttrs.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"

def TConv_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;

def TConv_Conv2DTransposeOp : TConv_Op<"conv2d_transpose", [
    Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                              ["reifyResultShapes"]>]> {
  let summary = "2-D transposed convolution with TensorFlow semantics";
  let description = [{
    Computes `tf.compat.v1.layers.conv2d_transpose` (equivalently
    `tf.nn.conv2d_transpose` plus bias and activation). Per spatial dimension,
    with stride `s`, dilation `d`, kernel `k`, effective kernel
    `ke = (k - 1) * d + 1` and input length `i`, the full result is
    `full[i0 * s + k0 * d] += x[i0] * w[k0]`; the output of length `o` (the
    result type, like TF's `output_shape`) is `out[t] = full[t + pad_before]`
    with `pad_before = max((i - 1) * s + ke - o, 0) / 2` for `same`, `0` for
    `valid` and `pads[top|left]` for `explicit`. Positions the full result
    does not reach are zero. Then `+ bias[co]`, then the activation.

    Layouts: `data_format = channels_last` (default) is NHWC, `channels_first`
    is NCHW. `filter_format = hwoi` (default) is TF's `[KH, KW, Cout, Cin]`,
    `iohw` is PyTorch/ONNX `[Cin, Cout, KH, KW]`, `ohwi` is `[Cout, KH, KW, Cin]`.
    `alpha` is the slope of `leaky_relu` (default 0.2) and the scale of `elu`
    (default 1.0). `gelu` is the exact (erf) form; `hard_sigmoid` is
    `clip(0.2 * x + 0.5, 0, 1)`.

    Verifier rules (tags `conv2d_transpose_cN` in the C++ and the tests):
    1. input and output have rank 4, the filter rank 4, the bias rank 1.
    2. all operands and the result share one element type.
    3. `strides` has 2 values, each >= 1.
    4. `dilations` has 2 values, each >= 1.
    5. `pads` is present exactly when `padding = explicit`, with 4 values
       [top, bottom, left, right], each >= 0.
    6. all dimensions are static except the batch, which may be dynamic.
    7. the input channels equal the filter's Cin.
    8. the filter's Cout equals the output channels and the bias length.
    9. the output batch equals the input batch.
    10. each output length is legal: a forward convolution of it with the same
        attributes gives back the input length (`ceil(o / s) == i` for same,
        `ceil((o - ke + 1) / s) == i` for valid,
        `floor((o + top + bottom - ke) / s) + 1 == i` for explicit).
    11. `alpha` is only given with `leaky_relu` or `elu`.
    12. no dimension is 0, and every size, stride, dilation and pad is below
        2^31 (so no length computation overflows).
    13. each operand and the result hold fewer than 2^62 bytes (so no byte
        offset or linear index overflows 64 bits).
    14. a `strategy` fits the layer: its filter block divides the output
        channels (channels_last only), its register tile is no larger than
        the output (rows, columns, channels, images).

    `strategy` (see `#tconv.strategy`, in the attribute dictionary) says
    how the op is lowered; without one, `tconv-select-strategy` chooses it
    for the target.

    Example (DCGAN generator layer):

    ```mlir
    %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = same
           activation = relu
         : (tensor<1x8x8x512xf32>, tensor<5x5x256x512xf32>, tensor<256xf32>)
           -> tensor<1x16x16x256xf32>
    ```
  }];

  let arguments = (ins
    TConv_FloatTensor:$input,
    TConv_FloatTensor:$filter,
    Optional<TConv_FloatTensor>:$bias,
    DenseI64ArrayAttr:$strides,
    TConv_PaddingAttr:$padding,
    OptionalAttr<DenseI64ArrayAttr>:$pads,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<TConv_DataFormatAttr,
                      "::mlir::tconv::DataFormat::ChannelsLast">:$data_format,
    DefaultValuedAttr<TConv_FilterFormatAttr,
                      "::mlir::tconv::FilterFormat::HWOI">:$filter_format,
    DefaultValuedAttr<TConv_ActivationAttr,
                      "::mlir::tconv::Activation::None">:$activation,
    OptionalAttr<F64Attr>:$alpha,
    OptionalAttr<TConv_StrategyAttr>:$strategy
  );
  let results = (outs TConv_FloatTensor:$output);

  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)?
    `strides` `=` $strides `padding` `=` `` $padding (`pads` `=` $pads^)?
    (`dilations` `=` $dilations^)?
    (`data_format` `=` `` $data_format^)?
    (`filter_format` `=` `` $filter_format^)?
    (`activation` `=` `` $activation^)? (`alpha` `=` $alpha^)?
    attr-dict `:` functional-type(operands, results)
  }];

  let builders = [
    // Infers the result type with the Keras output length (no output padding).
    OpBuilder<(ins "Value":$input, "Value":$filter, "Value":$bias,
                   "ArrayRef<int64_t>":$strides, "Padding":$padding,
                   CArg<"ArrayRef<int64_t>", "{}">:$pads,
                   CArg<"ArrayRef<int64_t>", "{1, 1}">:$dilations,
                   CArg<"DataFormat", "DataFormat::ChannelsLast">:$dataFormat,
                   CArg<"FilterFormat", "FilterFormat::HWOI">:$filterFormat,
                   CArg<"Activation", "Activation::None">:$activation,
                   CArg<"std::optional<double>", "std::nullopt">:$alpha)>,
    // Builds the op `layer` describes, result type included.
    OpBuilder<(ins "const Conv2DTransposeLayer &":$layer, "Value":$input,
                   "Value":$filter, "Value":$bias)>,
    // Builds an op with the attributes of `layer` and the given result type
    // (the operand types need not agree with `layer`; the verifier says so).
    OpBuilder<(ins "Type":$resultType, "const Conv2DTransposeLayer &":$layer,
                   "Value":$input, "Value":$filter, "Value":$bias)>
  ];

  let extraClassDeclaration = [{
    /// The layer described by this op's types and attributes.
    FailureOr<Conv2DTransposeLayer> getLayer();
  }];

  let hasVerifier = 1;
}

#endif // TCONV_DIALECT_TCONVOPS_TD
