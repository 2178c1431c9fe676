// RUN: tconv-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(tosa-to-tconv))" | FileCheck %s

// out_pad crops (negative) on every side: explicit pads of -out_pad.
// CHECK-LABEL: func.func @crop
// CHECK: %[[Y:.*]] = tconv.conv2d_transpose %arg0, %arg1, %arg2 strides = [2, 2] padding = explicit pads = [1, 2, 1, 2] filter_format = ohwi
// CHECK-SAME: (tensor<1x4x4x8xf32>, tensor<16x5x5x8xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
// CHECK-NOT: tosa.transpose_conv2d
func.func @crop(%x: tensor<1x4x4x8xf32>, %w: tensor<16x5x5x8xf32>, %b: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -2, -1, -2>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x8xf32>, tensor<16x5x5x8xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// -----

// Growth at the bottom/right below the stride: a longer result; zero
// out_pad: the full result.
// CHECK-LABEL: func.func @grow
// CHECK: tconv.conv2d_transpose {{.*}} strides = [2, 2] padding = explicit pads = [0, 0, 1, 0] filter_format = ohwi
// CHECK-SAME: -> tensor<1x9x8x4xf32>
func.func @grow(%x: tensor<1x4x4x8xf32>, %w: tensor<4x2x3x8xf32>, %b: tensor<4xf32>) -> tensor<1x9x8x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 1, -1, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x8xf32>, tensor<4x2x3x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x8x4xf32>
  return %y : tensor<1x9x8x4xf32>
}

// -----

// Growth at the top, or by a stride or more: left to upstream.
// CHECK-LABEL: func.func @shifted
// CHECK-COUNT-2: tosa.transpose_conv2d
// CHECK-NOT: tconv.conv2d_transpose
func.func @shifted(%x: tensor<1x4x4x8xf32>, %w: tensor<4x2x2x8xf32>, %b: tensor<4xf32>) -> (tensor<1x9x8x4xf32>, tensor<1x8x10x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x8xf32>, tensor<4x2x2x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x8x4xf32>
  %z = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 2>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x8xf32>, tensor<4x2x2x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x10x4xf32>
  return %y, %z : tensor<1x9x8x4xf32>, tensor<1x8x10x4xf32>
}

// -----

// Activations that are the conv's only user are fused: relu (clamp to the
// largest float, or to +inf), relu6, sigmoid, tanh.
// CHECK-LABEL: func.func @activations
// CHECK: tconv.conv2d_transpose {{.*}} activation = relu :
// CHECK: tconv.conv2d_transpose {{.*}} activation = relu :
// CHECK: tconv.conv2d_transpose {{.*}} activation = relu6 :
// CHECK: tconv.conv2d_transpose {{.*}} activation = sigmoid :
// CHECK: tconv.conv2d_transpose {{.*}} activation = tanh :
// CHECK-NOT: tosa.
func.func @activations(%x: tensor<1x2x2x4xf32>, %w: tensor<4x2x2x4xf32>, %b: tensor<4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r0 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %1 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r1 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 0x7F800000 : f32} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %2 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r2 = tosa.clamp %2 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %3 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r3 = tosa.sigmoid %3 : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %4 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r4 = tosa.tanh %4 : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r0, %r1, %r2, %r3, %r4 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// Not fused: a clamp that is not relu/relu6, one that ignores NaN, and an
// activation that is not the conv's only user.
// CHECK-LABEL: func.func @not_fused
// CHECK: tconv.conv2d_transpose {{.*}}filter_format = ohwi :
// CHECK-NEXT: tosa.clamp
// CHECK-NEXT: tconv.conv2d_transpose {{.*}}filter_format = ohwi :
// CHECK-NEXT: tosa.clamp
// CHECK-NEXT: tconv.conv2d_transpose {{.*}}filter_format = ohwi :
// CHECK-NEXT: tosa.tanh
func.func @not_fused(%x: tensor<1x2x2x4xf32>, %w: tensor<4x2x2x4xf32>, %b: tensor<4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r0 = tosa.clamp %0 {min_val = -1.0 : f32, max_val = 1.0 : f32} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %1 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r1 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 6.0 : f32, nan_mode = #tosa.nan_mode<IGNORE>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %2 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>, tensor<4x2x2x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %r2 = tosa.tanh %2 : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r0, %r1, %r2, %2 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// f16 and bf16, a dynamic batch, a one-element bias broadcast.
// CHECK-LABEL: func.func @types
// CHECK: tconv.conv2d_transpose {{.*}} : (tensor<?x2x2x4xf16>, tensor<4x2x2x4xf16>, tensor<4xf16>) -> tensor<?x4x4x4xf16>
// CHECK: %[[S:.*]] = tensor.extract %arg5
// CHECK: %[[B:.*]] = tensor.splat %[[S]] : tensor<4xbf16>
// CHECK: tconv.conv2d_transpose %arg3, %arg4, %[[B]] {{.*}} : (tensor<1x2x2x4xbf16>, tensor<4x2x2x4xbf16>, tensor<4xbf16>) -> tensor<1x4x4x4xbf16>
func.func @types(%x: tensor<?x2x2x4xf16>, %w: tensor<4x2x2x4xf16>, %b: tensor<4xf16>,
                 %xb: tensor<1x2x2x4xbf16>, %wb: tensor<4x2x2x4xbf16>, %bb: tensor<1xbf16>) -> (tensor<?x4x4x4xf16>, tensor<1x4x4x4xbf16>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  %zpb = "tosa.const"() <{values = dense<0.0> : tensor<1xbf16>}> : () -> tensor<1xbf16>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<?x2x2x4xf16>, tensor<4x2x2x4xf16>, tensor<4xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<?x4x4x4xf16>
  %1 = tosa.transpose_conv2d %xb, %wb, %bb, %zpb, %zpb {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xbf16>, tensor<4x2x2x4xbf16>, tensor<1xbf16>, tensor<1xbf16>, tensor<1xbf16>) -> tensor<1x4x4x4xbf16>
  return %0, %1 : tensor<?x4x4x4xf16>, tensor<1x4x4x4xbf16>
}

// -----

// A quantized convolution is an error, not a conv without its zero points.
func.func @quantized(%x: tensor<1x2x2x4xi8>, %w: tensor<4x2x2x4xi8>, %b: tensor<4xi32>) -> tensor<1x4x4x4xi32> {
  %izp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.transpose_conv2d' op on 'i8' (input zero point 5, weight zero point 0): TConv has no quantized kernels}}
  %y = tosa.transpose_conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xi8>, tensor<4x2x2x4xi8>, tensor<4xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x4xi32>
  return %y : tensor<1x4x4x4xi32>
}
