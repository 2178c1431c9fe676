//===- TConvAttrs.td - TConv enums and attributes ----------*- tablegen -*-===//
//
// The layer's enums (padding, data format, filter format, activation) and
// the lowering's attributes (target, strategy).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVATTRS_TD
#define TCONV_DIALECT_TCONVATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "TConv/Dialect/TConvDialect.td"

def TConv_PaddingValid    : I32EnumAttrCase<"Valid", 0, "valid">;
def TConv_PaddingSame     : I32EnumAttrCase<"Same", 1, "same">;
def TConv_PaddingExplicit : I32EnumAttrCase<"Explicit", 2, "explicit">;
def TConv_Padding : I32EnumAttr<"Padding", "padding scheme (TensorFlow)",
    [TConv_PaddingValid, TConv_PaddingSame, TConv_PaddingExplicit]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tconv";
}
def TConv_PaddingAttr : EnumAttr<TConv_Dialect, TConv_Padding, "padding">;

def TConv_ChannelsLast  : I32EnumAttrCase<"ChannelsLast", 0, "channels_last">;
def TConv_ChannelsFirst : I32EnumAttrCase<"ChannelsFirst", 1, "channels_first">;
def TConv_DataFormat : I32EnumAttr<"DataFormat",
    "layout of input and output: NHWC (channels_last) or NCHW (channels_first)",
    [TConv_ChannelsLast, TConv_ChannelsFirst]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tconv";
}
def TConv_DataFormatAttr
    : EnumAttr<TConv_Dialect, TConv_DataFormat, "data_format">;

def TConv_FilterHWOI : I32EnumAttrCase<"HWOI", 0, "hwoi">;
def TConv_FilterIOHW : I32EnumAttrCase<"IOHW", 1, "iohw">;
def TConv_FilterOHWI : I32EnumAttrCase<"OHWI", 2, "ohwi">;
def TConv_FilterFormat : I32EnumAttr<"FilterFormat",
    "filter layout: hwoi (TensorFlow [KH,KW,Cout,Cin]), iohw (PyTorch, ONNX), "
    "ohwi (TOSA, XNNPACK)",
    [TConv_FilterHWOI, TConv_FilterIOHW, TConv_FilterOHWI]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tconv";
}
def TConv_FilterFormatAttr
    : EnumAttr<TConv_Dialect, TConv_FilterFormat, "filter_format">;

def TConv_ActNone        : I32EnumAttrCase<"None", 0, "none">;
def TConv_ActRelu        : I32EnumAttrCase<"Relu", 1, "relu">;
def TConv_ActRelu6       : I32EnumAttrCase<"Relu6", 2, "relu6">;
def TConv_ActLeakyRelu   : I32EnumAttrCase<"LeakyRelu", 3, "leaky_relu">;
def TConv_ActElu         : I32EnumAttrCase<"Elu", 4, "elu">;
def TConv_ActSelu        : I32EnumAttrCase<"Selu", 5, "selu">;
def TConv_ActSigmoid     : I32EnumAttrCase<"Sigmoid", 6, "sigmoid">;
def TConv_ActHardSigmoid : I32EnumAttrCase<"HardSigmoid", 7, "hard_sigmoid">;
def TConv_ActTanh        : I32EnumAttrCase<"Tanh", 8, "tanh">;
def TConv_ActSoftplus    : I32EnumAttrCase<"Softplus", 9, "softplus">;
def TConv_ActSoftsign    : I32EnumAttrCase<"Softsign", 10, "softsign">;
def TConv_ActSwish       : I32EnumAttrCase<"Swish", 11, "swish">;
def TConv_ActGelu        : I32EnumAttrCase<"Gelu", 12, "gelu">;
def TConv_Activation : I32EnumAttr<"Activation",
    "Keras activation applied after the bias",
    [TConv_ActNone, TConv_ActRelu, TConv_ActRelu6, TConv_ActLeakyRelu,
     TConv_ActElu, TConv_ActSelu, TConv_ActSigmoid, TConv_ActHardSigmoid,
     TConv_ActTanh, TConv_ActSoftplus, TConv_ActSoftsign, TConv_ActSwish,
     TConv_ActGelu]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tconv";
}
def TConv_ActivationAttr
    : EnumAttr<TConv_Dialect, TConv_Activation, "activation">;


//===----------------------------------------------------------------------===//
// Lowering decisions: the target they are made for, and the strategy made.
//===----------------------------------------------------------------------===//

def TConv_BordersExact : I32EnumAttrCase<"Exact", 0, "exact">;
def TConv_BordersPadded : I32EnumAttrCase<"Padded", 1, "padded">;
def TConv_BordersExactRows : I32EnumAttrCase<"ExactRows", 2, "exact_rows">;
def TConv_Borders : I32EnumAttr<"Borders",
    "how the decomposition treats the outputs near the input border",
    [TConv_BordersExact, TConv_BordersPadded, TConv_BordersExactRows]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tconv";
}
def TConv_BordersAttr : EnumAttr<TConv_Dialect, TConv_Borders, "borders">;

