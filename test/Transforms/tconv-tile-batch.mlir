// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --canonicalize --tconv-tile --tconv-vectorize --canonicalize | FileCheck %s --check-prefix=VEC
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true filter-block=0 threads=2 min-parallel-flops=0 tile-cols=2" --tconv-to-linalg --canonicalize --tconv-tile | FileCheck %s --check-prefix=GIVEN

// A batch of 8 images of 2x2 outputs, 64 channels: the default 6 x 64 tile
// would hold 2 of its 6 columns. It takes 2 images instead (the most that
// fill the room of 6 pixels and divide the batch): the rows loop steps over
// 2 images, the register tile is 2 images x 1 row x 2 columns x 64
// channels, the fourth number of its tconv.register_tile.
// CHECK-LABEL: func.func @images
// CHECK: scf.forall (%{{.+}}, %{{.+}}) = (0, 0) to (8, 2) step (2, 1)
// CHECK: linalg.fill {tconv.register_tile = array<i64: 1, 6, 64, 2>} {{.*}} outs(%{{.+}} : tensor<2x1x2x64xf32>)
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<2x1x2x64xf32>)

// Vectorized: 4 accumulators (2 images x 2 columns) carried by the
// input-channel loop.
// VEC-LABEL: func.func @images
// VEC: scf.for {{.*}} iter_args({{.*}}) -> (vector<64xf32>, vector<64xf32>, vector<64xf32>, vector<64xf32>)
// VEC-COUNT-4: arith.mulf {{.*}} : vector<64xf32>
// VEC-NOT: linalg.generic
// VEC: return

// A tile size given: one image per tile.
// GIVEN-LABEL: func.func @images
// GIVEN: scf.forall (%{{.+}}, %{{.+}}) in (8, 2)
// GIVEN: linalg.fill {tconv.register_tile = array<i64: 1, 2, 64>} {{.*}} outs(%{{.+}} : tensor<1x1x2x64xf32>)
func.func @images(%x: tensor<8x2x2x32xf32>, %w: tensor<1x1x64x32xf32>) -> tensor<8x2x2x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid : (tensor<8x2x2x32xf32>, tensor<1x1x64x32xf32>) -> tensor<8x2x2x64xf32>
  return %y : tensor<8x2x2x64xf32>
}
