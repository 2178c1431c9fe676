// RUN: tconv-opt %s --split-input-file --tconv-set-target=cpu=x86-64-v4 --tconv-select-strategy="pack-filter=true borders=padded filter-block=0" --tconv-to-linalg | FileCheck %s
// RUN: tconv-opt %s --split-input-file --tconv-set-target=cpu=x86-64-v4 --tconv-select-strategy="pack-filter=true borders=exact filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=EXACT

// Column phases folded into the channels (with 512-bit vectors, 12 channels
// leave 4 of 16 f32 lanes empty): a 4-tap kernel with stride 2 and
// valid padding gives two column phases of 2 taps that read the same input
// columns. One contraction per row phase computes both, over 2 x 12
// channels of the output viewed as [N, OH, OW / 2, 2 x 12]. The packed
// filter holds phase g's tap t (kernel column g + (1 - t) * 2) at channels
// [12 g, 12 g + 12) of column tap t; the bias is repeated per phase.
// CHECK-DAG: #[[FOLD:.+]] = affine_map<(d0, d1, d2, d3) -> (-d0 + 3, d3 floordiv 12 + (-d1 + 1) * 2, d3 mod 12, d2)>
// CHECK-DAG: #[[REPEAT:.+]] = affine_map<(d0) -> (d0 mod 12)>
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-LABEL: func.func @fold_columns
// CHECK-SAME: %[[W:[a-z0-9]+]]: tensor<4x4x12x2xf32>, %[[B:[a-z0-9]+]]: tensor<12xf32>
// CHECK: %[[PACKED:.+]] = linalg.generic {indexing_maps = [#[[FOLD]], #{{.+}}]{{.*}} ins(%[[W]] : tensor<4x4x12x2xf32>) outs(%{{.+}} : tensor<4x2x2x24xf32>)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<1x8x8x12xf32>
// CHECK: %[[SPLIT:.+]] = tensor.expand_shape %[[EMPTY]] {{\[}}[0], [1], [2, 3], [4]] output_shape [1, 8, 4, 2, 12]
// CHECK: %[[VIEW:.+]] = tensor.collapse_shape %[[SPLIT]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x8x4x2x12xf32> into tensor<1x8x4x24xf32>
// CHECK: %[[BIAS:.+]] = linalg.generic {indexing_maps = [#[[REPEAT]], #{{.+}}]{{.*}} ins(%[[B]] : tensor<12xf32>) outs(%{{.+}} : tensor<24xf32>)
// CHECK: %[[ROWS:.+]] = scf.forall (%[[GH:.+]]) in (2) shared_outs(%[[OUT:.+]] = %[[VIEW]])
// CHECK: tensor.extract_slice %[[OUT]][0, %[[GH]], 0, 0] [1, 4, 4, 24] [1, 2, 1, 1]
// CHECK: tensor.extract_slice %[[PACKED]][%{{.+}}, 0, 0, 0] [2, 2, 2, 24] [2, 1, 1, 1] : tensor<4x2x2x24xf32> to tensor<2x2x2x24xf32>
// CHECK: linalg.generic {{.*}} ins(%[[BIAS]] : tensor<24xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], {{.*}} outs(%{{.+}} : tensor<1x4x4x24xf32>)
// CHECK-NOT: linalg.generic
// CHECK: tensor.parallel_insert_slice
// CHECK: %[[BACK:.+]] = tensor.expand_shape %[[ROWS]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 8, 4, 2, 12]
// CHECK: %[[Y:.+]] = tensor.collapse_shape %[[BACK]] {{\[}}[0], [1], [2, 3], [4]] : tensor<1x8x4x2x12xf32> into tensor<1x8x8x12xf32>
// CHECK: return %[[Y]]
// Exact borders cut each phase's border columns off: nothing folded.
// EXACT-LABEL: func.func @fold_columns
// EXACT-NOT: expand_shape
// EXACT: return
func.func @fold_columns(%x: tensor<1x3x3x2xf32>, %w: tensor<4x4x12x2xf32>, %b: tensor<12xf32>) -> tensor<1x8x8x12xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid
       : (tensor<1x3x3x2xf32>, tensor<4x4x12x2xf32>, tensor<12xf32>) -> tensor<1x8x8x12xf32>
  return %y : tensor<1x8x8x12xf32>
}

// -----

// f16 accumulates in an f32 buffer per segment: rows are not grouped in an
// scf.forall (see tconv-tile-phase-groups.mlir), but the columns still fold.
// Kernel width 2, stride 2: one tap per column phase, no border to cut, so
// exact borders fold too (and cut the rows into border and inner segments).
// CHECK-LABEL: func.func @f16_rows
// CHECK-NOT: scf.forall
// CHECK: tensor.collapse_shape %{{.+}} : tensor<1x8x3x2x12xf16> into tensor<1x8x3x24xf16>
// CHECK-COUNT-2: "reduction", "reduction", "reduction"{{.*}} outs(%{{.+}} : tensor<1x4x3x24xf32>)
// CHECK-NOT: scf.forall
// CHECK: return
// EXACT-LABEL: func.func @f16_rows
// EXACT: tensor.collapse_shape %{{.+}} : tensor<1x8x3x2x12xf16> into tensor<1x8x3x24xf16>
// EXACT-COUNT-6: "reduction", "reduction", "reduction"{{.*}}x3x24xf32>)
// EXACT: return
func.func @f16_rows(%x: tensor<1x3x3x2xf16>, %w: tensor<4x2x12x2xf16>) -> tensor<1x8x6x12xf16> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid
       : (tensor<1x3x3x2xf16>, tensor<4x2x12x2xf16>) -> tensor<1x8x6x12xf16>
  return %y : tensor<1x8x6x12xf16>
}

// -----

// Not folded: 16 channels fill their vectors; same padding shifts the input
// columns of every other phase; channels-first outputs interleave no phases
// with channels.
// CHECK-LABEL: func.func @full_vectors
// CHECK-NOT: expand_shape
// CHECK: return
func.func @full_vectors(%x: tensor<1x3x3x2xf32>, %w: tensor<4x4x16x2xf32>) -> tensor<1x8x8x16xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid
       : (tensor<1x3x3x2xf32>, tensor<4x4x16x2xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// -----

// CHECK-LABEL: func.func @same_shifts_inputs
// CHECK-NOT: expand_shape
// CHECK: return
func.func @same_shifts_inputs(%x: tensor<1x3x3x2xf32>, %w: tensor<4x4x12x2xf32>) -> tensor<1x6x6x12xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x3x3x2xf32>, tensor<4x4x12x2xf32>) -> tensor<1x6x6x12xf32>
  return %y : tensor<1x6x6x12xf32>
}

// -----

// CHECK-LABEL: func.func @channels_first
// CHECK-NOT: expand_shape
// CHECK: return
func.func @channels_first(%x: tensor<1x2x3x3xf32>, %w: tensor<4x4x12x2xf32>) -> tensor<1x12x8x8xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid data_format = channels_first
       : (tensor<1x2x3x3xf32>, tensor<4x4x12x2xf32>) -> tensor<1x12x8x8xf32>
  return %y : tensor<1x12x8x8xf32>
}
