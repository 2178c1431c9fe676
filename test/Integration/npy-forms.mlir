// The .npy reader against NumPy's own: arrays NumPy saves in every f2/f4/f8
// spelling, byte order and memory order read to NumPy's values; hand-made
// headers NumPy loads are read as NumPy reads them, and those it rejects
// ((1,, 4), (,1, 4), (4), extra or missing keys, ...) are one-line errors.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npy_forms.py tconv-run %t | FileCheck %s
// CHECK: ok: numpy.save >f4 (2, 3, 4) order=F
// CHECK: ok: header 1 {"descr": "<f4", "fortran_order": False, "shape": (1, 4)} (NumPy loads)
// CHECK: ok: header 9 {'descr': '<f4', 'fortran_order': False, 'shape': (1,, 4), } (NumPy rejects)
// CHECK: ok: header 10 {'descr': '<f4', 'fortran_order': False, 'shape': (,1, 4), } (NumPy rejects)
// CHECK: 0 failures
