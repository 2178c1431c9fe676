// The DCGAN generator layer of tconv-run (input of tconv-run-modes.mlir).
func.func @layer(%x: tensor<1x8x8x512xf32>, %w: tensor<5x5x256x512xf32>) -> tensor<1x16x16x256xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x8x8x512xf32>, tensor<5x5x256x512xf32>) -> tensor<1x16x16x256xf32>
  return %y : tensor<1x16x16x256xf32>
}
