# -*- Python -*-
# Runs the GoogleTest unit tests under lit, so check-tconv covers them.

import os

import lit.formats

config.name = "TCONV-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.tconv_obj_root, "test", "Unit")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

# Sanitizer builds (scripts/test.sh --sanitize): LLVM's headers poison
# BumpPtrAllocator slabs in the instrumented TConv code, but Debian's
# libMLIR.so, not instrumented, allocates from the same slabs without
# unpoisoning them: a false use-after-poison. The real checks stay on.
# LeakSanitizer's thread walk crashes ("Tracer caught signal 11") at exit on
# the dynamic TLS GCC 12's runtime records for the OpenMP threads of the
# 2-thread kernels (see test/lit.cfg.py); leaks are still checked.
config.environment["ASAN_OPTIONS"] = (
    "allow_user_poisoning=0:intercept_tls_get_addr=0")
