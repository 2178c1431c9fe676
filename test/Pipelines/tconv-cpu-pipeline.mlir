// The CPU pipeline and its registered stages.
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 lower-to-llvm=false tile=false" | FileCheck %s --check-prefix=BUFFERS
// RUN: tconv-opt %s --tconv-select-strategy="pack-filter=true filter-block=0" --tconv-to-linalg --tconv-bufferize | FileCheck %s --check-prefix=BUFFERS
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 lower-to-llvm=false" | FileCheck %s --check-prefix=TILED
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy="threads=1" --tconv-to-linalg --tconv-tile --tconv-vectorize --tconv-bufferize | FileCheck %s --check-prefix=TILED
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4" | FileCheck %s --check-prefix=LLVM
// RUN: tconv-opt %s --tconv-select-strategy="pack-filter=false filter-block=0" --tconv-to-linalg --tconv-bufferize --tconv-lower-to-llvm | FileCheck %s --check-prefix=LLVM
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 threads=2 min-parallel-flops=0" | FileCheck %s --check-prefix=OMP

// After bufferization the layer is written in place into the caller's buffer:
// no copy, and no allocation but the packed filter.
// BUFFERS-LABEL: func.func @layer
// BUFFERS-SAME: %[[OUT:[a-z0-9]+]]: memref<1x8x8x8xf32>
// BUFFERS-NOT: memref.copy
// BUFFERS: %[[PACKED:.+]] = memref.alloc() {{.*}} : memref<4x4x2x8xf32>
// BUFFERS: linalg.generic {{.*}} outs(%[[PACKED]] : memref<4x4x2x8xf32>)
// BUFFERS-NOT: memref.alloc
// BUFFERS-NOT: memref.copy
// BUFFERS: memref.subview %[[OUT]]
// BUFFERS: linalg.generic
// BUFFERS-NOT: memref.alloc
// BUFFERS-NOT: memref.copy
// BUFFERS: memref.dealloc %[[PACKED]]
// BUFFERS: return

// Tiled and vectorized, still in place: the register tiles read and write
// the caller's buffer, accumulators are loop-carried vectors, swish is
// vectorized too. The filter is packed in one block of the tile's 8
// channels.
// TILED-LABEL: func.func @layer
// TILED-SAME: %[[OUT:[a-z0-9]+]]: memref<1x8x8x8xf32>
// TILED-NOT: memref.copy
// TILED: %[[PACKED:.+]] = memref.alloc() {{.*}} : memref<1x4x4x2x8xf32>
// TILED-NOT: memref.alloc
// TILED-NOT: memref.copy
// TILED: scf.for {{.*}} iter_args({{.*}}) -> (vector<{{.*}}xf32>)
// TILED: arith.mulf {{.*}} fastmath<contract> : vector<8xf32>
// TILED: arith.addf {{.*}} fastmath<contract> : vector<8xf32>
// TILED: math.exp {{.*}} : vector<8xf32>
// TILED: vector.transfer_write {{.*}} : vector<8xf32>, memref<{{.*}}>
// TILED-NOT: memref.copy
// TILED: memref.dealloc %[[PACKED]]

// threads=2: the row loops become OpenMP worksharing loops on a team of 2.
// OMP-LABEL: llvm.func @layer
// OMP: omp.parallel num_threads(%{{.*}} : i32)
// OMP: omp.wsloop
// OMP: omp.loop_nest
// OMP-NOT: scf.forall

// LLVM: llvm.func @layer
// LLVM: llvm.func @_mlir_ciface_layer
// LLVM-NOT: linalg.
// LLVM-NOT: tensor.
// LLVM-NOT: tconv.
func.func @layer(%xm: memref<1x4x4x2xf32>, %wm: memref<4x4x8x2xf32>, %bm: memref<8xf32>, %out: memref<1x8x8x8xf32>) attributes {llvm.emit_c_interface} {
  %x = bufferization.to_tensor %xm restrict : memref<1x4x4x2xf32> to tensor<1x4x4x2xf32>
  %w = bufferization.to_tensor %wm restrict : memref<4x4x8x2xf32> to tensor<4x4x8x2xf32>
  %b = bufferization.to_tensor %bm restrict : memref<8xf32> to tensor<8xf32>
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = same activation = swish
       : (tensor<1x4x4x2xf32>, tensor<4x4x8x2xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  bufferization.materialize_in_destination %y in restrict writable %out : (tensor<1x8x8x8xf32>, memref<1x8x8x8xf32>) -> ()
  return
}
