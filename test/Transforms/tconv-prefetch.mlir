// RUN: tconv-opt %s --tconv-prefetch="distance=8" --canonicalize --split-input-file | FileCheck %s
// RUN: tconv-opt %s --tconv-prefetch="distance=0" --split-input-file | FileCheck %s --check-prefix=NONE
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 prefetch-distance=32" --split-input-file | FileCheck %s --check-prefix=LLVM
// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 prefetch-distance=0" --split-input-file | FileCheck %s --check-prefix=LLVM-NONE

// A register tile's reduction loop (innermost, vector accumulators): the
// filter row it reads advances with the loop (dimension 2, through an
// affine.apply); the lines of the row 8 iterations later are prefetched, one
// per 64 bytes (32 floats: 2 lines), the index clamped to the last row. The
// broadcast input read is not prefetched.
// CHECK-LABEL: func.func @register_tile
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<4x64xf32>, %[[FILTER:[a-z0-9]+]]: memref<2x2x64x32xf32>
// CHECK: scf.for %[[CI:[a-z0-9]+]] =
// CHECK: %[[AHEAD:.+]] = arith.addi %[[CI]], %c8 : index
// CHECK: %[[ROW:.+]] = affine.apply #{{.+}}()[%[[AHEAD]]]
// CHECK: %[[CLAMPED:.+]] = arith.minsi %[[ROW]], %c63 : index
// CHECK: memref.prefetch %[[FILTER]][%c1, %c0, %[[CLAMPED]], %c0], read, locality<3>, data
// CHECK: memref.prefetch %[[FILTER]][%c1, %c0, %[[CLAMPED]], %c16], read, locality<3>, data
// CHECK-NOT: memref.prefetch
// CHECK: vector.transfer_read %[[FILTER]]
// CHECK: scf.yield
// NONE-NOT: memref.prefetch
#row = affine_map<()[s0] -> (s0 + 1)>
#bcast = affine_map<(d0, d1) -> (0)>
func.func @register_tile(%in: memref<4x64xf32>, %filter: memref<2x2x64x32xf32>, %out: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c60 = arith.constant 60 : index
  %pad = arith.constant 0.0 : f32
  %init = arith.constant dense<0.0> : vector<32xf32>
  %acc = scf.for %ci = %c0 to %c60 step %c1 iter_args(%a = %init) -> (vector<32xf32>) {
    %row = affine.apply #row()[%ci]
    %x = vector.transfer_read %in[%c0, %row], %pad {in_bounds = [true], permutation_map = #bcast} : memref<4x64xf32>, vector<32xf32>
    %w = vector.transfer_read %filter[%c1, %c0, %row, %c0], %pad {in_bounds = [true]} : memref<2x2x64x32xf32>, vector<32xf32>
    %m = arith.mulf %x, %w : vector<32xf32>
    %s = arith.addf %a, %m : vector<32xf32>
    scf.yield %s : vector<32xf32>
  }
  vector.transfer_write %acc, %out[%c0] {in_bounds = [true]} : vector<32xf32>, memref<32xf32>
  return
}

// -----

// Untouched: a loop that holds another loop, a loop without vector
// accumulators, a read not known to be in bounds, and a read that does not
// advance with the loop.
// CHECK-LABEL: func.func @not_register_tiles
// CHECK-NOT: memref.prefetch
// CHECK: return
func.func @not_register_tiles(%filter: memref<64x32xf32>, %out: memref<32xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %init = arith.constant dense<0.0> : vector<32xf32>
  %outer = scf.for %i = %c0 to %c64 step %c1 iter_args(%a = %init) -> (vector<32xf32>) {
    %w = vector.transfer_read %filter[%i, %c0], %pad {in_bounds = [true]} : memref<64x32xf32>, vector<32xf32>
    %inner = scf.for %j = %c0 to %n step %c1 iter_args(%b = %a) -> (vector<32xf32>) {
      %s = arith.addf %b, %w : vector<32xf32>
      scf.yield %s : vector<32xf32>
    }
    scf.yield %inner : vector<32xf32>
  }
  scf.for %i = %c0 to %c64 step %c1 {
    %w = vector.transfer_read %filter[%i, %c0], %pad {in_bounds = [true]} : memref<64x32xf32>, vector<32xf32>
    vector.transfer_write %w, %out[%c0] {in_bounds = [true]} : vector<32xf32>, memref<32xf32>
  }
  %maybe = scf.for %i = %c0 to %c64 step %c1 iter_args(%a = %outer) -> (vector<32xf32>) {
    %w = vector.transfer_read %filter[%i, %n], %pad : memref<64x32xf32>, vector<32xf32>
    %fixed = vector.transfer_read %filter[%c0, %c0], %pad {in_bounds = [true]} : memref<64x32xf32>, vector<32xf32>
    %s = arith.addf %a, %w : vector<32xf32>
    %t = arith.addf %s, %fixed : vector<32xf32>
    scf.yield %t : vector<32xf32>
  }
  vector.transfer_write %maybe, %out[%c0] {in_bounds = [true]} : vector<32xf32>, memref<32xf32>
  return
}

// -----

// Through the whole CPU pipeline: the tiles' filter reads are prefetched,
// down to LLVM's prefetch intrinsic (read, locality 3, data); none with
// prefetch-distance=0.
// LLVM-LABEL: llvm.func @layer
// LLVM: "llvm.intr.prefetch"(%{{.+}}) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}>
// LLVM-NONE-LABEL: llvm.func @layer
// LLVM-NONE-NOT: llvm.intr.prefetch
func.func @layer(%x: tensor<1x6x6x64xf32>, %w: tensor<3x3x32x64xf32>) -> tensor<1x12x12x32xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x6x6x64xf32>, tensor<3x3x32x64xf32>) -> tensor<1x12x12x32xf32>
  return %y : tensor<1x12x12x32xf32>
}
