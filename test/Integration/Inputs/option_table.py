"""Every option of every TConv pass and pipeline, and every tconv-run flag,
with hostile values: each run ends in success or a one-line error (exit 1),
never an abort, a signal or a stack dump.

usage: option_table.py TCONV_OPT TCONV_RUN TCONV_BENCH INPUT.mlir SHAPES.csv
                       WORKDIR
The options come from `tconv-opt --help`, so a new option is covered
without editing this table."""

import os
import re
import subprocess
import sys

tconv_opt, tconv_run, tconv_bench, model, shapes, workdir = sys.argv[1:7]

VALUES = ["-3", "-1", "0", "1", "7", "4096", "9223372036854775807",
          "99999999999999999999", "-9223372036854775808", "abc", "", "1.5",
          "true"]


def options_of_tconv_passes():
    """(pass or pipeline, option) pairs listed under the tconv passes."""
    help_text = subprocess.run([tconv_opt, "--help"], capture_output=True,
                               text=True, check=True).stdout
    pairs, current = [], None
    for line in help_text.splitlines():
        m = re.match(r"^      --(tconv-[\w-]+)\s", line)
        if m:
            current = m.group(1)
            pairs.append((current, None))
            continue
        m = re.match(r"^        --([\w-]+)", line)
        if m and current:
            pairs.append((current, m.group(1)))
            continue
        if not line.startswith("        "):
            current = None
    return pairs


failures = []


def run(argv, what):
    proc = subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=600,
                          stdin=subprocess.DEVNULL)
    err = proc.stderr
    if proc.returncode not in (0, 1):
        failures.append("%s: exit %d\n%s" % (what, proc.returncode, err[-800:]))
    elif "LLVM ERROR" in err or "Stack dump" in err:
        failures.append("%s: aborted\n%s" % (what, err[-800:]))
    elif proc.returncode == 1 and not err.strip():
        failures.append("%s: exit 1 without a message" % what)
    return proc


pairs = options_of_tconv_passes()
assert len(pairs) > 20, "could not read the options from tconv-opt --help"
runs = 0
for name, option in pairs:
    if option is None:
        continue
    for value in VALUES:
        spec = "builtin.module(%s{%s=%s})" % (name, option, value)
        if name not in ("tconv-cpu-pipeline", "tconv-set-target",
                        "tconv-clear-target", "tconv-bufferize",
                        "tconv-lower-to-llvm"):
            spec = "builtin.module(func.func(%s{%s=%s}))" % (name, option,
                                                              value)
        proc = run([tconv_opt, model, "--pass-pipeline=" + spec, "-o",
                    os.devnull], spec)
        runs += 1
        # No option takes -3 or 'abc': each is an error naming the option.
        if value in ("-3", "abc") and (proc.returncode != 1 or
                                       option not in proc.stderr):
            failures.append("%s: accepted or not named (exit %d)\n%s" %
                            (spec, proc.returncode, proc.stderr))
        if not proc.stderr.isprintable() and not all(
                line.isprintable() for line in proc.stderr.splitlines()):
            failures.append("%s: unprintable message\n%s" % (spec,
                                                             proc.stderr))

# Each pass and pipeline nested one level too deep or too shallow.
for name, option in pairs:
    if option is None:
        for spec in ("builtin.module(func.func(%s))" % name,
                     "builtin.module(%s)" % name):
            run([tconv_opt, model, "--pass-pipeline=" + spec, "-o",
                 os.devnull], spec)
            runs += 1

# tconv-run's own flags.
RUN_FLAGS = ["--threads", "--repetitions", "--seed", "--strides",
             "--dilations", "--pads", "--output-padding", "--output-shape",
             "--alpha", "--padding", "--data-format", "--filter-format",
             "--activation"]
x = os.path.join(workdir, "x.npy")
w = os.path.join(workdir, "w.npy")
for flag in RUN_FLAGS:
    for value in VALUES + ["1,1", "0,0", "-1,2", "2,2,2,2", "1,1,1,1"]:
        argv = [tconv_run, "--input", x, "--filter", w, "--strides", "2,2",
                "--padding", "same", "--check", "--repetitions", "1"]
        argv += [flag, value] if flag != "--strides" else []
        if flag == "--strides":
            argv[argv.index("--strides") + 1] = value
        if flag == "--padding":
            argv[argv.index("--padding") + 1] = value
            argv = argv[:-2]
        if flag in ("--pads",):
            argv[argv.index("--padding") + 1] = "explicit"
        proc = run(argv, " ".join(argv[1:]))
        runs += 1
        # A run that succeeded with --check matched the reference.
        if proc.returncode == 0 and "all " not in proc.stdout:
            failures.append("%s: exit 0 without a passing check\n%s" %
                            (" ".join(argv), proc.stdout))

# tconv-bench's flags, on a one-row suite.
BENCH = [tconv_bench, "--shapes", shapes, "--peers", "naive", "--only",
         "small_valid", "--repetitions", "1", "--min-seconds", "0"]
for flag in ["--threads", "--repetitions", "--min-seconds", "--filter-block",
             "--filter-prefetch", "--borders", "--only", "--peers"]:
    for value in ["-3", "0", "1", "9223372036854775807", "abc", "", "nan"]:
        argv = BENCH + [flag, value]
        proc = run(argv, " ".join(argv[1:]))
        runs += 1
        if value in ("-3", "abc") and (proc.returncode != 1 or
                                       flag[2:] not in proc.stderr):
            failures.append("%s: accepted or not named (exit %d)\n%s" %
                            (" ".join(argv), proc.returncode, proc.stderr))
        # Every row is checked against the reference before it is timed.
        if proc.returncode == 0 and "small_valid" not in proc.stdout:
            failures.append("%s: exit 0 without the row\n%s" %
                            (" ".join(argv), proc.stdout))

for f in failures:
    print("FAIL:", f)
print("%d runs, %d failures" % (runs, len(failures)))
sys.exit(1 if failures else 0)
