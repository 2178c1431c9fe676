// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4 l2-bytes=4096" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 tile-cols=2 tile-channels=16 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 tile-cols=2 tile-channels=16 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=ROWS
// RUN: tconv-opt %s --split-input-file --tconv-set-target="cpu=x86-64-v4 l2-bytes=131072" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=WIDE
// RUN: tconv-opt %s --split-input-file --tconv-set-target="cpu=x86-64-v4 l2-bytes=1048576" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=NARROW

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

// -----

// 4x4 phases: narrower than the default register tile (6 columns), so two
// rows by 4 columns by 32 channels (each filter vector feeds 8
// accumulators). With a 128 KB L2 the 256 KB filter slice of a phase makes
// it filter-bound: the threads share the four channel tiles. With 1 MB, they
// share the rows.
// WIDE-LABEL: func.func @filter_bound_wide
// WIDE: scf.forall (%{{.+}}) = (0) to (128) step (32)
// WIDE: scf.for %{{.+}} = %c0 to %c4 step %c1
// WIDE: tconv.register_tile = array<i64: 2, 4, 32>
// NARROW-LABEL: func.func @filter_bound_wide
// NARROW: scf.for %{{.+}} = %c0 to %c128 step %c32
// NARROW: scf.forall (%{{.+}}) = (0) to (4) step (2)
// NARROW: tconv.register_tile = array<i64: 2, 4, 32>
func.func @filter_bound_wide(%x: tensor<1x4x4x128xf32>, %w: tensor<3x3x128x128xf32>) -> tensor<1x8x8x128xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x128xf32>, tensor<3x3x128x128xf32>) -> tensor<1x8x8x128xf32>
  return %y : tensor<1x8x8x128xf32>
}

// -----

// 8x8 phases (a group: the threads share the phases): filter-bound with a
// 128 KB L2, the register tile is 8 columns by 32 channels (2 filter vectors
// per 16 FMAs, no 2-column remainder tile); with 1 MB, the default 6 x 64.
// WIDE-LABEL: func.func @filter_bound_8_columns
// WIDE: scf.for %{{.+}} = %c0 to %c128 step %c32
// WIDE: tconv.register_tile = array<i64: 1, 8, 32>
// NARROW-LABEL: func.func @filter_bound_8_columns
// NARROW: scf.for %{{.+}} = %c0 to %c128 step %c64
// NARROW: tconv.register_tile = array<i64: 1, 6, 64>
func.func @filter_bound_8_columns(%x: tensor<1x8x8x128xf32>, %w: tensor<4x4x128x128xf32>) -> tensor<1x16x16x128xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x8x8x128xf32>, tensor<4x4x128x128xf32>) -> tensor<1x16x16x128xf32>
  return %y : tensor<1x16x16x128xf32>
}
