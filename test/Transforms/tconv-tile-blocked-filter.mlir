// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=32 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=64 threads=2 tile-cols=4 tile-channels=32 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=HALF
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=32 threads=2 tile-cols=4 tile-channels=64 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=CLAMP

// Blocks of 32 channels, tiles of 32: each channel tile's filter is block
// c / 32 of the packed filter, sliced and its unit block dimension
// collapsed; the [KH, KW, Cin, Cout] view (the floordiv/mod copy) is gone.
// CHECK-DAG: #[[BLOCK:.+]] = affine_map<(d0) -> (d0 floordiv 32)>
// CHECK-LABEL: func.func @blocked
// CHECK-NOT: d3 floordiv 32
// CHECK: %[[PACKED:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<2x3x3x8x32xf32>)
// CHECK-NOT: linalg.generic {{.*}}ins(%[[PACKED]] : tensor<2x3x3x8x32xf32>) outs(%{{.+}} : tensor<3x3x8x64xf32>)
// CHECK: scf.for %[[C:.+]] = %c0 to %c64 step %c32
// CHECK: %[[B:.+]] = affine.apply #[[BLOCK]](%[[C]])
// CHECK: %[[S:.+]] = tensor.extract_slice %[[PACKED]][%[[B]], 0, 0, 0, 0] [1, 2, 2, 8, 32] [1, 2, 2, 1, 1] : tensor<2x3x3x8x32xf32> to tensor<1x2x2x8x32xf32>
// CHECK: tensor.collapse_shape %[[S]] {{\[}}[0, 1], [2], [3], [4]] : tensor<1x2x2x8x32xf32> into tensor<2x2x8x32xf32>

// Blocks of 64, tiles of 32: a tile is half a block, at c mod 64.
// HALF-DAG: #[[IN:.+]] = affine_map<(d0) -> (d0 mod 64)>
// HALF-DAG: #[[OUT:.+]] = affine_map<(d0) -> (d0 floordiv 64)>
// HALF-LABEL: func.func @blocked
// HALF: scf.for %[[C:.+]] = %c0 to %c64 step %c32
// HALF-DAG: %[[B:.+]] = affine.apply #[[OUT]](%[[C]])
// HALF-DAG: %[[I:.+]] = affine.apply #[[IN]](%[[C]])
// HALF: tensor.extract_slice %{{.+}}[%[[B]], 0, 0, 0, %[[I]]] [1, 2, 2, 8, 32] [1, 2, 2, 1, 1] : tensor<1x3x3x8x64xf32> to tensor<1x2x2x8x32xf32>

// Blocks of 32, tile-c=64: the tiles shrink to one block each.
// CLAMP-LABEL: func.func @blocked
// CLAMP: scf.for %{{.+}} = %c0 to %c64 step %c32
// CLAMP: tensor.collapse_shape
func.func @blocked(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x64x8xf32>) -> tensor<1x8x8x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x8xf32>, tensor<3x3x64x8xf32>) -> tensor<1x8x8x64xf32>
  return %y : tensor<1x8x8x64xf32>
}
