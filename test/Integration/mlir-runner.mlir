// The output of tconv-cpu-pipeline runs under upstream mlir-runner.
// RUN: tconv-opt %s --tconv-cpu-pipeline | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s
// With threads, the OpenMP runtime too (as the README shows).
// RUN: tconv-opt %s --tconv-cpu-pipeline=threads=2 | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%libomp | FileCheck %s

// Worked by hand from full[i0 * s + k0 * d] += x[i0] * w[k0] (DESIGN.md):
// x = [1, 2, 3], w = [1, 10, 100], s = 2:
// full = [1, 10, 100 + 2, 20, 200 + 3, 30, 300].
func.func @main() {
  %x = arith.constant dense<[[[[1.0], [2.0], [3.0]]]]> : tensor<1x1x3x1xf32>
  %w = arith.constant dense<[[[[1.0]], [[10.0]], [[100.0]]]]> : tensor<1x3x1x1xf32>
  %valid = tconv.conv2d_transpose %x, %w strides = [1, 2] padding = valid
      : (tensor<1x1x3x1xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x7x1xf32>
  %u0 = tensor.cast %valid : tensor<1x1x7x1xf32> to tensor<*xf32>
  // CHECK: Unranked Memref
  // CHECK-SAME: sizes = [1, 1, 7, 1]
  // CHECK: {{\[}}[1],
  // CHECK-NEXT: [10],
  // CHECK-NEXT: [102],
  // CHECK-NEXT: [20],
  // CHECK-NEXT: [203],
  // CHECK-NEXT: [30],
  // CHECK-NEXT: [300]]
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()

  // same: 6 outputs, the odd excess cropped at the end; bias 0.5 and relu6.
  %b = arith.constant dense<[0.5]> : tensor<1xf32>
  %same = tconv.conv2d_transpose %x, %w, %b strides = [1, 2] padding = same activation = relu6
      : (tensor<1x1x3x1xf32>, tensor<1x3x1x1xf32>, tensor<1xf32>) -> tensor<1x1x6x1xf32>
  %u1 = tensor.cast %same : tensor<1x1x6x1xf32> to tensor<*xf32>
  // CHECK: Unranked Memref
  // CHECK-SAME: sizes = [1, 1, 6, 1]
  // CHECK: {{\[}}[1.5],
  // CHECK-NEXT: [6],
  // CHECK-NEXT: [6],
  // CHECK-NEXT: [6],
  // CHECK-NEXT: [6],
  // CHECK-NEXT: [6]]
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  return
}

func.func private @printMemrefF32(%ptr : tensor<*xf32>) attributes { llvm.emit_c_interface }
