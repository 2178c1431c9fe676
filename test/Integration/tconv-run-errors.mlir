// Every bad input of tconv-run is one line naming the file or flag and the
// problem, a non-zero exit, and no output file.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 1,3,3,2 --seed 1
// RUN: %make_npy %t/w.npy 3,3,4,2 --seed 2
// RUN: %make_npy %t/b.npy 4 --seed 3

// Missing file.
// RUN: not tconv-run --input %t/nope.npy --filter %t/w.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: tconv-run: error: {{.*}}nope.npy: cannot read: No such file or directory

// Not an .npy file.
// RUN: echo "hello" > %t/text.npy
// RUN: not tconv-run --input %t/text.npy --filter %t/w.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: tconv-run: error: {{.*}}text.npy: not a .npy file (bad magic string)

// Truncated data.
// RUN: %make_npy %t/short.npy 1,3,3,2 --truncate 4
// RUN: not tconv-run --input %t/short.npy --filter %t/w.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: tconv-run: error: {{.*}}short.npy: truncated .npy data: expected 72 bytes, found 68

// Unsupported dtypes.
// RUN: %make_npy %t/int.npy 1,3,3,2 --dtype '<i4'
// RUN: not tconv-run --input %t/int.npy --filter %t/w.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: tconv-run: error: {{.*}}int.npy: unsupported dtype '<i4' (expected a float: f2, f4 or f8, either byte order)
// (Big-endian and Fortran-order arrays are read: npy-forms.mlir.)

// Wrong ranks.
// RUN: %make_npy %t/x3.npy 3,3,2
// RUN: not tconv-run --input %t/x3.npy --filter %t/w.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: tconv-run: error: {{.*}}x3.npy: expected a rank-4 input (NHWC), got shape (3x3x2)
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --bias %t/w.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=BIASRANK
// BIASRANK: tconv-run: error: {{.*}}w.npy: expected a rank-1 bias, got shape (3x3x4x2)

// Mixed element types.
// RUN: %make_npy %t/w64.npy 3,3,4,2 --dtype '<f8'
// RUN: not tconv-run --input %t/x.npy --filter %t/w64.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=MIXED
// MIXED: tconv-run: error: {{.*}}w64.npy: element type <f8 differs from the input's, <f4

// Channel mismatch: the verifier's message.
// RUN: %make_npy %t/w5.npy 3,3,4,5
// RUN: not tconv-run --input %t/x.npy --filter %t/w5.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=CHANNELS
// CHANNELS: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected filter input channels (5) to match input channels (2) for filter_format hwoi
// RUN: %make_npy %t/b3.npy 3
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --bias %t/b3.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=BIASLEN
// BIASLEN: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected bias length (3) to match filter output channels (4)

// Illegal attribute combinations: the verifier's message.
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --pads 1,1,1,1 --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=PADS
// PADS: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected no pads with padding same, pads are only for explicit
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --activation relu --alpha 0.1 --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=ALPHA
// ALPHA: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected no alpha with activation relu, alpha is only for leaky_relu and elu
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 0,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=STRIDE
// STRIDE: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected strides >= 1, got [0, 2]

// An output shape TF would reject (same, i=3, s=2 allows 5 or 6).
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --output-shape 1,7,6,4 --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=OSHAPE
// OSHAPE: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected output height 7 to be legal for input length 3, kernel 3, stride 2, dilation 1 and padding same (default length 6)
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --output-shape 2,6,6,4 --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=OBATCH
// OBATCH: tconv-run: error: invalid layer: 'tconv.conv2d_transpose' op expected output batch (2) to match input batch (1)

// Malformed flags.
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=FLAGSTRIDES
// FLAGSTRIDES: tconv-run: error: --strides: expected 'SH,SW', got '2'
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding full --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=FLAGPADDING
// FLAGPADDING: tconv-run: error: --padding: expected valid, same or explicit, got 'full'
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --activation mish --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=FLAGACT
// FLAGACT: tconv-run: error: --activation: unknown activation 'mish'
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --data-format nhwc --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=FLAGFORMAT
// FLAGFORMAT: tconv-run: error: --data-format: expected channels_last or channels_first, got 'nhwc'
// RUN: not tconv-run --input %t/x.npy --strides 2,2 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=NOFILTER
// NOFILTER: tconv-run: error: --filter: required with --input
// RUN: not tconv-run --filter %t/w.npy 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: tconv-run: error: --filter: is a layer-mode flag: it needs --input

