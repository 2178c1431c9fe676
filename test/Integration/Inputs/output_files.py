"""How tconv-run treats its output paths, each case in WORKDIR (never /dev):
symlinks followed, FIFOs written through, hard links and permissions kept,
read-only files and directories refused, nothing written by a failed run,
no temporary left by an error or a signal, long names accepted.

usage: output_files.py TCONV_RUN INPUTS WORKDIR   (WORKDIR holds x.npy, w.npy)
Prints one line per case, "ok: NAME" or "FAIL: NAME: why"."""

import glob
import io
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import numpy

from run_and_compare import Cases

tconv_run, inputs, work = sys.argv[1:4]
x, w = os.path.join(work, "x.npy"), os.path.join(work, "w.npy")
LAYER = [tconv_run, "--input", x, "--filter", w, "--strides", "2,2",
         "--padding", "same", "--repetitions", "1"]
cases = Cases()
report = cases.report


def run(*extra, **kwargs):
    return subprocess.run(LAYER + list(extra), capture_output=True,
                          timeout=600, **kwargs)


def expected():
    """The layer's output, from a run that writes a fresh file."""
    path = os.path.join(work, "expected.npy")
    proc = run("--output", path)
    assert proc.returncode == 0, proc.stderr
    return numpy.load(path)


def temporaries():
    return glob.glob(os.path.join(work, "**", ".tconv-*"), recursive=True)


def case_dir(name):
    d = os.path.join(work, name)
    os.makedirs(d)
    return d


reference = expected()

# A symlink is followed: the target gets the array, the link stays.
d = case_dir("symlink")
target = os.path.join(d, "target.npy")
open(target, "w").write("old")
os.symlink("target.npy", os.path.join(d, "link.npy"))
proc = run("--output", os.path.join(d, "link.npy"))
report("symlink", proc.returncode != 0 and proc.stderr or
       not os.path.islink(os.path.join(d, "link.npy")) and "link replaced" or
       not numpy.array_equal(numpy.load(target), reference) and
       "target not written")

# A dangling symlink names the file to create.
d = case_dir("dangling")
os.symlink("new.npy", os.path.join(d, "link.npy"))
proc = run("--output", os.path.join(d, "link.npy"))
report("dangling symlink", proc.returncode != 0 and proc.stderr or
       not os.path.islink(os.path.join(d, "link.npy")) and "link replaced" or
       not numpy.array_equal(numpy.load(os.path.join(d, "new.npy")),
                             reference) and "target not written")

# A FIFO is written through, and so is a symlink to one.
for name, via_link in (("fifo", False), ("symlink to a fifo", True)):
    d = case_dir(name.replace(" ", "-"))
    fifo = os.path.join(d, "pipe")
    os.mkfifo(fifo)
    path = fifo
    if via_link:
        path = os.path.join(d, "link")
        os.symlink("pipe", path)
    received = {}

    def reader():
        with open(fifo, "rb") as f:
            received["bytes"] = f.read()

    t = threading.Thread(target=reader)
    t.start()
    proc = run("--output", path)
    t.join(60)
    problem = proc.returncode != 0 and proc.stderr
    if not problem:
        got = numpy.load(io.BytesIO(received.get("bytes", b"")))
        problem = (not stat.S_ISFIFO(os.stat(fifo).st_mode) and
                   "fifo replaced" or
                   not numpy.array_equal(got, reference) and "wrong bytes")
    report(name, problem)

# Standard output ("-"): the array alone, the report on stderr.
proc = run("--output", "-")
problem = proc.returncode != 0 and proc.stderr
if not problem:
    problem = (not numpy.array_equal(numpy.load(io.BytesIO(proc.stdout)),
                                     reference) and "wrong bytes" or
               b"run:" not in proc.stderr and "report not on stderr")
report("stdout", problem)

# /dev/stdout is a link to /proc/self/fd/1: one made here names the pipe
# the output goes to (written through), or the file stdout was redirected
# to (replaced atomically); the report moves to stderr.
d = case_dir("proc-link")
link = os.path.join(d, "stdout")
os.symlink("/proc/self/fd/1", link)
proc = run("--output", link)
problem = proc.returncode != 0 and proc.stderr
if not problem:
    problem = not numpy.array_equal(numpy.load(io.BytesIO(proc.stdout)),
                                    reference) and "wrong bytes"
report("link to stdout, a pipe", problem)
redirected = os.path.join(d, "redirected.npy")
with open(redirected, "wb") as f:
    proc = subprocess.run(LAYER + ["--output", link], stdout=f,
                          stderr=subprocess.PIPE, timeout=600)
report("link to stdout, a file", proc.returncode != 0 and proc.stderr or
       not numpy.array_equal(numpy.load(redirected), reference) and
       "wrong bytes" or not os.path.islink(link) and "link replaced")

