// RUN: tconv-opt %s --split-input-file --tconv-set-target="cpu=x86-64-v4 l2-bytes=2097152" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s

// Wide phases of several taps (16 columns, 2x2 taps) and 128 channels: 8
// columns (12 at most, as many as split the 16 evenly: no peeled remainder
// tile) by 32 channels (two vectors), less of the filter stream per FMA than
// 6 x 64.
// CHECK-LABEL: func.func @several_taps
// CHECK: scf.for %{{.+}} = %c0 to %c128 step %c32
// CHECK: scf.for %{{.+}} = %c0 to %c16 step %c8
// CHECK: tconv.register_tile = array<i64: 1, 8, 32>
// CHECK-NOT: tconv.register_tile = array<i64: 1, 6, 64>
// CHECK-NOT: tconv.register_tile = array<i64: 1, 12, 32>
func.func @several_taps(%x: tensor<1x16x16x64xf32>, %w: tensor<4x4x128x64xf32>) -> tensor<1x32x32x128xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x16x16x64xf32>, tensor<4x4x128x64xf32>) -> tensor<1x32x32x128xf32>
  return %y : tensor<1x32x32x128xf32>
}

// -----

// One tap per phase: the input streams from L2 too; the default 6 x 64.
// CHECK-LABEL: func.func @one_tap
// CHECK: scf.for %{{.+}} = %c0 to %c128 step %c64
// CHECK: tconv.register_tile = array<i64: 1, 6, 64>
// CHECK-NOT: tconv.register_tile = array<i64: 1, 12, 32>
func.func @one_tap(%x: tensor<1x16x16x64xf32>, %w: tensor<2x2x128x64xf32>) -> tensor<1x32x32x128xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x16x16x64xf32>, tensor<2x2x128x64xf32>) -> tensor<1x32x32x128xf32>
  return %y : tensor<1x32x32x128xf32>
}

// -----

// 64 channels, one tile of 6 x 64: splitting it would read the input twice.
// CHECK-LABEL: func.func @one_channel_tile
// CHECK: tconv.register_tile = array<i64: 1, 6, 64>
// CHECK-NOT: tconv.register_tile = array<i64: 1, 12, 32>
func.func @one_channel_tile(%x: tensor<1x16x16x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x16x16x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = same : (tensor<1x16x16x64xf32>, tensor<3x3x64x64xf32>) -> tensor<1x16x16x64xf32>
  return %y : tensor<1x16x16x64xf32>
}
