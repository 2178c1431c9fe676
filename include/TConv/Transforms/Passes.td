//===- Passes.td - TConv tiling and vectorization passes ---*- tablegen -*-===//
//
// The passes between the decomposition (tconv-to-linalg) and bufferization:
// they turn each segment's contraction into a register-blocked micro-kernel.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TRANSFORMS_PASSES_TD
#define TCONV_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TConvTilePass : Pass<"tconv-tile"> {
  let summary = "Tile the segments of tconv-to-linalg into register tiles";
  let description = [{
    Tiles every segment contraction produced by `tconv-to-linalg` (a
    `linalg.generic` over `(n, qh, qw | th, tw, ci | co)`) with
    `scf::tileConsumerAndFuseProducersUsingSCF`, four levels deep:

    0. output channels by `tile-c` (`scf.for`), so that the filter slice of
       a channel tile is reused from cache by every row and column;
    1. output rows (`n`, `qh` by `tile-h`) with `scf.forall` (the loop
       threads share), or `scf.for` when `parallel=false` or the contraction
       has fewer than `min-parallel-flops` flops. A filter-bound segment
       (output within a quarter of L2, filter slice beyond L2) shares its
       channel tiles among the threads instead (level 0 as `scf.forall`),
       so that they stream different filter columns. A contraction in a
       group of phases (tconv-to-linalg's `scf.forall`) keeps both serial:
       the threads share the phases;
    2. a register tile of `tile-h` rows by `tile-w` output columns by
       `tile-c` output channels (`scf.for`), into which the accumulator initialisation (bias or zero)
       and the epilogue (activation, narrowing) are fused;
    3. the reductions (`th`, `tw`, `ci`) one by one (`scf.for`), so the
       register tile is updated by one input channel of one tap at a time.

    The register-tile loops are then peeled (`scf::peelForLoopAndSimplifyBounds`)
    so that full tiles have static sizes and the last, partial tile its own
    static size: every tile vectorizes without masks. The default tile is
    chosen from the host CPU: `tile-c` spans 1, 2 or 4 vector registers of
    output channels, `tile-w` fills the rest of the register file with
    accumulators (AVX-512 f32: 6 columns x 64 channels = 24 accumulators);
    `tile-h` is 1 unless the segment is narrower than `tile-w`: then the
    tile takes several whole segment rows with half the channel vectors
    (4x4 outputs: 2 x 4 x 32), so each filter vector feeds more
    accumulators, except in a filter-bound segment: there the filter comes
    from memory, and one row of the default tile (1 x 4 x 64) reads it in
    longer contiguous runs; a filter-bound segment at least 8 columns wide
    gets 8 columns by half the channel vectors (8 x 32: 2 filter vectors
    per 16 FMAs, no 2-column remainder tile of an 8-column phase). A channel count whose last tile would be several
    vectors but not a power of two of them (168 by 64: 40) gets tiles of
    fewer vectors (168 by 32: 8 left).
  }];
  let options = [
    Option<"tileW", "tile-w", "int64_t", /*default=*/"0",
           "Output columns per register tile (0: chosen for the host)">,
    Option<"tileC", "tile-c", "int64_t", /*default=*/"0",
           "Output channels per register tile (0: chosen for the host; "
           "keep it a whole number of vectors)">,
    Option<"tileH", "tile-h", "int64_t", /*default=*/"0",
           "Output rows per register tile (0: chosen for the host and the "
           "segment; must divide the segment's rows)">,
    Option<"tileCi", "tile-ci", "int64_t", /*default=*/"0",
           "Input channels per block when a channel tile's filter slice "
           "would not stay in L2 (0: chosen from the host's L2 size)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector register width in bits the default tile assumes, with 32 "
           "registers at 512 and 16 below (0: the host's: 32 x 512 with "
           "AVX-512, 16 x 256 with AVX, else 16 x 128)">,
    Option<"l2Bytes", "l2-bytes", "int64_t", /*default=*/"0",
           "L2 cache size per core the heuristics assume (0: the host's)">,
    Option<"l1Bytes", "l1-bytes", "int64_t", /*default=*/"0",
           "L1 data cache size per core the heuristics assume (0: the "
           "host's)">,
    Option<"maxSegments", "max-segments", "int64_t", /*default=*/"64",
           "Leave a function untiled when it has more segment contractions "
           "than this (large strides: one-shot bufferization's analysis of "
           "that many tiled slices of one buffer takes minutes)">,
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Iterate over output rows with scf.forall (threads) rather than "
           "scf.for">,
    Option<"minParallelFlops", "min-parallel-flops", "int64_t",
           /*default=*/"::mlir::tconv::TileOptions::kDefaultMinParallelFlops",
           "With parallel, use scf.forall only for segment contractions "
           "(per channel tile) of at least this many flops: each becomes one "
           "OpenMP fork/join, which costs more than a small segment's work">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def TConvVectorizePass : Pass<"tconv-vectorize"> {
  let summary = "Vectorize the register tiles and keep accumulators in "
                "registers";
  let description = [{
    Applies `linalg::vectorize` to the register tiles `tconv-tile` left
    (linalg ops marked `tconv.register_tile`, with static shapes no larger
    than `max-elements`; other ops, such as the one-off filter packing or
    untiled segments, stay loops), then folds
    the unit dimensions away and hoists the accumulator's
    `vector.transfer_read`/`transfer_write` out of the reduction loops
    (`hoistLoopInvariantSubsets`), so that the accumulators stay in vector
    registers across all taps and input channels. Last, the vectors are
    unrolled (`populateVectorUnrollPatterns`) into one vector of channels
    per output column, the shape of the micro-kernel's broadcasts and FMAs.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"4096",
           "Largest iteration space (elements) that is vectorized">
  ];
  let dependentDialects = [
    "::mlir::vector::VectorDialect"
  ];
}

def TConvPrefetchPass : Pass<"tconv-prefetch"> {
  let summary = "Prefetch the operands the register tiles stream";
  let description = [{
    Runs on bufferized code (after `tconv-bufferize`). In every innermost
    `scf.for` that carries vector accumulators (a register tile's reduction
    over input channels), each contiguous, in-bounds `vector.transfer_read`
    from a memref whose address advances with the loop (the packed filter
    row of the next input channel) gets `memref.prefetch`es of the lines it
    will read `distance` iterations later, one per 64-byte line, with the
    advancing index clamped to its dimension so no address leaves the
    buffer. Broadcast reads (the input pixels) are left alone.

    Why by hand: upstream has `memref.prefetch` and affine's data-copy
    generation, but no pass that prefetches a strided stream ahead of
    vector loads. The filter of a DCGAN layer on a 4x4 input (13 to 52 MB)
    is read in 128 to 256-byte pieces a filter row (1 to 2 KB) apart, a
    stride the hardware prefetchers follow poorly: measured with
    tconv-bench, 32 iterations ahead takes dcgan_g1 from 0.6-0.7 to about
    0.9 of oneDNN's speed.
  }];
  let options = [
    Option<"distance", "distance", "int64_t",
           /*default=*/"::mlir::tconv::kAutoPrefetchDistance",
           "Iterations ahead of the read a line is prefetched (0: none; -1: "
           "chosen per stream for the host: 32 with AVX-512 or from a "
           "buffer larger than L3, else none)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

#endif // TCONV_TRANSFORMS_PASSES_TD
