// tconv-run's modes take only their own flags, file mode takes a dynamic
// batch from its --arg arrays, --dump-ir/--dump-object keep what ran (the
// same code tconv-opt --tconv-cpu-pipeline gives), --threads is capped at
// the cores, and pipeline errors name the op and its line.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 1,3,3,2 --seed 1
// RUN: %make_npy %t/x3.npy 3,3,3,2 --seed 5
// RUN: %make_npy %t/x2.npy 2,3,3,2 --seed 6
// RUN: %make_npy %t/w.npy 3,3,4,2 --seed 2
// RUN: %make_npy %t/w8.npy 3,3,4,2 --seed 2 --dtype '<f8'

// Flags of another mode.
// RUN: not tconv-run %s --strides 2,2 2>&1 | FileCheck %s --check-prefix=FILELAYER
// FILELAYER: tconv-run: error: --strides: is a layer-mode flag (--input ...), not for a model file
// RUN: not tconv-run %s --input %t/x.npy 2>&1 | FileCheck %s --check-prefix=FILEINPUT
// FILEINPUT: tconv-run: error: --input: is a layer-mode flag; a model file takes its arguments from --arg
// RUN: not tconv-run --input %t/x.npy --filter %t/w.npy --strides 2,2 --padding same --check --arg %t/x.npy 2>&1 | FileCheck %s --check-prefix=LAYERARG
// LAYERARG: tconv-run: error: --arg: is a file-mode flag: it needs a model file (tconv-run model.mlir ...)
// RUN: not tconv-run --out %t/y.npy 2>&1 | FileCheck %s --check-prefix=DEFAULTOUT
// DEFAULTOUT: tconv-run: error: --out: is a file-mode flag: it needs a model file
// RUN: not tconv-run --entry f 2>&1 | FileCheck %s --check-prefix=DEFAULTENTRY
// DEFAULTENTRY: tconv-run: error: --entry: is a file-mode flag
// RUN: not tconv-run --activation relu 2>&1 | FileCheck %s --check-prefix=DEFAULTLAYER
// DEFAULTLAYER: tconv-run: error: --activation: is a layer-mode flag: it needs --input

// A dynamic batch comes from the --arg arrays, checked against the
// reference; without an array, or with two batches, it is an error.
// RUN: tconv-run %s --arg %t/x3.npy --arg %t/w.npy --check --repetitions 1 | FileCheck %s --check-prefix=DYN
// DYN: function: @dynamic_batch
// DYN: result 0: tensor<3x6x6x4xf32>
// DYN-NEXT: check: result 0: all 432 elements match the reference
// RUN: not tconv-run %s --check 2>&1 | FileCheck %s --check-prefix=NOBATCH
// NOBATCH: tconv-run: error: {{.*}}tconv-run-modes.mlir: @dynamic_batch: has a dynamic batch: give an argument with one through --arg
// RUN: not tconv-run %s --entry two_batches --arg %t/x3.npy --arg %t/x2.npy --arg %t/w.npy 2>&1 | FileCheck %s --check-prefix=TWOBATCH
// TWOBATCH: tconv-run: error: {{.*}}x2.npy: batch 2 differs from the other arguments' (3)
// RUN: not tconv-run %s --arg %t/x3.npy --arg %t/w8.npy 2>&1 | FileCheck %s --check-prefix=ARGTYPE
// ARGTYPE: tconv-run: error: {{.*}}w8.npy: element type <f8 does not match argument #1 of type tensor<3x3x4x2xf32>

// Messages name both sides; a 0-d result prints as its type.
// RUN: not tconv-run --input %t/x.npy --filter %t/w8.npy --strides 2,2 --padding same --check 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: tconv-run: error: {{.*}}w8.npy: element type <f8 differs from the input's, <f4
// RUN: tconv-run %s --entry scalar --repetitions 1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: result 0: tensor<f32>, sum

// --dump-ir and --dump-object write the LLVM-dialect module and the ELF
// object that ran; the module is tconv-opt's with the same defaults (the
// same vectors and prefetches; filter-block=0 would differ).
// RUN: tconv-run %S/Inputs/dcgan-layer.mlir --dump-ir %t/run.mlir --dump-object %t/run.o --repetitions 1 | FileCheck %s --check-prefix=DUMP
// DUMP: wrote: {{.*}}run.mlir
// DUMP-NEXT: wrote: {{.*}}run.o
// RUN: %python -c "import sys; assert open(sys.argv[1], 'rb').read(4) == b'\x7fELF'" %t/run.o
// RUN: grep -o "vector<[0-9x]*f32>\|llvm.intr.prefetch" %t/run.mlir | sort | uniq -c > %t/run.txt
// RUN: tconv-opt %S/Inputs/dcgan-layer.mlir --tconv-cpu-pipeline | grep -o "vector<[0-9x]*f32>\|llvm.intr.prefetch" | sort | uniq -c > %t/opt.txt
// RUN: diff %t/opt.txt %t/run.txt
// RUN: tconv-opt %S/Inputs/dcgan-layer.mlir --tconv-cpu-pipeline=filter-block=0 | grep -o "vector<[0-9x]*f32>\|llvm.intr.prefetch" | sort | uniq -c > %t/unblocked.txt
// RUN: not diff %t/unblocked.txt %t/run.txt

// More threads than cores: a warning, and the run uses the cores.
// RUN: tconv-run --threads 100000 --repetitions 1 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: tconv-run: warning: --threads 100000 is more than the {{[0-9]+}} cores this process may use; using {{[0-9]+}}
// THREADS: check: result: all 65536 elements match the reference

// A pipeline error names the op and its line.
// RUN: not tconv-run %S/Inputs/softmax.mlir 2>&1 | FileCheck %s --check-prefix=PIPELINE
// PIPELINE: tconv-run: error: {{.*}}softmax.mlir: the CPU pipeline failed: {{.*}}softmax.mlir:7:8: 'linalg.softmax' is not supported: the CPU pipeline does not lower it to LLVM

func.func @dynamic_batch(%x: tensor<?x3x3x2xf32>, %w: tensor<3x3x4x2xf32>) -> tensor<?x6x6x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<?x3x3x2xf32>, tensor<3x3x4x2xf32>) -> tensor<?x6x6x4xf32>
  return %y : tensor<?x6x6x4xf32>
}

func.func @two_batches(%x: tensor<?x3x3x2xf32>, %x2: tensor<?x3x3x2xf32>, %w: tensor<3x3x4x2xf32>) -> tensor<?x6x6x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
       : (tensor<?x3x3x2xf32>, tensor<3x3x4x2xf32>) -> tensor<?x6x6x4xf32>
  return %y : tensor<?x6x6x4xf32>
}

func.func @scalar(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
