// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 min-parallel-flops=0 tile-cols=4" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=GIVEN

// 80 channels: a channel tile of 64 (6 columns x 4 vectors, peeled at 30),
// then a last tile of one vector, which takes 16 columns instead of 6 (one
// filter vector per 16 FMAs).
// CHECK-LABEL: func.func @remainder
// CHECK: scf.for %{{.+}} = %c0 to %c30 step %c6 {{.*}} -> (tensor<1x1x32x64xf32>)
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : tensor<1x1x6x64xf32>)
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : tensor<1x1x2x64xf32>)
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c16 {{.*}} -> (tensor<1x1x32x16xf32>)
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : tensor<1x1x16x16xf32>)

// tile-w given: kept for the last tile too.
// GIVEN-LABEL: func.func @remainder
// GIVEN: scf.for %{{.+}} = %c0 to %c32 step %c4 {{.*}} -> (tensor<1x1x32x64xf32>)
// GIVEN: scf.for %{{.+}} = %c0 to %c32 step %c4 {{.*}} -> (tensor<1x1x32x16xf32>)
// GIVEN-NOT: step %c16
func.func @remainder(%x: tensor<1x2x32x8xf32>, %w: tensor<1x1x80x8xf32>) -> tensor<1x2x32x80xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x2x32x8xf32>, tensor<1x1x80x8xf32>) -> tensor<1x2x32x80xf32>
  return %y : tensor<1x2x32x80xf32>
}

// 48 channels, exactly 3 vectors: one tile of 8 columns x 48 channels, no
// last tile of one vector.
// CHECK-LABEL: func.func @three_vectors
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c8 {{.*}} -> (tensor<1x1x32x48xf32>)
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : tensor<1x1x8x48xf32>)
// CHECK-NOT: tensor<1x1x16x16xf32>
// CHECK: return
func.func @three_vectors(%x: tensor<1x2x32x8xf32>, %w: tensor<1x1x48x8xf32>) -> tensor<1x2x32x48xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x2x32x8xf32>, tensor<1x1x48x8xf32>) -> tensor<1x2x32x48xf32>
  return %y : tensor<1x2x32x48xf32>
}
