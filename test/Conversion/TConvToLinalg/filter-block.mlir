// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=true borders=padded filter-block=32" --tconv-to-linalg | FileCheck %s

// filter-block=32: the filter is packed as [Cout/32, KH, KW, Cin, 32], taps
// reversed (channel 32 * b + c of block b at c), and the segments slice its
// [KH, KW, Cin, Cout] view (a copy tconv-tile folds away).
// CHECK-DAG: #[[PACK:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (-d1 + 2, -d2 + 2, d0 * 32 + d4, d3)>
// CHECK-DAG: #[[VIEW:.+]] = affine_map<(d0, d1, d2, d3) -> (d3 floordiv 32, d0, d1, d2, d3 mod 32)>
// CHECK-LABEL: func.func @blocked
// CHECK: %[[BLOCKED:.+]] = linalg.generic {indexing_maps = [#[[PACK]], {{.+}}]{{.*}} ins(%arg1 : tensor<3x3x64x8xf32>) outs(%{{.+}} : tensor<2x3x3x8x32xf32>)
// CHECK: %[[VIEWED:.+]] = linalg.generic {indexing_maps = [#[[VIEW]], {{.+}}]{{.*}} ins(%[[BLOCKED]] : tensor<2x3x3x8x32xf32>) outs(%{{.+}} : tensor<3x3x8x64xf32>)
// CHECK: tensor.extract_slice %[[VIEWED]][0, 0, 0, 0] [2, 2, 8, 64] [2, 2, 1, 1]
func.func @blocked(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x64x8xf32>) -> tensor<1x8x8x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x8xf32>, tensor<3x3x64x8xf32>) -> tensor<1x8x8x64xf32>
  return %y : tensor<1x8x8x64xf32>
}

// -----

// Not blocked: Cout (48) is not a multiple of the block; NCHW; fewer than 8
// output channels (columns along the vectors). The filter keeps its
// [KH, KW, Cin, Cout'] layout.
// CHECK-LABEL: func.func @not_a_multiple
// CHECK-NOT: floordiv
// CHECK: tensor<3x3x8x48xf32>
func.func @not_a_multiple(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x48x8xf32>) -> tensor<1x8x8x48xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x8xf32>, tensor<3x3x48x8xf32>) -> tensor<1x8x8x48xf32>
  return %y : tensor<1x8x8x48xf32>
}

// -----

// CHECK-LABEL: func.func @nchw
// CHECK-NOT: floordiv
// CHECK: tensor<3x3x8x80xf32>
func.func @nchw(%x: tensor<1x8x4x4xf32>, %w: tensor<3x3x64x8xf32>) -> tensor<1x64x8x8xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same data_format = channels_first : (tensor<1x8x4x4xf32>, tensor<3x3x64x8xf32>) -> tensor<1x64x8x8xf32>
  return %y : tensor<1x64x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @few_channels
// CHECK-NOT: floordiv
func.func @few_channels(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x4x8xf32>) -> tensor<1x8x8x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x8xf32>, tensor<3x3x4x8xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}
