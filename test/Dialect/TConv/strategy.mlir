// RUN: tconv-opt %s --split-input-file | FileCheck %s
// RUN: tconv-opt %s --split-input-file --mlir-print-op-generic | tconv-opt --split-input-file | FileCheck %s

// A strategy and a target written by hand round-trip; defaults are elided.
// CHECK: module attributes {tconv.target = #tconv.target<vector_bits = 256, registers = 16, fma_pipes = 2, l1 = 49152, l2 = 1048576, l3 = 33554432, cores = 2>}
// CHECK-LABEL: func.func @given
// CHECK: tconv.conv2d_transpose {{.*}} {strategy = #tconv.strategy<borders = exact_rows, filter_block = 32, tile = [1, 8, 32, 1], ci_block = 64, parallel = true, min_parallel_flops = 0>
// CHECK: tconv.conv2d_transpose {{.*}} {strategy = #tconv.strategy<borders = padded, pack_filter = false>
module attributes {tconv.target = #tconv.target<vector_bits = 256, registers = 16, fma_pipes = 2, l1 = 49152, l2 = 1048576, l3 = 33554432, cores = 2>} {
  func.func @given(%x: tensor<1x8x8x64xf32>, %w: tensor<4x4x64x64xf32>) -> (tensor<1x16x16x64xf32>, tensor<1x16x16x64xf32>) {
    %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
         {strategy = #tconv.strategy<borders = exact_rows, filter_block = 32, tile = [1, 8, 32, 1], ci_block = 64, parallel = true, min_parallel_flops = 0>}
         : (tensor<1x8x8x64xf32>, tensor<4x4x64x64xf32>) -> tensor<1x16x16x64xf32>
    %z = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
         {strategy = #tconv.strategy<borders = padded, pack_filter = false>}
         : (tensor<1x8x8x64xf32>, tensor<4x4x64x64xf32>) -> tensor<1x16x16x64xf32>
    return %y, %z : tensor<1x16x16x64xf32>, tensor<1x16x16x64xf32>
  }
}
