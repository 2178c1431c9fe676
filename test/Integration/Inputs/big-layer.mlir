// A layer of a few milliseconds with a 64 MiB result (input of
// tconv-run-outputs.mlir, which interrupts it).
func.func @big(%x: tensor<4x64x64x64xf32>, %w: tensor<4x4x64x64xf32>) -> tensor<4x128x128x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<4x64x64x64xf32>, tensor<4x4x64x64xf32>) -> tensor<4x128x128x64xf32>
  return %y : tensor<4x128x128x64xf32>
}
