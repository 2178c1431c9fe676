// A TFLite-like generator in TOSA (transposed convolutions with their
// clamps, an add, a reshape) compiles in one tconv-cpu-pipeline: the
// convolutions become tconv ops (register-tiled: vector FMAs), the rest
// goes upstream's way, and nothing of TOSA is left.
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4" | FileCheck %s
// CHECK-NOT: tosa.
// CHECK: llvm.func @generator
// CHECK: vector<16xf32>
// And it runs (its numbers: tosa-differential.mlir for the convolutions).
// RUN: tconv-run %s --repetitions 1 | FileCheck %s --check-prefix=RESULT
// RESULT: result 0: tensor<1x16x16x3xf32>, sum

func.func @generator(%x: tensor<1x4x4x32xf32>, %w1: tensor<16x4x4x32xf32>, %b1: tensor<16xf32>,
                     %w2: tensor<3x4x4x16xf32>, %b2: tensor<3xf32>, %skip: tensor<1x8x8x16xf32>) -> tensor<1x16x16x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %h = tosa.transpose_conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x32xf32>, tensor<16x4x4x32xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x16xf32>
  %r = tosa.clamp %h {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %s = tosa.add %r, %skip : (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %shape = tosa.const_shape {values = dense<[1, 8, 8, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s2 = tosa.reshape %s, %shape : (tensor<1x8x8x16xf32>, !tosa.shape<4>) -> tensor<1x8x8x16xf32>
  %y = tosa.transpose_conv2d %s2, %w2, %b2, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>}
      : (tensor<1x8x8x16xf32>, tensor<3x4x4x16xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x3xf32>
  %t = tosa.tanh %y : (tensor<1x16x16x3xf32>) -> tensor<1x16x16x3xf32>
  return %t : tensor<1x16x16x3xf32>
}
