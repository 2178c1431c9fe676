// Layer mode on .npy tensors, every attribute family, checked against the
// reference implementation (--check exits non-zero on a mismatch).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 2,5,4,3 --seed 1
// RUN: %make_npy %t/w.npy 3,4,6,3 --seed 2
// RUN: %make_npy %t/b.npy 6 --seed 3

// RUN: tconv-run --input %t/x.npy --filter %t/w.npy --bias %t/b.npy \
// RUN:   --strides 2,3 --padding same --activation elu --alpha 0.5 \
// RUN:   --output %t/y.npy --check --repetitions 1 | FileCheck %s --check-prefix=SAME
// SAME: layer: 2x5x4x3 -> 2x10x12x6, k 3x4, s 2x3, same, bias, elu (f32)
// SAME: check: result: all {{[0-9]+}} elements match the reference
// SAME: wrote: {{.*}}y.npy
// RUN: %python -c "import sys; d = open(sys.argv[1], 'rb').read(); assert d[:6] == b'\x93NUMPY' and len(d) == 128 + 2*10*12*6*4, len(d)" %t/y.npy

// Explicit pads, dilation, output padding.
// RUN: tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 \
// RUN:   --padding explicit --pads 1,0,2,1 --dilations 2,1 --output-padding 1,0 \
// RUN:   --output %t/y2.npy --check --repetitions 1 | FileCheck %s --check-prefix=EXPLICIT
// EXPLICIT: layer: 2x5x4x3 -> 2x13x7x6, k 3x4, s 2x2, explicit 1x0x2x1, d 2x1
// EXPLICIT: check: result: all {{[0-9]+}} elements match the reference

// TF's output_shape, here the shorter of the two legal heights.
// RUN: tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 \
// RUN:   --padding same --output-shape 2,9,8,6 --check --repetitions 1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: layer: 2x5x4x3 -> 2x9x8x6
// SHAPE: check: result: all {{[0-9]+}} elements match the reference

// channels_first input with a PyTorch (iohw) filter, f64.
// RUN: %make_npy %t/xc.npy 1,3,4,5 --dtype '<f8' --seed 4
// RUN: %make_npy %t/wc.npy 3,2,3,3 --dtype '<f8' --seed 5
// RUN: tconv-run --input %t/xc.npy --filter %t/wc.npy --strides 3,2 \
// RUN:   --padding valid --data-format channels_first --filter-format iohw \
// RUN:   --activation gelu --check --repetitions 1 | FileCheck %s --check-prefix=NCHW
// NCHW: layer: 1x3x4x5 -> 1x2x12x11, k 3x3, s 3x2, valid, channels_first, iohw, gelu (f64)
// NCHW: check: result: all {{[0-9]+}} elements match the reference

// Kernel smaller than the stride, ohwi filter, f16.
// RUN: %make_npy %t/xh.npy 1,3,3,4 --dtype '<f2' --seed 6
// RUN: %make_npy %t/wh.npy 5,2,2,4 --dtype '<f2' --seed 7
// RUN: %make_npy %t/bh.npy 5 --dtype '<f2' --seed 8
// RUN: tconv-run --input %t/xh.npy --filter %t/wh.npy --bias %t/bh.npy \
// RUN:   --strides 4,4 --padding valid --filter-format ohwi --activation sigmoid \
// RUN:   --check --repetitions 1 | FileCheck %s --check-prefix=HALF
// HALF: layer: 1x3x3x4 -> 1x12x12x5, k 2x2, s 4x4, valid, ohwi, bias, sigmoid (f16)
// HALF: check: result: all {{[0-9]+}} elements match the reference

// Two threads (OpenMP over output rows), same check against the reference.
// LeakSanitizer's tracer crashes on libomp's worker threads at exit (in the
// --sanitize build): leaks are checked by the single-threaded runs above.
// RUN: env ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=0 tconv-run --threads 2 --input %t/x.npy --filter %t/w.npy --bias %t/b.npy \
// RUN:   --strides 2,3 --padding same --activation relu --check --repetitions 1 \
// RUN:   | FileCheck %s --check-prefix=THREADS
// THREADS: layer: 2x5x4x3 -> 2x10x12x6, k 3x4, s 2x3, same, bias, relu (f32)
// THREADS: check: result: all {{[0-9]+}} elements match the reference
