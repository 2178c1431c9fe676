// RUN: tconv-opt %s --split-input-file --verify-diagnostics

// One case per verifier rule of tconv.conv2d_transpose (tags
// conv2d_transpose_cN in TConvOps.td and TConvOps.cpp).

// conv2d_transpose_c1
func.func @input_rank_3(%x: tensor<4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected input of rank 4, got rank 3}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c1
func.func @filter_rank_2(%x: tensor<1x4x4x2xf32>, %w: tensor<4x2xf32>) {
  // expected-error @+1 {{expected filter of rank 4, got rank 2}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<4x2xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

// conv2d_transpose_c1
func.func @output_rank_5(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output of rank 4, got rank 5}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4x1xf32>
  return
}

// -----

// conv2d_transpose_c1
func.func @bias_rank_2(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{expected bias of rank 1, got rank 2}}
  %y = tconv.conv2d_transpose %x, %w, %b strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>, tensor<1x4xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// Element types outside f16, bf16, f32, f64 are rejected by the operand type
// constraint.
func.func @integer_input(%x: tensor<1x4x4x2xi32>, %w: tensor<3x3x4x2xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xi32>, tensor<3x3x4x2xi32>) -> tensor<1x6x6x4xi32>
  return
}

// -----

// conv2d_transpose_c2
func.func @filter_type_mismatch(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf16>) {
  // expected-error @+1 {{expected filter element type to match the input's 'f32', got 'f16'}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf16>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c2
func.func @bias_type_mismatch(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>, %b: tensor<4xf64>) {
  // expected-error @+1 {{expected bias element type to match the input's 'f32', got 'f64'}}
  %y = tconv.conv2d_transpose %x, %w, %b strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>, tensor<4xf64>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c2
func.func @output_type_mismatch(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output element type to match the input's 'f32', got 'bf16'}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xbf16>
  return
}

// -----

// conv2d_transpose_c3
func.func @three_strides(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected 2 strides, got 3}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c3
func.func @zero_stride(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected strides >= 1, got [0, 1]}}
  %y = tconv.conv2d_transpose %x, %w strides = [0, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c4
func.func @one_dilation(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected 2 dilations, got 1}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid dilations = [2] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c4
func.func @negative_dilation(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected dilations >= 1, got [1, -2]}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid dilations = [1, -2] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c5
func.func @explicit_without_pads(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected pads with explicit padding}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = explicit : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c5
func.func @pads_with_same(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected no pads with padding same, pads are only for explicit}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = same pads = [1, 1, 1, 1] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

// conv2d_transpose_c5
func.func @two_pads(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected 4 pads [top, bottom, left, right], got 2}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = explicit pads = [1, 1] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

// conv2d_transpose_c5
func.func @negative_pad(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected pads >= 0, got [1, -1, 0, 0]}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = explicit pads = [1, -1, 0, 0] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c6
func.func @dynamic_height(%x: tensor<1x?x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected static input shape except the batch, got 1x?x4x2}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x?x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c6
func.func @dynamic_filter(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x?x2xf32>) {
  // expected-error @+1 {{expected static filter shape except the batch, got 3x3x?x2}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x?x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c7
func.func @input_channel_mismatch(%x: tensor<1x4x4x3xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected filter input channels (2) to match input channels (3) for filter_format hwoi}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x3xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c7: with iohw the input channels come first in the filter.
func.func @input_channel_mismatch_iohw(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{expected filter input channels (3) to match input channels (2) for filter_format iohw}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid data_format = channels_first filter_format = iohw : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

// conv2d_transpose_c8
func.func @output_channel_mismatch(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output channels (5) to match filter output channels (4)}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x5xf32>
  return
}

// -----

// conv2d_transpose_c8
func.func @bias_length_mismatch(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expected bias length (3) to match filter output channels (4)}}
  %y = tconv.conv2d_transpose %x, %w, %b strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>, tensor<3xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c9
func.func @batch_mismatch(%x: tensor<2x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output batch (3) to match input batch (2)}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<2x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<3x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c10: same, i=4, s=2 allows 7 or 8 only.
func.func @same_output_too_long(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output height 9 to be legal for input length 4, kernel 3, stride 2, dilation 1 and padding same (default length 8)}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x9x8x4xf32>
  return
}

// -----

// conv2d_transpose_c10: valid, i=4, k=3, s=2 allows 9 or 10 only.
func.func @valid_output_too_short(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output width 8 to be legal for input length 4, kernel 3, stride 2, dilation 1 and padding valid (default length 9)}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x9x8x4xf32>
  return
}

// -----

// conv2d_transpose_c10: explicit pads 1, 1, k=3, s=2, i=4 allows 7 or 8.
func.func @explicit_output_too_long(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output height 9 to be legal for input length 4, kernel 3, stride 2, dilation 1 and padding explicit (default length 7)}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = explicit pads = [1, 1, 1, 1] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x9x7x4xf32>
  return
}

// -----

// conv2d_transpose_c10: a dilated kernel spans (k - 1) * d + 1.
func.func @dilated_output_too_short(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected output height 6 to be legal for input length 4, kernel 3, stride 1, dilation 2 and padding valid (default length 8)}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid dilations = [2, 2] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x8x4xf32>
  return
}

// -----

// conv2d_transpose_c11
func.func @alpha_with_relu(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected no alpha with activation relu, alpha is only for leaky_relu and elu}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid activation = relu alpha = 0.5 : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// An unknown enum value is a parse error at the attribute.
func.func @unknown_padding(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+2 {{expected ::mlir::tconv::Padding to be one of: valid, same, explicit}}
  // expected-error @+1 {{failed to parse TConv_PaddingAttr parameter 'value'}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = full : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c12
func.func @empty_input(%x: tensor<1x0x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected non-empty input, got shape 1x0x4x2}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x0x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x2x6x4xf32>
  return
}

// -----

// conv2d_transpose_c12
func.func @empty_kernel(%x: tensor<1x4x4x2xf32>, %w: tensor<0x3x4x2xf32>) {
  // expected-error @+1 {{expected non-empty filter, got shape 0x3x4x2}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x4x4x2xf32>, tensor<0x3x4x2xf32>) -> tensor<1x3x6x4xf32>
  return
}

// -----

// conv2d_transpose_c12
func.func @huge_input(%x: tensor<1x4611686018427387904x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected input sizes below 2^31, got shape 1x4611686018427387904x4x2}}
  %y = tconv.conv2d_transpose %x, %w strides = [4, 1] padding = valid : (tensor<1x4611686018427387904x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c12
func.func @huge_stride(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected strides below 2^31, got [9223372036854775807, 1]}}
  %y = tconv.conv2d_transpose %x, %w strides = [9223372036854775807, 1] padding = same : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c12
func.func @huge_pads(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{expected pads below 2^31, got [9223372036854775807, 0, 0, 0]}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = explicit pads = [9223372036854775807, 0, 0, 0] : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// conv2d_transpose_c13
func.func @huge_bytes(%x: tensor<1x1000000000x1000000000x1000000000xf32>, %w: tensor<1x1x4x1000000000xf32>) {
  // expected-error @+1 {{expected input smaller than 2^62 bytes, got shape 1x1000000000x1000000000x1000000000 of 'f32'}}
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x1000000000x1000000000x1000000000xf32>, tensor<1x1x4x1000000000xf32>) -> tensor<1x1000000000x1000000000x4xf32>
  return
}
