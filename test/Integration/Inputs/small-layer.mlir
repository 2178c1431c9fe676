// One small layer (input of option-table.mlir).
func.func @layer(%x: tensor<1x3x3x16xf32>, %w: tensor<3x3x16x16xf32>) -> tensor<1x6x6x16xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<1x3x3x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x6x6x16xf32>
  return %y : tensor<1x6x6x16xf32>
}
