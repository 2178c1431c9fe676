// RUN: tconv-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(tconv-raise-dilated-conv))" | FileCheck %s

#flip_hw = affine_map<(d0, d1, d2, d3) -> (2 - d0, 2 - d1, d2, d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// Stride 2, a 3x3 kernel, the input inserted at offset 1 and padded by 1
// low and 2 high: pad_before = 3 - 1 - 1 - 1 = 0; the flip of the argument
// is undone and HWCF transposed into hwoi.
// CHECK-LABEL: func.func @hwcf_padded
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x8xf32>, %[[K:.*]]: tensor<3x3x8x16xf32>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[K]] : tensor<3x3x8x16xf32>) outs(%{{.*}} : tensor<3x3x16x8xf32>) permutation = [0, 1, 3, 2]
// CHECK: %[[Y:.*]] = tconv.conv2d_transpose %[[X]], %[[T]] strides = [2, 2] padding = explicit pads = [0, 0, 0, 0] : (tensor<1x4x4x8xf32>, tensor<3x3x16x8xf32>) -> tensor<1x9x9x16xf32>
// CHECK: return %[[Y]]
func.func @hwcf_padded(%x: tensor<1x4x4x8xf32>, %k: tensor<3x3x8x16xf32>) -> tensor<1x9x9x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x9x9x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x9x9x8xf32>) -> tensor<1x9x9x8xf32>
  %d = tensor.insert_slice %x into %z[0, 1, 1, 0] [1, 4, 4, 8] [1, 2, 2, 1] : tensor<1x4x4x8xf32> into tensor<1x9x9x8xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %l: index, %m: index):
    tensor.yield %zero : f32
  } : tensor<1x9x9x8xf32> to tensor<1x11x11x8xf32>
  %fe = tensor.empty() : tensor<3x3x8x16xf32>
  %kf = linalg.generic {indexing_maps = [#flip_hw, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%k : tensor<3x3x8x16xf32>) outs(%fe : tensor<3x3x8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<3x3x8x16xf32>
  %oe = tensor.empty() : tensor<1x9x9x16xf32>
  %o = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x9x9x16xf32>) -> tensor<1x9x9x16xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %kf : tensor<1x11x11x8xf32>, tensor<3x3x8x16xf32>) outs(%o : tensor<1x9x9x16xf32>) -> tensor<1x9x9x16xf32>
  return %y : tensor<1x9x9x16xf32>
}

// -----

