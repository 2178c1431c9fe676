// A function whose result is not a tconv op's alone (input of
// tconv-run-file.mlir).
func.func @scaled(%x: tensor<1x2x2x4xf32>, %w: tensor<2x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x2x2x4xf32>, tensor<2x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %z = arith.addf %y, %y : tensor<1x4x4x4xf32>
  return %z : tensor<1x4x4x4xf32>
}
