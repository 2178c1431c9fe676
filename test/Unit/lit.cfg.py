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
config.environment["ASAN_OPTIONS"] = "allow_user_poisoning=0"
