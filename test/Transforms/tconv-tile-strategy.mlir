// RUN: tconv-opt %s --split-input-file --tconv-tile --verify-diagnostics | FileCheck %s

// tconv-tile on linalg, its only input the segment contraction's
// tconv.strategy and the module's tconv.target: a tile written by hand is
// the tile used (2 columns x 16 channels of a 4x4x32 segment), with the rows
// shared among threads (parallel, no flops threshold).
// CHECK-LABEL: func.func @given_tile
// CHECK: scf.for {{.*}} step %c16
// CHECK: scf.forall
// CHECK: scf.for {{.*}} step %c2
// CHECK: linalg.generic {{.*}} attrs = {tconv.register_tile = array<i64: 1, 2, 16>
module attributes {tconv.target = #tconv.target<vector_bits = 512, registers = 32, fma_pipes = 2, l1 = 32768, l2 = 1048576, l3 = 33554432, cores = 2>} {
  func.func @given_tile(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x32xf32>) -> tensor<1x4x4x32xf32> {
    %cst = arith.constant 0.000000e+00 : f32
    %e = tensor.empty() : tensor<1x4x4x32xf32>
    %z = linalg.fill ins(%cst : f32) outs(%e : tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x32xf32>) outs(%z : tensor<1x4x4x32xf32>) attrs = {tconv.strategy = #tconv.strategy<borders = exact, tile = [1, 2, 16, 0], parallel = true, min_parallel_flops = 0>} {
    ^bb0(%in: f32, %in_0: f32, %out: f32):
      %5 = arith.mulf %in, %in_0 fastmath<contract> : f32
      %6 = arith.addf %out, %5 fastmath<contract> : f32
      linalg.yield %6 : f32
    } -> tensor<1x4x4x32xf32>
    return %y : tensor<1x4x4x32xf32>
  }
}

// -----

// The cost model's tile where the strategy leaves it open: the segment is
// narrower than the default 6 x 32 tile of 512-bit vectors, so the tile
// takes 2 whole rows of its 4 columns with half the channel vectors; rows
// serial (no parallel in the strategy).
// CHECK-LABEL: func.func @chosen_tile
// CHECK-NOT: scf.forall
// CHECK: scf.for {{.*}} step %c16
// CHECK: scf.for {{.*}} step %c2
// CHECK: linalg.generic {{.*}} attrs = {tconv.register_tile = array<i64: 2, 4, 16>
module attributes {tconv.target = #tconv.target<vector_bits = 512, registers = 32, fma_pipes = 2, l1 = 32768, l2 = 1048576, l3 = 33554432, cores = 2>} {
  func.func @chosen_tile(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x32xf32>) -> tensor<1x4x4x32xf32> {
    %cst = arith.constant 0.000000e+00 : f32
    %e = tensor.empty() : tensor<1x4x4x32xf32>
    %z = linalg.fill ins(%cst : f32) outs(%e : tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x32xf32>) outs(%z : tensor<1x4x4x32xf32>) attrs = {tconv.strategy = #tconv.strategy<borders = exact>} {
    ^bb0(%in: f32, %in_0: f32, %out: f32):
      %5 = arith.mulf %in, %in_0 fastmath<contract> : f32
      %6 = arith.addf %out, %5 fastmath<contract> : f32
      linalg.yield %6 : f32
    } -> tensor<1x4x4x32xf32>
    return %y : tensor<1x4x4x32xf32>
  }
}

// -----

// No strategy: left untiled, with a remark.
// CHECK-LABEL: func.func @no_strategy
// CHECK-NOT: scf.for
// CHECK-NOT: tconv.register_tile
func.func @no_strategy(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x32xf32>, %z: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  // expected-remark @+1 {{tconv-tile: no tconv.strategy on this segment contraction; left untiled}}
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x32xf32>) outs(%z : tensor<1x4x4x32xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %5 = arith.mulf %in, %in_0 fastmath<contract> : f32
    %6 = arith.addf %out, %5 fastmath<contract> : f32
    linalg.yield %6 : f32
  } -> tensor<1x4x4x32xf32>
  return %y : tensor<1x4x4x32xf32>
}
