// RUN: tconv-opt %s --tconv-to-linalg="pack-filter=true" --canonicalize --tconv-tile="tile-w=3 tile-c=16 min-parallel-flops=0" --tconv-vectorize --canonicalize | FileCheck %s

// The register tile of tconv-tile.mlir, vectorized: the accumulators are a
// vector<3x16xf32> carried by the input-channel loop (read and written once
// per tile, hoisted out of the loop); per input channel one vector of
// filter, one broadcast input per column and a contracting multiply-add per
// column; bias and relu on vectors. The last column gets its own
// vector<16xf32> tile. Only the one-off filter packing is left a linalg op.
// CHECK-LABEL: func.func @tile
// CHECK: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: scf.forall
// CHECK: vector.transfer_read %arg2{{.*}} : tensor<32xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<3x16xf32>)
// CHECK-NOT: vector.transfer_read %{{.*}}arg6
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x4x4x8xf32>, vector<16xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x8x32xf32>, vector<16xf32>
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK: arith.addf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK: scf.yield {{.*}} : vector<3x16xf32>
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<
// CHECK: scf.for {{.*}} -> (vector<16xf32>)
// CHECK-NOT: linalg.generic
// CHECK: scf.forall.in_parallel
func.func @tile(%x: tensor<1x4x4x8xf32>, %w: tensor<2x2x32x8xf32>, %b: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu
       : (tensor<1x4x4x8xf32>, tensor<2x2x32x8xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return %y : tensor<1x8x8x32xf32>
}
