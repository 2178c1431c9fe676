// Two layers on one input, two results (input of tconv-run-outputs.mlir).
func.func @two(%x: tensor<1x2x2x4xf32>, %w: tensor<2x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x2x2x4xf32>, tensor<2x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %z = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same activation = relu
       : (tensor<1x2x2x4xf32>, tensor<2x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y, %z : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
