// RUN: tconv-opt %s --tconv-cpu-pipeline="target=x86-64-v4 lower-to-llvm=false" | FileCheck %s
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" --tconv-select-strategy --tconv-to-linalg --canonicalize --tconv-tile="max-segments=8" --verify-diagnostics > /dev/null

// A module of eight layers (odd_k3s2: valid padding, stride 2, 3x3, 48
// channels; 16 exact segments each): every function decides for itself, so
// each is tiled and vectorized as the layer alone would be. Beyond
// max-segments a function is left untiled, with a remark at it.
// CHECK-LABEL: func.func @layer0(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer1(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer2(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer3(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer4(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer5(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer6(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>
// CHECK-LABEL: func.func @layer7(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<16xf32>

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer0(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer1(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer2(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer3(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer4(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer5(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer6(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

// expected-remark @+1 {{tconv-tile: 16 segment contractions, more than max-segments=8; left untiled}}
func.func @layer7(%x: tensor<1x33x33x96xf32>, %w: tensor<3x3x48x96xf32>, %b: tensor<48xf32>) -> tensor<1x67x67x48xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = relu : (tensor<1x33x33x96xf32>, tensor<3x3x48x96xf32>, tensor<48xf32>) -> tensor<1x67x67x48xf32>
  return %y : tensor<1x67x67x48xf32>
}

