// RUN: tconv-opt %s --tconv-select-strategy="pack-filter=false filter-block=0" --tconv-to-linalg -verify-diagnostics -split-input-file

// Each stride phase with taps is its own contraction: stride 100 with a
// kernel of 100 would be 10000 loop nests. TConv stops at 4096, with an error
// at the op rather than minutes of compile time or running out of memory.
func.func @too_many_segments(%x: tensor<1x2x2x2xf32>, %w: tensor<100x100x4x2xf32>) -> tensor<1x200x200x4xf32> {
  // expected-error @+1 {{conv2d_transpose decomposes into 10000 contraction segments, more than the 4096 TConv lowers (strides 100x100 with kernel 100x100)}}
  %y = tconv.conv2d_transpose %x, %w strides = [100, 100] padding = same : (tensor<1x2x2x2xf32>, tensor<100x100x4x2xf32>) -> tensor<1x200x200x4xf32>
  return %y : tensor<1x200x200x4xf32>
}

// -----

// A huge stride with a small kernel is fine: the outputs no tap reaches are
// one bias-only op, so only the 3x3 phases with taps are segments (a
// million ops before): no diagnostic, and it lowers in well under a second.
func.func @huge_stride_small_kernel(%x: tensor<1x2x2x2xf32>, %w: tensor<3x3x4x2xf32>) -> tensor<1x2000x2000x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1000, 1000] padding = same : (tensor<1x2x2x2xf32>, tensor<3x3x4x2xf32>) -> tensor<1x2000x2000x4xf32>
  return %y : tensor<1x2000x2000x4xf32>
}
