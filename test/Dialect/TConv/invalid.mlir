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

// -----

// conv2d_transpose_c14: a filter block that does not divide the channels.
func.func @strategy_block(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32> {
  // expected-error @+1 {{expected a strategy filter_block that divides the output channels (48) of a channels_last layer, got 32}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       {strategy = #tconv.strategy<borders = padded, filter_block = 32>}
       : (tensor<1x8x8x64xf32>, tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32>
  return %y : tensor<1x16x16x48xf32>
}

// -----

// conv2d_transpose_c14: a register tile larger than the output.
func.func @strategy_tile(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32> {
  // expected-error @+1 {{expected a strategy tile of at most 16 columns, got 24}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       {strategy = #tconv.strategy<borders = exact, tile = [1, 24, 16, 1]>}
       : (tensor<1x8x8x64xf32>, tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32>
  return %y : tensor<1x16x16x48xf32>
}

// -----

func.func @strategy_tile_rank(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32> {
  // expected-error @+2 {{expected a tile of 4 sizes [rows, cols, channels, images], got 3}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       {strategy = #tconv.strategy<borders = exact, tile = [1, 8, 16]>}
       : (tensor<1x8x8x64xf32>, tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32>
  return %y : tensor<1x16x16x48xf32>
}

// -----

func.func @strategy_borders(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32> {
  // expected-error @+3 {{expected one of [exact, padded, exact_rows] for how the decomposition treats the outputs near the input border, got: diagonal}}
  // expected-error @+2 {{failed to parse TConv_StrategyAttr parameter 'borders'}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       {strategy = #tconv.strategy<borders = diagonal>}
       : (tensor<1x8x8x64xf32>, tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32>
  return %y : tensor<1x16x16x48xf32>
}

// -----

func.func @strategy_negative(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32> {
  // expected-error @+2 {{expected a ci_block >= 0, got -3}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       {strategy = #tconv.strategy<borders = exact, ci_block = -3>}
       : (tensor<1x8x8x64xf32>, tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32>
  return %y : tensor<1x16x16x48xf32>
}

// -----

func.func @strategy_block_unpacked(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32> {
  // expected-error @+2 {{expected pack_filter with a filter_block}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       {strategy = #tconv.strategy<borders = exact, pack_filter = false, filter_block = 16>}
       : (tensor<1x8x8x64xf32>, tensor<4x4x48x64xf32>) -> tensor<1x16x16x48xf32>
  return %y : tensor<1x16x16x48xf32>
}

// -----

// An impossible target.
// expected-error @+1 {{expected vector_bits of 128, 256 or 512, got 0}}
module attributes {tconv.target = #tconv.target<vector_bits = 0, registers = 16, fma_pipes = 1, l1 = 32768, l2 = 1048576, l3 = 33554432, cores = 1>} {
}

// -----

// expected-error @+1 {{expected a positive l2, got 0}}
module attributes {tconv.target = #tconv.target<vector_bits = 512, registers = 32, fma_pipes = 1, l1 = 32768, l2 = 0, l3 = 33554432, cores = 1>} {
}

// -----

// expected-error @+1 {{expected 'tconv.target' to be a #tconv.target}}
module attributes {tconv.target = 512 : i64} {
}

// -----

// expected-error @+1 {{unknown tconv attribute '"tconv.tarjet"'}}
module attributes {tconv.tarjet = 512 : i64} {
}
