// tconv-run's output paths behave as a Unix tool's (OutputFile): symlinks
// followed, FIFOs and stdout written through, hard links and permissions
// kept, read-only files, directories and missing directories refused before
// the compile, nothing written by a failed run, no temporary left by an
// error, SIGINT or SIGTERM, 255-byte names accepted. Every case runs in %t.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 1,3,3,2 --seed 1
// RUN: %make_npy %t/w.npy 3,3,4,2 --seed 2
// RUN: %python %S/Inputs/output_files.py tconv-run %S/Inputs %t | FileCheck %s
// CHECK: ok: symlink
// CHECK: ok: dangling symlink
// CHECK: ok: fifo
// CHECK: ok: symlink to a fifo
// CHECK: ok: stdout
// CHECK: ok: link to stdout, a pipe
// CHECK: ok: link to stdout, a file
// CHECK: ok: hard link
// CHECK: ok: permissions
// CHECK: ok: read-only
// CHECK: ok: directory
// CHECK: ok: missing directory
// CHECK: ok: two outputs, one unwritable
// CHECK: ok: one path twice
// CHECK: ok: failed run
// CHECK: ok: 255-byte name
// CHECK: ok: 256-byte name
// CHECK: ok: signal 2
// CHECK: ok: signal 15
// CHECK: 0 failures