// Output path not writable.
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --output %t/no/such/dir/y.npy 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// UNWRITABLE: tconv-run: error: {{.*}}y.npy: cannot write: no directory '{{.*}}/no/such/dir'

// None of the failures above left an output file.
// RUN: not ls %t/y.npy

// File mode: a bad model is reported at its location, on one line.
// RUN: echo 'func.func @f(%%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> { %%y = tconv.conv2d_transpose %%x, %%x strides = [0, 1] padding = valid : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> return %%y : tensor<1x2x2x1xf32> }' > %t/bad.mlir
// RUN: not tconv-run %t/bad.mlir 2>&1 | FileCheck %s --check-prefix=BADMODEL
// BADMODEL: tconv-run: error: {{.*}}bad.mlir: {{.*}}bad.mlir:1:{{[0-9]+}}: 'tconv.conv2d_transpose' op expected strides >= 1, got [0, 1]
// RUN: echo 'func.func @f(' > %t/syntax.mlir
// RUN: not tconv-run %t/syntax.mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: tconv-run: error: {{.*}}syntax.mlir: {{.*}}syntax.mlir:{{[0-9]+}}:{{[0-9]+}}: {{.+}}
// RUN: not tconv-run %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: tconv-run: error: {{.*}}missing.mlir: cannot read: No such file or directory

// A thread count that is not a number >= 1.
// RUN: not tconv-run --threads 0 2>&1 | FileCheck %s --check-prefix=THREADS0
// THREADS0: tconv-run: error: --threads: expected a number >= 1, got '0'
// RUN: not tconv-run --threads=two 2>&1 | FileCheck %s --check-prefix=THREADSX
// THREADSX: tconv-run: error: --threads: expected a number >= 1, got 'two'
// RUN: not tconv-run --threads 3abc 2>&1 | FileCheck %s --check-prefix=THREADSJUNK
// THREADSJUNK: tconv-run: error: --threads: expected a number >= 1, got '3abc'
// RUN: not tconv-run --threads 2>&1 | FileCheck %s --check-prefix=THREADSNONE
// THREADSNONE: tconv-run: error: --threads: needs a value

// Found by fuzz/npy-fuzzer.cpp: after a 0 dimension the element count stays
// 0, so a dimension above 2^63 passed the size check and became negative
// (a well-formed header with one is in npy-forms.mlir).
// RUN: not tconv-run --input %S/Inputs/huge-dim-after-zero.npy --filter %t/w.npy --strides 2,2 --padding same --check 2>&1 | FileCheck %s --check-prefix=HUGEDIM
// HUGEDIM: tconv-run: error: {{.*}}huge-dim-after-zero.npy: the .npy header is not a valid dict: expected a quoted string at offset 1

// Sizes beyond 64-bit byte offsets are rejected by the verifier (rule 13);
// an output larger than the machine's memory is an error before allocating
// it (not an abort or the OOM killer); a stride/kernel pair with too many
// phase segments is an error before compiling.
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 500000000,500000000 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=HUGEBYTES
// HUGEBYTES: tconv-run: error: invalid layer: {{.*}}expected output smaller than 2^62 bytes, got shape 1x1500000000x1500000000x4 of 'f32'
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 100000,100000 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=NOMEMORY
// NOMEMORY: tconv-run: error: output: a tensor of shape 1x300000x300000x4 needs 1440000000000 bytes, more than this machine's {{[0-9]+}} bytes of memory
// RUN: %make_npy %t/w100.npy 100,100,4,2 --seed 2
// RUN: not tconv-run --input %t/x.npy --filter %t/w100.npy --strides 100,100 --padding same --output %t/y.npy 2>&1 | FileCheck %s --check-prefix=SEGMENTS
// SEGMENTS: tconv-run: error: invalid layer: unsupported layer: {{.*}}conv2d_transpose decomposes into 10000 contraction segments, more than the 4096 TConv lowers (strides 100x100 with kernel 100x100)
// RUN: not ls %t/y.npy

// File mode: a function value larger than memory.
// RUN: echo 'func.func @f(%%x: tensor<10000000x10000000x1000000xf32>) -> tensor<10000000x10000000x1000000xf32> { return %%x : tensor<10000000x10000000x1000000xf32> }' > %t/huge.mlir
// RUN: not tconv-run %t/huge.mlir 2>&1 | FileCheck %s --check-prefix=HUGEFILE
// HUGEFILE: tconv-run: error: {{.*}}huge.mlir: @f: value #0: a tensor of shape 10000000x10000000x1000000 needs more than 2^63 bytes, more than this machine's {{[0-9]+}} bytes of memory
