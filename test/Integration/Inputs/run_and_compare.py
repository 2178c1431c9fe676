"""Shared by the script tests: a case reporter, and for the differential
scripts a run of one model through tconv-run's file mode whose results are
compared with their NumPy references."""

import os
import subprocess
import sys

import numpy


class Cases:
    """Prints "ok: NAME" or "FAIL: NAME: why" per case; `finish` prints the
    failure count and exits non-zero on any."""

    def __init__(self):
        self.failures = 0

    def report(self, name, problem):
        if problem:
            self.failures += 1
            print("FAIL: %s: %s" % (name, problem))
        else:
            print("ok: %s" % name)

    def finish(self):
        print("%d failures" % self.failures)
        sys.exit(1 if self.failures else 0)


def ty(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def run_and_compare(tconv_run, model, args, cases, work, tag):
    """`args`: (path, shape) of each --arg; `cases`: (what, expected,
    terms) of each result. Returns (results checked, failures), printing a
    FAIL line for each failure."""
    outs = [os.path.join(work, "%s_out%d.npy" % (tag, i))
            for i in range(len(cases))]
    argv = [tconv_run, model, "--repetitions", "1"]
    for path, _ in args:
        argv += ["--arg", path]
    for path in outs:
        argv += ["--out", path]
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        print("FAIL: %s: %s" % (tag, proc.stderr.strip()))
        return 0, 1
    checked = failures = 0
    for (what, expected, terms), path in zip(cases, outs):
        got = numpy.load(path).astype(float)
        # f32 accumulation over `terms` products of magnitude <= 1.
        tolerance = 1e-5 * (terms + 1) + 1e-6 * numpy.abs(expected)
        checked += 1
        if got.shape != expected.shape or not numpy.all(
                numpy.abs(got - expected) <= tolerance):
            failures += 1
            error = (numpy.max(numpy.abs(got - expected))
                     if got.shape == expected.shape else "shape")
            print("FAIL: %s: max error %s" % (what, error))
    return checked, failures
