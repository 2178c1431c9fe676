// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 tile-cols=3 tile-channels=16 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=1 tile-cols=3 tile-channels=16" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=SERIAL
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 tile-cols=3 tile-channels=16" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=SMALL
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 tile-cols=3 tile-channels=16 tile-ci=4 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=BLOCK
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=false filter-block=0 threads=2" --tconv-to-linalg --tconv-tile | FileCheck %s --check-prefix=UNPACKED

// Stride 2, kernel 2, valid: four phases of 4x4 outputs, one tap each.
// Per phase: output channels by 16 (scf.for, outermost so a filter slice is
// reused by the whole phase); output rows in scf.forall; a register tile of 3
// columns (scf.for), peeled: the full tile of static size 3 and the last
// column on its own; the bias (accumulator init) and relu fused into the
// tile; the taps and input channels one at a time (scf.for, accumulator
// carried).
// CHECK-LABEL: func.func @tile
// CHECK: %[[PACKED:.+]] = linalg.generic
// CHECK: scf.for %[[CH:.+]] = %c0 to %c32 step %c16 iter_args({{.*}}) -> (tensor<1x4x4x32xf32>)
// CHECK: scf.forall (%[[ROW:.+]]) in (4) shared_outs({{.*}}) -> (tensor<1x4x4x16xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<16xf32>) outs(%{{.*}} : tensor<1x1x3x16xf32>)
// CHECK: scf.for {{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (tensor<1x1x3x16xf32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]{{.*}} ins({{.*}} : tensor<1x1x3x1xf32>, tensor<1x1x1x16xf32>) outs(%{{.*}} : tensor<1x1x3x16xf32>)
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<16xf32>) outs(%{{.*}} : tensor<1x1x1x16xf32>)
// CHECK: scf.for {{.*}} iter_args(%{{.*}}) -> (tensor<1x1x1x16xf32>)
// CHECK: arith.maximumf
// CHECK: scf.forall.in_parallel
// SERIAL-LABEL: func.func @tile
// SERIAL-NOT: scf.forall
// SERIAL: scf.for {{.*}} = %c0 to %c32 step %c16
// SERIAL: scf.for {{.*}} = %c0 to %c4 step %c1
// By default a contraction of fewer than 2^20 flops (here 4x4x16 outputs x 8
// input channels x 2 = 4096 per channel tile) keeps its rows in scf.for even
// when parallel: one OpenMP fork/join would cost more than its work.
// SMALL-LABEL: func.func @tile
// SMALL-NOT: scf.forall
// SMALL: scf.for {{.*}} = %c0 to %c4 step %c1
// tile-ci=4 (by default chosen so a channel tile's filter slice fits in a
// quarter of L2): the reduction over the 8 input channels runs in two blocks
// (scf.for step 4) accumulating in the output; the bias init before them and
// the relu after them are elementwise ops tiled by output row.
// BLOCK-LABEL: func.func @tile
// BLOCK: scf.for %{{.+}} = %c0 to %c32 step %c16
// BLOCK: %[[INIT:.+]] = scf.for %{{.+}} = %c0 to %c4 step %c1
// BLOCK: linalg.generic {{.*}} ins(%{{.*}} : tensor<16xf32>) outs(%{{.*}} : tensor<1x1x4x16xf32>)
// BLOCK: %[[ACC:.+]] = scf.for %{{.+}} = %c0 to %c8 step %c4 iter_args(%{{.+}} = %[[INIT]])
// BLOCK: scf.forall (%{{.+}}) in (4)
// BLOCK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]
// BLOCK: scf.for %{{.+}} = %c0 to %c4 step %c1 iter_args(%{{.+}} = %[[ACC]])
// BLOCK: arith.maximumf
// Without the packed filter the maps decrease with the taps (q - t), which
// linalg's tiling cannot slice: the contractions are left untiled.
// UNPACKED-LABEL: func.func @tile
// UNPACKED-NOT: scf.for
// UNPACKED-NOT: scf.forall
func.func @tile(%x: tensor<1x4x4x8xf32>, %w: tensor<2x2x32x8xf32>, %b: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu
       : (tensor<1x4x4x8xf32>, tensor<2x2x32x8xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return %y : tensor<1x8x8x32xf32>
}
