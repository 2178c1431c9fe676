// The module pipelines nested in a function are an error naming the
// pipeline (MLIR's addPass would abort), and so is an invalid pipeline
// option, named with its pipeline.
// RUN: not tconv-opt %s --pass-pipeline="builtin.module(func.func(tconv-cpu-pipeline))" 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: 'tconv-cpu-pipeline' runs on the module ('builtin.module'), not on 'func.func'
// RUN: not tconv-opt %s --pass-pipeline="builtin.module(func.func(tconv-bufferize))" 2>&1 | FileCheck %s --check-prefix=BUF
// BUF: error: 'tconv-bufferize' runs on the module ('builtin.module'), not on 'func.func'
// RUN: not tconv-opt %s --pass-pipeline="builtin.module(func.func(tconv-lower-to-llvm))" 2>&1 | FileCheck %s --check-prefix=LLVM
// LLVM: error: 'tconv-lower-to-llvm' runs on the module ('builtin.module'), not on 'func.func'
// RUN: not tconv-opt %s --pass-pipeline="builtin.module(func.func(tconv-set-target))" 2>&1 | FileCheck %s --check-prefix=PASS
// PASS: error: Can't add pass 'TConvSetTargetPass' restricted to 'builtin.module' on a PassManager intended to run on 'func.func'

// RUN: not tconv-opt %s --tconv-cpu-pipeline="prefetch-distance=-2" 2>&1 | FileCheck %s --check-prefix=PREFETCH
// PREFETCH: error: tconv-cpu-pipeline: prefetch-distance must be at least -1, got -2
// RUN: not tconv-opt %s --tconv-cpu-pipeline="threads=4000000000" 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: error: tconv-cpu-pipeline: threads must be at most 2147483647, got 4000000000
// RUN: not tconv-opt %s --tconv-lower-to-llvm="threads=2147483648" 2>&1 | FileCheck %s --check-prefix=LOWER
// LOWER: error: tconv-lower-to-llvm: threads must be at most 2147483647, got 2147483648
// RUN: not tconv-opt %s --pass-pipeline="builtin.module(func.func(tconv-prefetch{distance=-4}))" 2>&1 | FileCheck %s --check-prefix=DISTANCE
// DISTANCE: error: tconv-prefetch: distance must be -1 (the cost model's), 0 (none) or more, got -4
// RUN: not tconv-opt %s --pass-pipeline="builtin.module(func.func(tconv-vectorize{max-elements=0}))" 2>&1 | FileCheck %s --check-prefix=ELEMENTS
// ELEMENTS: error: tconv-vectorize: max-elements must be at least 1, got 0

func.func @f() {
  return
}
