// RUN: tconv-opt %s --tconv-to-linalg="pack-filter=true borders=padded" --canonicalize --tconv-tile="tile-w=2 tile-c=16 l2-bytes=4096 min-parallel-flops=0" | FileCheck %s
// RUN: tconv-opt %s --tconv-to-linalg="pack-filter=true borders=padded" --canonicalize --tconv-tile="tile-w=2 tile-c=16 min-parallel-flops=0" | FileCheck %s --check-prefix=ROWS

// With a 4 KB L2, each 2x2 phase (512 B of output) reads a filter slice of
// up to 32 KB: filter-bound. The threads then share its channel tiles
// (scf.forall over the two tiles of 16 channels) and go through the rows of
// a tile in order, input-channel blocks of 16 innermost.
// CHECK-LABEL: func.func @filter_bound
// CHECK: scf.forall (%{{.+}}) = (0) to (32) step (16)
// CHECK-NOT: scf.forall
// CHECK: scf.for %{{.+}} = %c0 to %c64 step %c16
// CHECK: scf.for %{{.+}} = %c0 to %c2 step %c1
// CHECK: scf.forall.in_parallel

// With the host's L2 (1 MB or more), the same layer shares rows.
// ROWS-LABEL: func.func @filter_bound
// ROWS-NOT: scf.forall (%{{.+}}) = (0) to (32) step (16)
// ROWS: scf.for %{{.+}} = %c0 to %c32 step %c16
// ROWS: scf.forall (%{{.+}}) in (2)
func.func @filter_bound(%x: tensor<1x2x2x64xf32>, %w: tensor<3x3x32x64xf32>) -> tensor<1x4x4x32xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x2x2x64xf32>, tensor<3x3x32x64xf32>) -> tensor<1x4x4x32xf32>
  return %y : tensor<1x4x4x32xf32>
}
