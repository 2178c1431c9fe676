// linalg.softmax, which the CPU pipeline does not lower (input of
// tconv-run-modes.mlir).
func.func @f(%x: tensor<1x2x2x4xf32>, %w: tensor<2x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x2x2x4xf32>, tensor<2x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %q = linalg.softmax dimension(3) ins(%y : tensor<1x4x4x4xf32>) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %q : tensor<1x4x4x4xf32>
}
