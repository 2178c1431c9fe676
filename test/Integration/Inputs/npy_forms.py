"""tconv-run's .npy reader against NumPy's: every form NumPy writes or loads
for f2/f4/f8 is read to the same values, and every header NumPy rejects is
rejected with a message. A file is read through file mode on a function
that returns its argument, so the values tconv-run wrote back show what it
read.

usage: npy_forms.py TCONV_RUN WORKDIR
Prints "ok: CASE" or "FAIL: CASE: why" per case."""

import io
import os
import subprocess
import sys

import numpy

from run_and_compare import Cases

tconv_run, work = sys.argv[1:3]
cases = Cases()
report = cases.report
MLIR_TYPES = {2: "f16", 4: "f32", 8: "f64"}


def tconv_read(path, shape, itemsize):
    """What tconv-run reads from `path`: (array, None) or (None, stderr)."""
    ty = "tensor<%s>" % "x".join([str(d) for d in shape] +
                                  [MLIR_TYPES[itemsize]])
    model = os.path.join(work, "identity.mlir")
    with open(model, "w") as f:
        f.write("func.func @id(%%x: %s) -> %s {\n  return %%x : %s\n}\n" %
                (ty, ty, ty))
    out = os.path.join(work, "out.npy")
    if os.path.exists(out):
        os.remove(out)
    proc = subprocess.run([tconv_run, model, "--arg", path, "--out", out,
                           "--repetitions", "1"], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        return None, proc.stderr
    return numpy.load(out), None


rng = numpy.random.default_rng(7)

# Arrays as NumPy writes them.
for dtype in ["<f2", ">f2", "<f4", ">f4", "=f4", "<f8", ">f8", "float32",
              "half", "double"]:
    for shape, order in [((2, 3), "C"), ((2, 3, 4), "F"), ((5,), "C"),
                         ((), "C"), ((1, 3, 2, 4), "F")]:
        name = "numpy.save %s %s order=%s" % (dtype, shape, order)
        a = numpy.asarray(rng.uniform(-1, 1, shape), dtype=dtype, order=order)
        path = os.path.join(work, "a.npy")
        numpy.save(path, a)
        got, err = tconv_read(path, shape, a.dtype.itemsize)
        report(name, err or
               not numpy.array_equal(got, a.astype(a.dtype.newbyteorder("<")))
               and "values differ")


def handmade(header, shape=(1, 4), itemsize=4, version=1):
    """A .npy file with `header` verbatim and data for shape/itemsize."""
    text = header.encode("latin1")
    size_bytes = 2 if version == 1 else 4
    pad = (64 - (6 + 2 + size_bytes + len(text) + 1) % 64) % 64
    text += b" " * pad + b"\n"
    count = 1
    for d in shape:
        count *= d
    data = numpy.arange(count, dtype="<f%d" % itemsize).tobytes()
    return (b"\x93NUMPY" + bytes([version, 0]) +
            len(text).to_bytes(size_bytes, "little") + text + data)


HEADERS = [
    # Accepted by NumPy.
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), }",
    '{"descr": "<f4", "fortran_order": False, "shape": (1, 4)}',
    "{'shape': (1, 4), 'fortran_order': False, 'descr': 'float32'}",
    "{'descr': '|f4', 'fortran_order': False, 'shape': (1,4,)}",
    "{'descr': 'f', 'fortran_order': False, 'shape': (1, 4)}",
    "{ 'descr' : '=f4' ,\t'fortran_order' : False , 'shape' : ( 1 , 4 ) }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4),\n}",
    "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 4)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1_0, 4)}",
    # Rejected by NumPy.
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1,, 4), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (,1, 4), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (4), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': [1, 4], }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (01, 4), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4_), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (_1, 4), }",
    "{'descr': '<f4', 'fortran_order': 0, 'shape': (1, 4), }",
    "{'descr': '<f4', 'fortran_order': 'False', 'shape': (1, 4), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), 'x': 1}",
    "{'descr': '<f4', 'shape': (1, 4), }",
    "{'descr': '<float32', 'fortran_order': False, 'shape': (1, 4), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), } x",
    "{'descr': '<f4' 'fortran_order': False, 'shape': (1, 4), }",
    "{'descr': <f4, 'fortran_order': False, 'shape': (1, 4), }",
    "['descr', '<f4']",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 99999999999999999999)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 9223372036854775808)}",
]
# NumPy loads these, inferring the -1 from the data's size as reshape does;
# a shape is read as written, so they are errors here.
NEGATIVE = [
    "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4), }",
]
for i, header in enumerate(HEADERS):
    path = os.path.join(work, "h%d.npy" % i)
    shape = (10, 4) if "1_0" in header else (1, 4)
    itemsize = 8 if "f8" in header and "f4" not in header else 4
    with open(path, "wb") as f:
        f.write(handmade(header, shape, itemsize))
    try:
        want = numpy.load(path)
    except Exception:
        want = None
    got, err = tconv_read(path, shape, itemsize)
    name = "header %d %s" % (i, header)
    if want is None:
        report(name + " (NumPy rejects)",
               got is not None and "accepted" or
               not err.startswith("tconv-run: error: ") and err or
               err.count("\n") != 1 and "not one line: " + err)
    else:
        report(name + " (NumPy loads)", err or
               not numpy.array_equal(got, want) and "values differ")

for header in NEGATIVE:
    path = os.path.join(work, "negative.npy")
    with open(path, "wb") as f:
        f.write(handmade(header))
    got, err = tconv_read(path, (1, 4), 4)
    report("header %s (negative size)" % header,
           got is not None and "accepted" or
           "expected a non-negative integer" not in err and err)

cases.finish()
