# -*- Python -*-
# lit configuration of the TConv regression tests (lit + FileCheck).

import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "TCONV"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tconv_obj_root, "test")
config.excludes = ["Unit", "Inputs", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(
    ("%make_npy", "%s %s" % (sys.executable,
                             os.path.join(config.test_source_root,
                                          "Integration", "Inputs",
                                          "make_npy.py"))))
config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")))

# Runs of 10 random TOSA or idiom layers (tosa-differential.mlir,
# idiom-differential.mlir): a JIT compile
# takes about ten times longer under the sanitizers.
config.substitutions.append(
    ("%tosa_runs", "3" if "-fsanitize" in config.tconv_cxx_flags else "20"))
config.substitutions.append(
    ("%libomp", os.path.join(config.mlir_lib_dir, "libomp.so")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.tconv_tools_dir, config.llvm_tools_dir]
tools = ["tconv-opt", "tconv-run", "tconv-bench", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Sanitizer builds (scripts/test.sh --sanitize): LLVM's headers poison
# BumpPtrAllocator slabs in the instrumented TConv code, but Debian's
# libMLIR.so, not instrumented, allocates from the same slabs without
# unpoisoning them: a false use-after-poison. The real checks stay on.
# LeakSanitizer's own thread walk crashes ("Tracer caught signal 11") on the
# dynamic TLS that the sanitizer runtime of GCC 12 records for the OpenMP
# threads of a JIT-compiled module (a bug of that runtime, fixed upstream);
# without intercepting __tls_get_addr it still checks for leaks.
config.environment["ASAN_OPTIONS"] = (
    "allow_user_poisoning=0:intercept_tls_get_addr=0")
