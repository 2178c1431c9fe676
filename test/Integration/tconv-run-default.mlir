// The main job: the built-in DCGAN generator layer compiles, runs and agrees
// with the reference implementation.
// RUN: tconv-run --repetitions=1 | FileCheck %s

// CHECK: op: {{.*}}tconv.conv2d_transpose {{.*}} strides = [2, 2] padding = same activation = relu : (tensor<1x8x8x512xf32>, tensor<5x5x256x512xf32>, tensor<256xf32>) -> tensor<1x16x16x256xf32>
// CHECK: layer: 1x8x8x512 -> 1x16x16x256, k 5x5, s 2x2, same, bias, relu (f32)
// CHECK: output: 1x16x16x256
// CHECK: compile: {{[0-9.]+}} ms
// CHECK: run: {{[0-9.]+}} ms median of 1, {{[0-9.]+}} GFLOP/s
// CHECK: check: result: all {{[0-9]+}} elements match the reference