def TConv_ThreadsNone : I32EnumAttrCase<"None", 0, "none">;
def TConv_ThreadsRows : I32EnumAttrCase<"Rows", 1, "rows">;
def TConv_ThreadsChannels : I32EnumAttrCase<"Channels", 2, "channels">;
def TConv_ThreadSharing : I32EnumAttr<"ThreadSharing",
    "what the threads of a segment share: nothing (serial), its output rows "
    "or its output channel tiles",
    [TConv_ThreadsNone, TConv_ThreadsRows, TConv_ThreadsChannels]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tconv";
}
def TConv_ThreadSharingAttr
    : EnumAttr<TConv_Dialect, TConv_ThreadSharing, "threads">;

class TConv_Attr<string name, string attrMnemonic>
    : AttrDef<TConv_Dialect, name> {
  let mnemonic = attrMnemonic;
}

/// Sizes printed and parsed as a bracketed list, [8, 16, 32, 1].
def TConv_TileSizesParameter : OptionalArrayRefParameter<"int64_t"> {
  let parser = "::mlir::tconv::parseTileSizes($_parser)";
  let printer = "::mlir::tconv::printTileSizes($_printer, $_self)";
}

def TConv_TargetAttr : TConv_Attr<"Target", "target"> {
  let summary = "The CPU that lowering decisions are made for";
  let description = [{
    The vector registers, FMA pipes, caches and cores of the CPU the code
    is generated for. `tconv-set-target` puts it on the module as
    `tconv.target` (the host's, or one given); the decisions of
    `tconv-select-strategy` and `tconv-prefetch` read it from there, so a
    module that carries its target lowers the same on every machine.
    `vector_bits` is the widest vector register (128, 256 or 512),
    `registers` their number, `fma_pipes` the vector FMAs issued per cycle,
    `l1`/`l2`/`l3` the data cache bytes per core (L3: shared), `cores` the
    cores the code may use.

    ```mlir
    module attributes {tconv.target = #tconv.target<vector_bits = 512,
        registers = 32, fma_pipes = 2, l1 = 49152, l2 = 1048576,
        l3 = 33554432, cores = 2>} { ... }
    ```
  }];
  let parameters = (ins "int64_t":$vector_bits, "int64_t":$registers,
                        "int64_t":$fma_pipes, "int64_t":$l1, "int64_t":$l2,
                        "int64_t":$l3, "int64_t":$cores);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def TConv_StrategyAttr : TConv_Attr<"Strategy", "strategy"> {
  let summary = "How one tconv.conv2d_transpose is lowered";
  let description = [{
    Every layer-wide choice of the lowering, made by `tconv-select-strategy`
    (or written by hand, which overrides the cost model) and read by the
    passes after it:
    - `borders`: `exact` segments (no multiply by zero), one `padded`
      segment per phase, or `exact_rows` (exact rows, padded columns);
    - `pack_filter`: copy the filter once into `[KH, KW, Cin, Cout]` so the
      contractions can be tiled and vectorized (off: plain loops);
    - `filter_block`: output channels per block of the packed filter
      (`[Cout / B, KH, KW, Cin, B]`), 0 for none;
    - `fold_columns`: one contraction computes every column phase, side by
      side along the channels (where the layer's column phases read the
      same input columns with as many taps; no effect elsewhere);
    - `tile`: `[rows, cols, channels, images]` of every register tile, each
      0 to leave it to the cost model (per segment);
    - `ci_block`: input channels per block of a channel tile whose filter
      slice would not stay in L2 (0: the cost model's);
    - `threads`: whether segments share their rows or channel tiles among
      threads (`parallel`), for contractions of at least
      `min_parallel_flops`.
    `tconv-to-linalg` copies it onto the segment contractions it builds
    (`tconv.strategy`), where `tconv-tile` reads it.

    ```mlir
    %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same
         {strategy = #tconv.strategy<borders = padded, filter_block = 32,
                                     tile = [1, 8, 32, 0]>}
         : (tensor<1x8x8x64xf32>, tensor<4x4x32x64xf32>) -> tensor<1x16x16x32xf32>
    ```
  }];
  let parameters = (ins
    "::mlir::tconv::Borders":$borders,
    DefaultValuedParameter<"bool", "true">:$pack_filter,
    DefaultValuedParameter<"int64_t", "0">:$filter_block,
    DefaultValuedParameter<"bool", "false">:$fold_columns,
    TConv_TileSizesParameter:$tile,
    DefaultValuedParameter<"int64_t", "0">:$ci_block,
    DefaultValuedParameter<"bool", "false">:$parallel,
    DefaultValuedParameter<"int64_t", "1048576">:$min_parallel_flops
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // TCONV_DIALECT_TCONVATTRS_TD
