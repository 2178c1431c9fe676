// RUN: tconv-opt %s --split-input-file --tconv-vectorize | FileCheck %s

// tconv-vectorize unrolls vectors into rows only in the functions that hold
// its register tiles: other vector code is left as it is. These three once
// made the rows' patterns loop until memory ran out, or crash.

// CHECK-LABEL: func.func @broadcast_leading_unit_dim
// CHECK: vector.broadcast %{{.*}} : vector<8x32xf32> to vector<1x8x32xf32>
func.func @broadcast_leading_unit_dim(%a: vector<8x32xf32>) -> vector<1x8x32xf32> {
  %b = vector.broadcast %a : vector<8x32xf32> to vector<1x8x32xf32>
  return %b : vector<1x8x32xf32>
}

// -----

// CHECK-LABEL: func.func @column_read
// CHECK: vector.transfer_read {{.*}} : tensor<58x64xf32>, vector<10x1xf32>
func.func @column_read(%t: tensor<58x64xf32>, %i: index) -> vector<10x1xf32> {
  %c = arith.constant 0.0 : f32
  %r = vector.transfer_read %t[%i, %i], %c {in_bounds = [true, true]} : tensor<58x64xf32>, vector<10x1xf32>
  return %r : vector<10x1xf32>
}

// -----

// CHECK-LABEL: func.func @rank3_read
// CHECK: vector.transfer_read {{.*}} : memref<3x3x64x64xf32>, vector<3x2x32xf32>
func.func @rank3_read(%m: memref<3x3x64x64xf32>, %i: index) -> vector<3x2x32xf32> {
  %c = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %r = vector.transfer_read %m[%i, %c0, %i, %i], %c {in_bounds = [true, true, true]} : memref<3x3x64x64xf32>, vector<3x2x32xf32>
  return %r : vector<3x2x32xf32>
}
