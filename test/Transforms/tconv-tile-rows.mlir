// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 tile-rows=2 tile-cols=4 tile-channels=32 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 tile-cols=4 tile-channels=32 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=ONE

// Padded 4x4 phases (stride 2, 4x4 input): register tiles of two output
// rows by four columns by 32 channels, so the threads share (batch, row
// pair) tiles; the tile is recorded on the ops it marks.
// CHECK-LABEL: func.func @narrow
// CHECK: scf.for %{{.+}} = %c0 to %c64 step %c32
// CHECK: scf.forall (%{{.+}}, %{{.+}}) = (0, 0) to (2, 4) step (1, 2)
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.+}}, %{{.+}} : tensor<1x2x4x1xf32>, tensor<1x1x1x32xf32>) outs(%{{.+}} : tensor<1x2x4x32xf32>)
// CHECK-SAME: tconv.register_tile = array<i64: 2, 4, 32>

// Given columns and channels but no rows: one row per tile.
// ONE-LABEL: func.func @narrow
// ONE: scf.forall (%{{.+}}, %{{.+}}) in (2, 4)
// ONE: tconv.register_tile = array<i64: 1, 4, 32>
func.func @narrow(%x: tensor<2x4x4x24xf32>, %w: tensor<5x5x64x24xf32>) -> tensor<2x8x8x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<2x4x4x24xf32>, tensor<5x5x64x24xf32>) -> tensor<2x8x8x64xf32>
  return %y : tensor<2x8x8x64xf32>
}
