#!/usr/bin/env python3
"""Writes .npy files for the tconv-run tests without numpy.

  make_npy.py OUT SHAPE [--dtype <f4] [--seed N | --values a,b,c]
              [--fortran] [--truncate BYTES] [--magic STR] [--version V]

SHAPE is comma separated ("1,4,4,2"; "" for a scalar). Values default to
seeded uniform numbers in [-1, 1].
"""
import argparse
import random
import struct


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("shape")
    p.add_argument("--dtype", default="<f4")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--values")
    p.add_argument("--fortran", action="store_true")
    p.add_argument("--truncate", type=int, default=0)
    p.add_argument("--magic", default="\x93NUMPY")
    p.add_argument("--version", type=int, default=1)
    a = p.parse_args()

    shape = [int(d) for d in a.shape.split(",") if d]
    count = 1
    for d in shape:
        count *= d
    if a.values:
        values = [float(v) for v in a.values.split(",")]
    else:
        rng = random.Random(a.seed)
        values = [rng.uniform(-1, 1) for _ in range(count)]
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        a.dtype, "True" if a.fortran else "False", dims)
    prefix = 10 if a.version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    fmt = {"<f4": "f", "<f8": "d", "<f2": "e", "<i4": "i", ">f4": "f"}[a.dtype]
    if fmt == "i":
        values = [int(v) for v in values]
    endian = ">" if a.dtype.startswith(">") else "<"
    data = struct.pack(endian + "%d%s" % (len(values), fmt), *values)
    if a.truncate:
        data = data[:-a.truncate]
    size = struct.pack("<H", len(header)) if a.version == 1 else struct.pack(
        "<I", len(header))
    with open(a.out, "wb") as f:
        f.write(a.magic.encode("latin-1") + bytes([a.version, 0]) + size +
                header.encode("latin-1") + data)


if __name__ == "__main__":
    main()
