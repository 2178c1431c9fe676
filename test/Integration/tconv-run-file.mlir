// File mode: a function of two chained layers runs through the pipeline and
// gives what two layer-mode runs (each checked against the reference) give.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 1,4,4,16 --seed 1
// RUN: %make_npy %t/w1.npy 5,5,8,16 --seed 2
// RUN: %make_npy %t/b1.npy 8 --seed 3
// RUN: %make_npy %t/w2.npy 4,4,3,8 --seed 4
// RUN: tconv-run %s --arg %t/x.npy --arg %t/w1.npy --arg %t/b1.npy --arg %t/w2.npy \
// RUN:   --out %t/y.npy --repetitions 1 | FileCheck %s
// CHECK: function: @generator from
// CHECK: compile: {{[0-9.]+}} ms
// CHECK: result 0: tensor<1x16x16x3xf32>
// CHECK: wrote: {{.*}}y.npy

// RUN: tconv-run --input %t/x.npy --filter %t/w1.npy --bias %t/b1.npy --strides 2,2 \
// RUN:   --padding same --activation relu --output %t/h.npy --check --repetitions 1
// RUN: tconv-run --input %t/h.npy --filter %t/w2.npy --strides 2,2 --padding same \
// RUN:   --activation tanh --output %t/y2.npy --check --repetitions 1
// RUN: %python -c "import struct, sys; a, b = (open(p, 'rb').read()[128:] for p in sys.argv[1:]); n = len(a) // 4; assert n == 768 and len(b) == len(a); x = struct.unpack('<%%df' %% n, a); y = struct.unpack('<%%df' %% n, b); assert max(abs(u - v) for u, v in zip(x, y)) < 1e-5" %t/y.npy %t/y2.npy

// --check runs the reference through the function's layers (each result
// rounded to its type) and compares every result element by element, in
// f32 and in f16.
// RUN: tconv-run %s --check --repetitions 1 | FileCheck %s --check-prefix=CHECKED
// CHECKED: result 0: tensor<1x16x16x3xf32>
// CHECKED-NEXT: check: result 0: all 768 elements match the reference
// RUN: sed -e 's/f32/f16/g' %s > %t/half.mlir
// RUN: tconv-run %t/half.mlir --check --repetitions 1 | FileCheck %s --check-prefix=HALF
// HALF: result 0: tensor<1x16x16x3xf16>
// HALF-NEXT: check: result 0: all 768 elements match the reference
// A function with ops the reference cannot run is refused, before compiling.
// RUN: not tconv-run %S/Inputs/with-add.mlir --check 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: tconv-run: error: --check: file mode checks functions of tconv.conv2d_transpose ops on the function's arguments; @scaled has 'arith.addf'

// Without --arg, arguments get seeded random data.
// RUN: tconv-run %s --repetitions 1 | FileCheck %s --check-prefix=RANDOM
// RANDOM: result 0: tensor<1x16x16x3xf32>, sum

func.func @generator(%x: tensor<1x4x4x16xf32>, %w1: tensor<5x5x8x16xf32>, %b1: tensor<8xf32>, %w2: tensor<4x4x3x8xf32>) -> tensor<1x16x16x3xf32> {
  %h = tconv.conv2d_transpose %x, %w1, %b1 strides = [2, 2] padding = same activation = relu
       : (tensor<1x4x4x16xf32>, tensor<5x5x8x16xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %y = tconv.conv2d_transpose %h, %w2 strides = [2, 2] padding = same activation = tanh
       : (tensor<1x8x8x8xf32>, tensor<4x4x3x8xf32>) -> tensor<1x16x16x3xf32>
  return %y : tensor<1x16x16x3xf32>
}
