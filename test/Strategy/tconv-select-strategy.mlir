// RUN: tconv-opt %s --split-input-file --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy | FileCheck %s --check-prefix=AVX512
// RUN: tconv-opt %s --split-input-file --tconv-set-target="cpu=x86-64-v3" --tconv-select-strategy="threads=2" | FileCheck %s --check-prefix=AVX2
// RUN: tconv-opt %s --split-input-file --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="borders=exact-rows filter-block=0 tile-rows=1 tile-cols=64 tile-channels=16 tile-ci=32 min-parallel-flops=0" | FileCheck %s --check-prefix=GIVEN
// RUN: not tconv-opt %s --tconv-select-strategy="borders=diagonal" 2>&1 | FileCheck %s --check-prefix=BORDERS
// RUN: not tconv-opt %s --tconv-select-strategy="tile-ci=-3" 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not tconv-opt %s --tconv-select-strategy="filter-block=8 pack-filter=false" 2>&1 | FileCheck %s --check-prefix=UNPACKED
// RUN: tconv-opt %s --split-input-file --tconv-to-linalg -verify-diagnostics

// BORDERS: tconv-select-strategy: borders must be auto, exact, padded or exact-rows, got 'diagonal'
// NEGATIVE: tconv-select-strategy: tile-ci must be at least 0, got -3
// UNPACKED: tconv-select-strategy: filter-block needs pack-filter

// DCGAN's 16x16 layer (5x5, stride 2, 128 channels): padded borders (the
// exact ones would be 25 segments of a 0.8M-element filter), the filter in
// blocks of the register tile's channels (12 x 32 wide tiles with AVX-512,
// 6 x 16 with AVX2's 16 registers); threads only when asked for.
// AVX512-LABEL: func.func @dcgan_g3
// AVX512: tconv.conv2d_transpose {{.*}} {strategy = #tconv.strategy<borders = padded, filter_block = 32>}
// AVX2-LABEL: func.func @dcgan_g3
// AVX2: tconv.conv2d_transpose {{.*}} {strategy = #tconv.strategy<borders = padded, filter_block = 16, parallel = true>}
// GIVEN-LABEL: func.func @dcgan_g3
// GIVEN: tconv.conv2d_transpose {{.*}} {strategy = #tconv.strategy<borders = exact_rows, tile = [1, 32, 16, 0], ci_block = 32, min_parallel_flops = 0>}
func.func @dcgan_g3(%x: tensor<1x16x16x256xf32>, %w: tensor<5x5x128x256xf32>, %b: tensor<128xf32>) -> tensor<1x32x32x128xf32> {
  // expected-error @+1 {{tconv.conv2d_transpose has no strategy: run tconv-select-strategy first, or write one}}
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = same activation = relu : (tensor<1x16x16x256xf32>, tensor<5x5x128x256xf32>, tensor<128xf32>) -> tensor<1x32x32x128xf32>
  return %y : tensor<1x32x32x128xf32>
}

// -----

// A small filter with few segments: exact borders; 48 channels are one
// register tile of 3 vectors with AVX-512 (block 48), 2 + 2 + 2 with AVX2.
// AVX512-LABEL: func.func @odd_k3s2
// AVX512: {strategy = #tconv.strategy<borders = exact, filter_block = 48>}
// AVX2-LABEL: func.func @odd_k3s2
// AVX2: {strategy = #tconv.strategy<borders = exact, filter_block = 16, parallel = true>}
func.func @odd_k3s2(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>) -> tensor<1x67x67x48xf32> {
  // expected-error @+1 {{has no strategy}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// -----

// Three output channels: padded, output columns along the vectors, no
// filter block.
// AVX512-LABEL: func.func @rgb
// AVX512: {strategy = #tconv.strategy<borders = padded>}
func.func @rgb(%x: tensor<1x32x32x128xf32>, %w: tensor<5x5x3x128xf32>) -> tensor<1x64x64x3xf32> {
  // expected-error @+1 {{has no strategy}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x32x32x128xf32>, tensor<5x5x3x128xf32>) -> tensor<1x64x64x3xf32>
  return %y : tensor<1x64x64x3xf32>
}

// -----

// A strategy written by hand is kept, whatever the options.
// AVX512-LABEL: func.func @given
// AVX512: {strategy = #tconv.strategy<borders = exact, pack_filter = false>}
// GIVEN-LABEL: func.func @given
// GIVEN: {strategy = #tconv.strategy<borders = exact, pack_filter = false>}
func.func @given(%x: tensor<1x4x4x8xf32>, %w: tensor<2x2x16x8xf32>) -> tensor<1x8x8x16xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid {strategy = #tconv.strategy<borders = exact, pack_filter = false>} : (tensor<1x4x4x8xf32>, tensor<2x2x16x8xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// -----

// Column phases that read the same input columns (kernel 4, stride 2,
// valid): 24 channels leave 8 of 16 lanes of 512-bit vectors empty, so they
// are folded; they fill 3 vectors of 256 bits, so AVX2 keeps them apart.
// AVX512-LABEL: func.func @foldable
// AVX512: {strategy = #tconv.strategy<borders = padded, fold_columns = true>}
// AVX2-LABEL: func.func @foldable
// AVX2: {strategy = #tconv.strategy<borders = padded, parallel = true>}
func.func @foldable(%x: tensor<1x16x16x24xf32>, %w: tensor<4x4x24x24xf32>) -> tensor<1x34x34x24xf32> {
  // expected-error @+1 {{has no strategy}}
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x16x16x24xf32>, tensor<4x4x24x24xf32>) -> tensor<1x34x34x24xf32>
  return %y : tensor<1x34x34x24xf32>
}