# Hard links stay linked; permissions stay.
d = case_dir("hardlink")
a, b = os.path.join(d, "a.npy"), os.path.join(d, "b.npy")
open(a, "w").write("old")
os.link(a, b)
proc = run("--output", a)
report("hard link", proc.returncode != 0 and proc.stderr or
       os.stat(a).st_ino != os.stat(b).st_ino and "link broken" or
       not numpy.array_equal(numpy.load(b), reference) and
       "other name not updated")
d = case_dir("mode")
path = os.path.join(d, "y.npy")
open(path, "w").write("old")
os.chmod(path, 0o640)
proc = run("--output", path)
report("permissions", proc.returncode != 0 and proc.stderr or
       stat.S_IMODE(os.stat(path).st_mode) != 0o640 and
       "mode %o" % stat.S_IMODE(os.stat(path).st_mode) or
       not numpy.array_equal(numpy.load(path), reference) and "not written")

# A read-only file is refused (by root too) and left alone.
d = case_dir("readonly")
path = os.path.join(d, "y.npy")
open(path, "w").write("old")
os.chmod(path, 0o444)
proc = run("--output", path)
report("read-only", proc.returncode != 1 and "exit %d" % proc.returncode or
       b"read-only (mode 0444)" not in proc.stderr and proc.stderr or
       open(path).read() != "old" and "file changed")

# A directory, or a missing directory, is an error before the compile: a
# model the pipeline would fail on reports the output instead.
d = case_dir("early")
for name, path in (("directory", d),
                   ("missing directory", os.path.join(d, "no", "y.npy"))):
    proc = subprocess.run(LAYER + ["--output", path, "--strides", "0,0"],
                          capture_output=True)
    report(name, proc.returncode != 1 and "exit %d" % proc.returncode or
           b"cannot write" not in proc.stderr and proc.stderr)

# Two outputs where the second cannot be written: neither is written.
d = case_dir("two-outputs")
model = os.path.join(inputs, "two-results.mlir")
first = os.path.join(d, "first.npy")
proc = subprocess.run([tconv_run, model, "--out", first, "--out",
                       os.path.join(d, "no", "second.npy"), "--repetitions",
                       "1"], capture_output=True)
report("two outputs, one unwritable",
       proc.returncode != 1 and "exit %d" % proc.returncode or
       os.path.exists(first) and "first written" or
       temporaries() and "temporaries left: %s" % temporaries())

# The same file named twice.
proc = subprocess.run([tconv_run, model, "--out", first, "--out", first],
                      capture_output=True)
report("one path twice", proc.returncode != 1 and "exit %d" % proc.returncode
       or b"named by two outputs" not in proc.stderr and proc.stderr)

# A run that fails after its outputs were opened (an invalid layer) leaves
# neither the output nor a temporary.
proc = run("--output", os.path.join(d, "never.npy"), "--dilations", "0,1")
report("failed run", proc.returncode != 1 and "exit %d" % proc.returncode or
       os.path.exists(os.path.join(d, "never.npy")) and "output written" or
       temporaries() and "temporaries left")

# The longest legal name (255 bytes) works; one byte more is a clear error.
d = case_dir("long")
name = "y" * 251 + ".npy"
proc = run("--output", os.path.join(d, name))
report("255-byte name", proc.returncode != 0 and proc.stderr or
       not numpy.array_equal(numpy.load(os.path.join(d, name)), reference)
       and "not written")
proc = run("--output", os.path.join(d, "y" + name))
report("256-byte name", proc.returncode != 1 and "exit %d" % proc.returncode
       or b"cannot write: File name too long" not in proc.stderr and proc.stderr)

# SIGINT or SIGTERM while the temporary exists: it is removed.
for sig in (signal.SIGINT, signal.SIGTERM):
    d = case_dir("signal-%d" % sig)
    out = os.path.join(d, "big.npy")
    proc = subprocess.Popen(
        [tconv_run, os.path.join(inputs, "big-layer.mlir"), "--out", out,
         "--repetitions", "1000"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not glob.glob(os.path.join(d, ".tconv-*")) and \
            proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    seen = glob.glob(os.path.join(d, ".tconv-*"))
    # Past the registration of the temporary for removal on a signal, even
    # on a loaded machine; the run itself lasts far longer.
    time.sleep(2)
    proc.send_signal(sig)
    proc.wait(60)
    left = glob.glob(os.path.join(d, "*")) + glob.glob(os.path.join(d, ".*"))
    report("signal %d" % sig, not seen and "no temporary seen" or
           proc.returncode == 0 and "finished before the signal" or
           left and "left: %s" % left)

cases.finish()
