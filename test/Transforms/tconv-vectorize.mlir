// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 tile-cols=3 tile-channels=16 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile --tconv-vectorize --canonicalize | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile --tconv-vectorize --canonicalize | FileCheck %s --check-prefix=THREE

// The register tile of tconv-tile.mlir, vectorized: the accumulators are
// three vector<16xf32>, one per column, carried by the input-channel loop
// (read and written once per tile, hoisted out of the loop); per input
// channel one vector of
// filter, one broadcast input per column and a contracting multiply-add per
// column; bias and relu on vectors. The last column gets its own
// vector<16xf32> tile. Only the one-off filter packing is left a linalg op.
// CHECK-LABEL: func.func @tile
// CHECK: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: scf.forall
// CHECK: vector.transfer_read %arg2{{.*}} : tensor<32xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-NOT: vector.transfer_read %{{.*}}arg6
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x4x4x8xf32>, vector<16xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x8x32xf32>, vector<16xf32>
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK: arith.addf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK: scf.yield {{.*}} : vector<16xf32>, vector<16xf32>, vector<16xf32>
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

// 48 channels, a tile of 3 vectors of 16 (vector-bits=512): each column's
// row of 48 accumulators is unrolled into 3 vectors of 16 before they are
// hoisted, so the loop carries 2 x 3 vector<16xf32> (LLVM would scalarize a
// loop-carried vector<48xf32>).
// THREE-LABEL: func.func @three_vectors
// THREE: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// THREE-NOT: vector<48xf32>
// THREE-NOT: vector<2x48xf32>
// THREE: return
func.func @three_vectors(%x: tensor<1x2x2x8xf32>, %w: tensor<1x1x48x8xf32>) -> tensor<1x2x2x48xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid
       : (tensor<1x2x2x8xf32>, tensor<1x1x48x8xf32>) -> tensor<1x2x2x48xf32>
  return %y : tensor<1x2x2x48xf32>
}
