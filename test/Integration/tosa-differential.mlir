// Random layers written as tosa.transpose_conv2d (crops and growths on each
// side, strides 1-3, one-element and full biases, clamp/sigmoid/tanh after)
// run through tconv-run's file mode, imported by tosa-to-tconv or left to
// upstream's decomposition, against a NumPy loop of TOSA's definition.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/tosa_differential.py tconv-run %t %tosa_runs 10 1 | FileCheck %s
// CHECK: layers checked, 0 failures