// FHWC with a constant kernel (flipped back at compile time: [1, 2, 3]
// read backwards), no pad: the input at offset 0 of a 3-tap kernel crops 2
// at the top, and the 4 outputs of the 7-long full result 1 at the bottom.
// CHECK-LABEL: func.func @fhwc_constant
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]]]> : tensor<1x3x1x1xf32>
// CHECK: tconv.conv2d_transpose %arg0, %[[C]] strides = [2, 1] padding = explicit pads = [2, 1, 0, 0] filter_format = ohwi : (tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) -> tensor<1x4x1x1xf32>
func.func @fhwc_constant(%x: tensor<1x3x1x1xf32>) -> tensor<1x4x1x1xf32> {
  %zero = arith.constant 0.0 : f32
  %k = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %e = tensor.empty() : tensor<1x6x1x1xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x6x1x1xf32>) -> tensor<1x6x1x1xf32>
  %d = tensor.insert_slice %x into %z[0, 0, 0, 0] [1, 3, 1, 1] [1, 2, 1, 1] : tensor<1x3x1x1xf32> into tensor<1x6x1x1xf32>
  %oe = tensor.empty() : tensor<1x4x1x1xf32>
  %o = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  %y = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%d, %k : tensor<1x6x1x1xf32>, tensor<1x3x1x1xf32>) outs(%o : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// -----

// Near misses, each left alone: an insert strided along the channels, a
// fill that is not zero, a kernel that is not flipped, a strided conv, an
// init that is not zero, a pad with another value.
// CHECK-LABEL: func.func @near_misses
// CHECK-NOT: tconv.conv2d_transpose
// CHECK-COUNT-6: linalg.conv_2d_nhwc_fhwc
#flip = affine_map<(d0, d1, d2, d3) -> (d0, 2 - d1, 2 - d2, d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @near_misses(%x: tensor<1x2x2x2xf32>, %x1: tensor<1x2x2x1xf32>, %k: tensor<2x3x3x2xf32>, %b: tensor<1x3x3x2xf32>)
    -> (tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>, tensor<1x3x3x2xf32>, tensor<1x5x5x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<1x5x5x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  %ones = linalg.fill ins(%one : f32) outs(%e : tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  %d = tensor.insert_slice %x into %z[0, 0, 0, 0] [1, 2, 2, 2] [1, 2, 2, 1] : tensor<1x2x2x2xf32> into tensor<1x5x5x2xf32>
  %dc = tensor.insert_slice %x1 into %z[0, 0, 0, 0] [1, 2, 2, 1] [1, 2, 2, 2] : tensor<1x2x2x1xf32> into tensor<1x5x5x2xf32>
  %d1 = tensor.insert_slice %x into %ones[0, 0, 0, 0] [1, 2, 2, 2] [1, 2, 2, 1] : tensor<1x2x2x2xf32> into tensor<1x5x5x2xf32>
  %fe = tensor.empty() : tensor<2x3x3x2xf32>
  %kf = linalg.generic {indexing_maps = [#flip, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%k : tensor<2x3x3x2xf32>) outs(%fe : tensor<2x3x3x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x3x3x2xf32>
  %oe = tensor.empty() : tensor<1x3x3x2xf32>
  %o = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %y0 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%dc, %kf : tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>) outs(%o : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %y1 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%d1, %kf : tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>) outs(%o : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %y2 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%d, %k : tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>) outs(%o : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %oe2 = tensor.empty() : tensor<1x2x2x2xf32>
  %o2 = linalg.fill ins(%zero : f32) outs(%oe2 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y3 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%d, %kf : tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>) outs(%o2 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y4 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%d, %kf : tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>) outs(%b : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %l: index, %m: index):
    tensor.yield %one : f32
  } : tensor<1x5x5x2xf32> to tensor<1x7x7x2xf32>
  %oe5 = tensor.empty() : tensor<1x5x5x2xf32>
  %o5 = linalg.fill ins(%zero : f32) outs(%oe5 : tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  %y5 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %kf : tensor<1x7x7x2xf32>, tensor<2x3x3x2xf32>) outs(%o5 : tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  return %y0, %y1, %y2, %y3, %y4, %y5 : tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>, tensor<1x3x3x2xf32>, tensor<1x5x5x2xf32>
}

// -----

// NCHW with an FCHW kernel: channels_first, the filter transposed to iohw.
// CHECK-LABEL: func.func @nchw_fchw
// CHECK: %[[T:.*]] = linalg.transpose ins(%{{.*}} : tensor<16x8x3x3xf32>) outs(%{{.*}} : tensor<8x16x3x3xf32>) permutation = [1, 0, 2, 3]
// CHECK: tconv.conv2d_transpose %arg0, %[[T]] strides = [2, 2] padding = explicit pads = [1, 0, 1, 0] data_format = channels_first filter_format = iohw : (tensor<1x8x4x4xf32>, tensor<8x16x3x3xf32>) -> tensor<1x16x8x8xf32>
#flip_fchw = affine_map<(d0, d1, d2, d3) -> (d0, d1, 2 - d2, 2 - d3)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @nchw_fchw(%x: tensor<1x8x4x4xf32>, %k: tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %d = tensor.insert_slice %x into %z[0, 0, 0, 0] [1, 8, 4, 4] [1, 1, 2, 2] : tensor<1x8x4x4xf32> into tensor<1x8x8x8xf32>
  %p = tensor.pad %d low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %l: index, %m: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x8xf32> to tensor<1x8x10x10xf32>
  %fe = tensor.empty() : tensor<16x8x3x3xf32>
  %kf = linalg.generic {indexing_maps = [#flip_fchw, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%k : tensor<16x8x3x3xf32>) outs(%fe : tensor<16x8x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x8x3x3xf32>
  %oe = tensor.empty() : tensor<1x16x8x8xf32>
  %o = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %kf : tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) outs(%o : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// A bias add and relu in the conv's only user become the op's; an epilogue
// that multiplies stays.
// CHECK-LABEL: func.func @epilogues
// CHECK: %[[A:.*]] = tconv.conv2d_transpose %arg0, %{{.*}}, %arg2 strides = [2, 2] padding = explicit pads = [1, 0, 1, 0] filter_format = ohwi activation = relu
// CHECK: %[[B:.*]] = tconv.conv2d_transpose %arg0, %{{.*}} strides = [2, 2] {{.*}}filter_format = ohwi :
// CHECK-NEXT: linalg.generic
// CHECK: arith.mulf
// CHECK: return %[[A]], %{{.*}}
#flip_f = affine_map<(d0, d1, d2, d3) -> (d0, 2 - d1, 2 - d2, d3)>
#idf = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#chan = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @epilogues(%x: tensor<1x4x4x8xf32>, %k: tensor<16x3x3x8xf32>, %b: tensor<16xf32>) -> (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %d = tensor.insert_slice %x into %z[0, 0, 0, 0] [1, 4, 4, 8] [1, 2, 2, 1] : tensor<1x4x4x8xf32> into tensor<1x8x8x8xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %l: index, %m: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x8xf32> to tensor<1x10x10x8xf32>
  %fe = tensor.empty() : tensor<16x3x3x8xf32>
  %kf = linalg.generic {indexing_maps = [#flip_f, #idf], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%k : tensor<16x3x3x8xf32>) outs(%fe : tensor<16x3x3x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x3x3x8xf32>
  %oe = tensor.empty() : tensor<1x8x8x16xf32>
  %o = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %y = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %kf : tensor<1x10x10x8xf32>, tensor<16x3x3x8xf32>) outs(%o : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %r = linalg.generic {indexing_maps = [#idf, #chan, #idf], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%y, %b : tensor<1x8x8x16xf32>, tensor<16xf32>) outs(%oe : tensor<1x8x8x16xf32>) {
  ^bb0(%v: f32, %bb: f32, %out: f32):
    %s = arith.addf %v, %bb : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x8x16xf32>
  %y2 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %kf : tensor<1x10x10x8xf32>, tensor<16x3x3x8xf32>) outs(%o : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %r2 = linalg.generic {indexing_maps = [#idf, #chan, #idf], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%y2, %b : tensor<1x8x8x16xf32>, tensor<16xf32>) outs(%oe : tensor<1x8x8x16xf32>) {
  ^bb0(%v: f32, %bb: f32, %out: f32):
    %s = arith.mulf %v, %bb : f32
    linalg.yield %s : f32
  } -> tensor<1x8x8x16xf32>
  return %r, %r2 : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>
}
