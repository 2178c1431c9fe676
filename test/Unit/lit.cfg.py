# -*- Python -*-
# Runs the GoogleTest unit tests under lit, so check-tconv covers them.

import os

import lit.formats

config.name = "TCONV-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.tconv_obj_root, "test", "Unit")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
