// Random transposed convolutions written as the zero-insertion idiom (NHWC
// with HWCF or FHWC filters, NCHW with FCHW; with and without tensor.pad;
// offsets, strides 1-3, outputs cropped or grown within a stride; bias add
// and relu epilogues) are all raised by tconv-raise-dilated-conv, flips and
// epilogues absorbed, and through tconv-run's file mode give a NumPy loop's
// numbers.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/idiom_differential.py tconv-run tconv-opt %t %tosa_runs 10 2 | FileCheck %s
// CHECK: layers checked, {{[0-9]+}} raised, 0 failures
