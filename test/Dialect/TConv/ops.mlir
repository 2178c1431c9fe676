// RUN: tconv-opt %s | tconv-opt | FileCheck %s
// RUN: tconv-opt %s --mlir-print-op-generic | tconv-opt | FileCheck %s

// Round trip of every attribute, layout and element type; defaults are
// elided when printed.

// CHECK-LABEL: func.func @dcgan_same_bias_relu
// CHECK: tconv.conv2d_transpose %{{.+}}, %{{.+}}, %{{.+}} strides = [2, 2] padding = same activation = relu :
// CHECK-SAME: (tensor<1x8x8x512xf32>, tensor<5x5x256x512xf32>, tensor<256xf32>) -> tensor<1x16x16x256xf32>
func.func @dcgan_same_bias_relu(%x: tensor<1x8x8x512xf32>, %w: tensor<5x5x256x512xf32>, %b: tensor<256xf32>) -> tensor<1x16x16x256xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = same activation = relu
       : (tensor<1x8x8x512xf32>, tensor<5x5x256x512xf32>, tensor<256xf32>) -> tensor<1x16x16x256xf32>
  return %y : tensor<1x16x16x256xf32>
}

// CHECK-LABEL: func.func @defaults_are_elided
// CHECK: tconv.conv2d_transpose %{{.+}}, %{{.+}} strides = [1, 1] padding = valid :
func.func @defaults_are_elided(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x5x2xf32>) -> tensor<1x6x6x5xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid dilations = [1, 1]
       data_format = channels_last filter_format = hwoi activation = none
       : (tensor<1x4x4x2xf32>, tensor<3x3x5x2xf32>) -> tensor<1x6x6x5xf32>
  return %y : tensor<1x6x6x5xf32>
}

// CHECK-LABEL: func.func @explicit_nchw_iohw_leaky_f16_dynamic_batch
// CHECK: strides = [2, 2] padding = explicit pads = [1, 1, 1, 1] data_format = channels_first filter_format = iohw activation = leaky_relu alpha = 1.000000e-01 :
// CHECK-SAME: (tensor<?x3x8x8xf16>, tensor<3x4x3x3xf16>) -> tensor<?x4x15x15xf16>
func.func @explicit_nchw_iohw_leaky_f16_dynamic_batch(%x: tensor<?x3x8x8xf16>, %w: tensor<3x4x3x3xf16>) -> tensor<?x4x15x15xf16> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = explicit pads = [1, 1, 1, 1]
       data_format = channels_first filter_format = iohw activation = leaky_relu alpha = 0.1
       : (tensor<?x3x8x8xf16>, tensor<3x4x3x3xf16>) -> tensor<?x4x15x15xf16>
  return %y : tensor<?x4x15x15xf16>
}

// CHECK-LABEL: func.func @dilated_ohwi_bf16_elu
// CHECK: strides = [3, 2] padding = valid dilations = [2, 1] filter_format = ohwi activation = elu alpha = 5.000000e-01 :
// CHECK-SAME: (tensor<2x4x5x3xbf16>, tensor<6x3x2x3xbf16>, tensor<6xbf16>) -> tensor<2x14x10x6xbf16>
func.func @dilated_ohwi_bf16_elu(%x: tensor<2x4x5x3xbf16>, %w: tensor<6x3x2x3xbf16>, %b: tensor<6xbf16>) -> tensor<2x14x10x6xbf16> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [3, 2] padding = valid dilations = [2, 1]
       filter_format = ohwi activation = elu alpha = 0.5
       : (tensor<2x4x5x3xbf16>, tensor<6x3x2x3xbf16>, tensor<6xbf16>) -> tensor<2x14x10x6xbf16>
  return %y : tensor<2x14x10x6xbf16>
}

// CHECK-LABEL: func.func @f64_kernel_smaller_than_stride_longer_output
// CHECK: strides = [4, 4] padding = valid activation = gelu :
// CHECK-SAME: (tensor<1x3x3x2xf64>, tensor<2x2x2x2xf64>) -> tensor<1x11x12x2xf64>
func.func @f64_kernel_smaller_than_stride_longer_output(%x: tensor<1x3x3x2xf64>, %w: tensor<2x2x2x2xf64>) -> tensor<1x11x12x2xf64> {
  %y = tconv.conv2d_transpose %x, %w strides = [4, 4] padding = valid activation = gelu
       : (tensor<1x3x3x2xf64>, tensor<2x2x2x2xf64>) -> tensor<1x11x12x2xf64>
  return %y : tensor<1x11x12x2xf64>
}

// Every activation parses and prints.
// CHECK-LABEL: func.func @activations
// CHECK: activation = relu6
// CHECK: activation = selu
// CHECK: activation = sigmoid
// CHECK: activation = hard_sigmoid
// CHECK: activation = tanh
// CHECK: activation = softplus
// CHECK: activation = softsign
// CHECK: activation = swish
// CHECK: activation = leaky_relu :
func.func @activations(%x: tensor<1x2x2x1xf32>, %w: tensor<2x2x1x1xf32>) {
  %0 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = relu6 : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %1 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = selu : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %2 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = sigmoid : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %3 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = hard_sigmoid : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %4 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = tanh : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %5 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = softplus : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %6 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = softsign : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  %7 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = swish : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  // leaky_relu without alpha uses the default 0.2.
  %8 = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = leaky_relu : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  return
}

// A 7 (not 8) wide same output is legal: TF's output_shape may drop the
// last column.
// CHECK-LABEL: func.func @same_odd_output
// CHECK: -> tensor<1x7x8x4xf32>
func.func @same_odd_output(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4x2xf32>) -> tensor<1x7x8x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x4x4x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x7x8x4xf32>
  return %y : tensor<1x7x8x4xf32>
}
