//===- Passes.td - TConv target and strategy passes --------*- tablegen -*-===//
//
// The decisions before any rewriting: what CPU the code is for, and how
// each layer is lowered for it.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_STRATEGY_PASSES_TD
#define TCONV_STRATEGY_PASSES_TD

include "mlir/Pass/PassBase.td"

def TConvSetTargetPass : Pass<"tconv-set-target", "mlir::ModuleOp"> {
  let summary = "Record the CPU the module is compiled for";
  let description = [{
    Puts `tconv.target = #tconv.target<...>` on the module: the vector
    registers, FMA pipes, caches and cores every later decision is made
    for. `cpu=host` (the default) describes the machine the tool runs on
    (detected once per process); `x86-64`, `x86-64-v3` (AVX2) and
    `x86-64-v4` (AVX-512) are generic targets with 32 KiB L1d, 1 MiB L2,
    32 MiB L3 and one core, so a test or a tuning run reproduces on any
    machine. The size options override single fields. A module that already
    carries a target keeps it unless `force`.
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"host\"",
           "The target: host, x86-64, x86-64-v3 or x86-64-v4">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"-1",
           "Vector register width in bits: 512 (32 registers), 256 or 128 "
           "(16 registers); -1: the cpu's">,
    Option<"l1Bytes", "l1-bytes", "int64_t", /*default=*/"-1",
           "L1 data cache bytes per core (-1: the cpu's)">,
    Option<"l2Bytes", "l2-bytes", "int64_t", /*default=*/"-1",
           "L2 cache bytes per core (-1: the cpu's)">,
    Option<"l3Bytes", "l3-bytes", "int64_t", /*default=*/"-1",
           "L3 cache bytes (-1: the cpu's)">,
    Option<"cores", "cores", "int64_t", /*default=*/"-1",
           "Cores the code may use (-1: the cpu's)">,
    Option<"force", "force", "bool", /*default=*/"false",
           "Replace a target the module already has">
  ];
  let dependentDialects = ["::mlir::tconv::TConvDialect"];
}

def TConvClearTargetPass : Pass<"tconv-clear-target", "mlir::ModuleOp"> {
  let summary = "Drop the module's tconv.target once no pass reads it";
  let description = [{
    Removes `tconv.target` from the module, so that the lowered module
    (LLVM dialect) holds no tconv attribute and tools without the tconv
    dialect, such as `mlir-runner`, read it. The CPU pipeline runs it after
    `tconv-prefetch`, the last pass that reads the target.
  }];
}

def TConvSelectStrategyPass : Pass<"tconv-select-strategy", "::mlir::func::FuncOp"> {
  let summary = "Choose how each tconv.conv2d_transpose is lowered";
  let description = [{
    Gives every `tconv.conv2d_transpose` without a `strategy` one
    (`#tconv.strategy`), chosen by the cost model for the module's
    `tconv.target` (the generic `x86-64` when it has none): the phase
    borders, the filter packing and block, the register tile sizes given
    to every segment, the input-channel block and the threading. An op that
    already has a strategy (written by hand) keeps it. The options fix a
    choice instead of leaving it to the cost model.

    The choices, as the cost model makes them (lib/Strategy/CostModel.cpp):
    - `borders`: exact, unless the filter is larger than about a core's L2
      (each exact segment would stream its slice again), the layer has more
      than 32 exact segments (compile time) or fewer than 8 output
      channels, and padding adds at most 50% multiply-adds; then padded,
      or exact_rows where exact rows save at least 5% of them;
    - `filter_block`: the channels of the register tile of the phases'
      interior, so a channel tile reads one contiguous run of the filter;
    - the register tile of each segment is chosen by `tconv-tile` from the
      same cost model, within the sizes given here.
  }];
  let options = [
    Option<"borders", "borders", "std::string", /*default=*/"\"auto\"",
           "Outputs near the input border: auto, exact, padded or "
           "exact-rows">,
    Option<"packFilter", "pack-filter", "bool", /*default=*/"true",
           "Copy the filter once into [KH, KW, Cin, Cout] so the "
           "contractions tile and vectorize (off: plain loops)">,
    Option<"filterBlock", "filter-block", "int64_t", /*default=*/"-1",
           "Output channels per block of the packed filter (0: unblocked; "
           "-1: the cost model's)">,
    Option<"tileRows", "tile-rows", "int64_t", /*default=*/"0",
           "Output rows per register tile (0: the cost model's; must divide "
           "each segment's rows)">,
    Option<"tileCols", "tile-cols", "int64_t", /*default=*/"0",
           "Output columns per register tile (0: the cost model's)">,
    Option<"tileChannels", "tile-channels", "int64_t", /*default=*/"0",
           "Output channels per register tile (0: the cost model's; keep it "
           "a power-of-two number of vectors)">,
    Option<"tileImages", "tile-images", "int64_t", /*default=*/"0",
           "Images per register tile (0: the cost model's)">,
    Option<"tileCi", "tile-ci", "int64_t", /*default=*/"0",
           "Input channels per block of a channel tile (0: the cost model's, "
           "from the L2 size)">,
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "1: serial; otherwise segments share their rows (or channel "
           "tiles) among threads">,
    Option<"minParallelFlops", "min-parallel-flops", "int64_t",
           /*default=*/"::mlir::tconv::Strategy::kDefaultMinParallelFlops",
           "Share among threads only contractions of at least this many "
           "flops (an OpenMP fork/join costs more than a small one's work)">
  ];
}

#endif // TCONV_STRATEGY_PASSES_TD
