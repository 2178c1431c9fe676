// RUN: tconv-opt %s --tconv-to-linalg="pack-filter=true" --canonicalize --tconv-tile="vector-bits=512 min-parallel-flops=0" | FileCheck %s
// RUN: tconv-opt %s --tconv-to-linalg="pack-filter=true" --canonicalize --tconv-tile="vector-bits=512 min-parallel-flops=0 tile-w=4" | FileCheck %s --check-prefix=GIVEN

// 48 channels: a channel tile of 32 (8 columns x 2 vectors), then a last
// tile of one vector, which takes 16 columns instead of 8 (one filter
// vector per 16 FMAs).
// CHECK-LABEL: func.func @remainder
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c8 {{.*}} -> (tensor<1x1x32x32xf32>)
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : tensor<1x1x8x32xf32>)
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c16 {{.*}} -> (tensor<1x1x32x16xf32>)
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : tensor<1x1x16x16xf32>)

// tile-w given: kept for the last tile too.
// GIVEN-LABEL: func.func @remainder
// GIVEN: scf.for %{{.+}} = %c0 to %c32 step %c4 {{.*}} -> (tensor<1x1x32x32xf32>)
// GIVEN: scf.for %{{.+}} = %c0 to %c32 step %c4 {{.*}} -> (tensor<1x1x32x16xf32>)
// GIVEN-NOT: step %c16
func.func @remainder(%x: tensor<1x2x32x8xf32>, %w: tensor<1x1x48x8xf32>) -> tensor<1x2x32x48xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<1x2x32x8xf32>, tensor<1x1x48x8xf32>) -> tensor<1x2x32x48xf32>
  return %y : tensor<1x2x32x48xf32>
}
