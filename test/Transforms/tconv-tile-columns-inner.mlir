// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4 l1-bytes=1048576" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=ROWS
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4 l1-bytes=32768" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=ONE

// Three output channels: output columns along the vectors (columns-inner),
// a tile of 3 channels by 16 columns. Rows of it read, per tap, a run of
// their columns per input channel: 4 rows x 128 input channels x 2 lines
// (128 KiB) fit in half of a 1 MiB L1, not of a 32 KiB one, which gets the
// default tile of one row instead.
// ROWS-LABEL: func.func @few_channels
// ROWS: scf.forall (%{{.+}}) = (0) to (32) step (4)
// ROWS: tconv.register_tile = array<i64: 4, 3, 16>
// ONE-LABEL: func.func @few_channels
// ONE: scf.forall (%{{.+}}) in (32)
// ONE: tconv.register_tile = array<i64: 1, 8, 32>
// ONE-NOT: tconv.register_tile = array<i64: 4,
func.func @few_channels(%x: tensor<1x32x32x128xf32>, %w: tensor<5x5x3x128xf32>) -> tensor<1x64x64x3xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x32x32x128xf32>, tensor<5x5x3x128xf32>) -> tensor<1x64x64x3xf32>
  return %y : tensor<1x64x64x3xf32>
}
