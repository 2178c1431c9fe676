//===- Passes.td - TConv tiling and vectorization passes ---*- tablegen -*-===//
//
// The passes between the decomposition (tconv-to-linalg) and bufferization:
// they turn each segment's contraction into a register-blocked micro-kernel.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TRANSFORMS_PASSES_TD
#define TCONV_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TConvTilePass : Pass<"tconv-tile", "::mlir::func::FuncOp"> {
  let summary = "Tile the segments of tconv-to-linalg into register tiles";
  let description = [{
    Tiles every segment contraction produced by `tconv-to-linalg` (a
    `linalg.generic` over `(n, qh, qw | th, tw, ci | co)` that carries its
    layer's `tconv.strategy`) with
    `scf::tileConsumerAndFuseProducersUsingSCF`, four levels deep:

    0. output channels by the tile's channels (`scf.for`), so that the
       filter slice of a channel tile is reused from cache by every row and
       column;
    1. output rows (`n`, `qh`) with `scf.forall` (the loop threads share)
       when the strategy is `parallel` and the contraction has at least
       `min_parallel_flops`, else `scf.for`. A filter-bound segment (output
       within a quarter of L2, filter slice beyond L2) shares its channel
       tiles among the threads instead (level 0 as `scf.forall`). A
       contraction in a group of phases (`tconv-to-linalg`'s `scf.forall`)
       keeps both serial: the threads share the phases;
    2. a register tile of rows by columns by channels (`scf.for`), into
       which the accumulator initialisation (bias or zero) and the epilogue
       (activation, narrowing) are fused;
    3. the reductions (`th`, `tw`, `ci`) one by one (`scf.for`), so the
       register tile is updated by one input channel of one tap at a time.
       A channel tile whose filter slice would not stay in L2 first splits
       its input channels into blocks.

    The register-tile loops are then peeled
    (`scf::peelForLoopAndSimplifyBounds`) so that full tiles have static
    sizes and the last, partial tile its own static size: every tile
    vectorizes without masks. The sizes are the strategy's, and where it
    leaves them open (zeros), the cost model's for the segment's shape and
    the module's `tconv.target` (`chooseRegisterTile`; AVX-512 f32: 6
    columns x 64 channels = 24 accumulators by default). Contractions
    without a strategy are left untiled with a remark, as is a function of
    more than `max-segments` segment contractions.
  }];
  let options = [
    Option<"maxSegments", "max-segments", "int64_t", /*default=*/"64",
           "Leave a function untiled (with a remark) when it has more "
           "segment contractions than this: one-shot bufferization's "
           "analysis of that many tiled slices of one buffer takes minutes">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def TConvVectorizePass : Pass<"tconv-vectorize", "::mlir::func::FuncOp"> {
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

def TConvPrefetchPass : Pass<"tconv-prefetch", "::mlir::func::FuncOp"> {
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
    stride the hardware prefetchers follow poorly.
  }];
  let options = [
    Option<"distance", "distance", "int64_t",
           /*default=*/"::mlir::tconv::kAutoPrefetchDistance",
           "Iterations ahead of the read a line is prefetched (0: none; -1: "
           "chosen per stream for the module's tconv.target: 32 with 512-bit "
           "vectors or from a buffer larger than L3, else none)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

#endif // TCONV_TRANSFORMS_PASSES_TD
