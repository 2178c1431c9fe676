// Every option of every TConv pass and pipeline (read from tconv-opt --help)
// and every tconv-run and tconv-bench flag, with negative, zero, huge, non-numeric and empty
// values: a result (checked against the reference in tconv-run) or a
// one-line error naming the option, never an abort. -3 and 'abc' are valid
// for no option and must be rejected.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 1,3,3,2 --seed 1
// RUN: %make_npy %t/w.npy 3,3,4,2 --seed 2
// RUN: %python %S/Inputs/option_table.py tconv-opt tconv-run tconv-bench %S/Inputs/small-layer.mlir %S/Inputs/small-shapes.csv %t | FileCheck %s
// CHECK: {{[0-9]+}} runs, 0 failures
