// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="pack-filter=true borders=padded filter-block=0 threads=2 min-parallel-flops=0" --tconv-to-linalg --tconv-tile | FileCheck %s
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 borders=padded threads=2 min-parallel-flops=0 lower-to-llvm=false" | FileCheck %s --check-prefix=BUFFERS

// A group of phases is one contraction in an scf.forall over the phases:
// threads share the phases, so the contraction's rows (and channel tiles)
// stay serial inside it: one parallel loop, not one per phase or nested.
// CHECK-LABEL: func.func @same_k4_groups
// CHECK: scf.forall (%{{.+}}, %{{.+}}) in (2, 2)
// CHECK-NOT: scf.forall
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK-SAME: tensor<1x1x4x16xf32>) attrs = {tconv.register_tile = array<i64: 1, 8, 16>
// CHECK: scf.forall.in_parallel
// CHECK-NOT: scf.forall
// CHECK: return
// Bufferized, the phases write the output in place and allocate nothing
// (buffer deallocation would not free a buffer allocated in the forall).
// BUFFERS-LABEL: func.func @same_k4_groups
// BUFFERS: scf.forall
// BUFFERS-NOT: memref.alloc
// BUFFERS: return
func.func @same_k4_groups(%x: tensor<1x4x4x2xf32>, %w: tensor<4x4x16x2xf32>) -> tensor<1x8x8x16xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x2xf32>, tensor<4x4x16x2xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}
