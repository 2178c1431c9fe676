// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64" | FileCheck %s --check-prefix=SSE
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v3 l2-bytes=2097152 cores=4" | FileCheck %s --check-prefix=AVX2
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64-v4" | FileCheck %s --check-prefix=AVX512
// RUN: tconv-opt %s --tconv-set-target="cpu=x86-64 vector-bits=512" | FileCheck %s --check-prefix=AVX512
// RUN: tconv-opt %s --tconv-set-target | FileCheck %s --check-prefix=HOST
// RUN: not tconv-opt %s --tconv-set-target="vector-bits=0 cpu=x86-64" 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not tconv-opt %s --tconv-set-target="vector-bits=96" 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not tconv-opt %s --tconv-set-target="cpu=pentium" 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not tconv-opt %s --tconv-set-target="l1-bytes=-4" 2>&1 | FileCheck %s --check-prefix=NEGATIVE

// The generic targets, with sizes given; the host's is whatever it is, but
// always a legal target.
// SSE: module attributes {tconv.target = #tconv.target<vector_bits = 128, registers = 16, fma_pipes = 1, l1 = 32768, l2 = 1048576, l3 = 33554432, cores = 1>}
// AVX2: module attributes {tconv.target = #tconv.target<vector_bits = 256, registers = 16, fma_pipes = 2, l1 = 32768, l2 = 2097152, l3 = 33554432, cores = 4>}
// AVX512: module attributes {tconv.target = #tconv.target<vector_bits = 512, registers = 32, fma_pipes = {{1|2}}, l1 = 32768, l2 = 1048576, l3 = 33554432, cores = 1>}
// HOST: module attributes {tconv.target = #tconv.target<vector_bits = {{128|256|512}}, registers = {{16|32}}, fma_pipes = {{[12]}}, l1 = {{[0-9]+}}, l2 = {{[0-9]+}}, l3 = {{[0-9]+}}, cores = {{[0-9]+}}>}

// ZERO: tconv-set-target: vector-bits must be 128, 256 or 512, got 0
// WIDTH: tconv-set-target: vector-bits must be 128, 256 or 512, got 96
// CPU: tconv-set-target: unknown cpu 'pentium' (host, x86-64, x86-64-v3 or x86-64-v4)
// NEGATIVE: tconv-set-target: l1-bytes must be positive (-1: the cpu's), got -4
func.func @empty() {
  return
}
