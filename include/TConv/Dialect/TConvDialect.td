//===- TConvDialect.td - TConv dialect definition ----------*- tablegen -*-===//
//
// The tconv dialect: TensorFlow-style transposed convolution as one op that
// keeps every attribute of the layer, so passes can pick a lowering.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVDIALECT_TD
#define TCONV_DIALECT_TCONVDIALECT_TD

include "mlir/IR/OpBase.td"

def TConv_Dialect : Dialect {
  let name = "tconv";
  let summary = "TensorFlow-compatible 2-D transposed convolution";
  let description = [{
    The `tconv` dialect holds `tconv.conv2d_transpose`, an op with the
    semantics of TensorFlow's `tf.compat.v1.layers.conv2d_transpose` and
    `tf.nn.conv2d_transpose`. It is lowered to linalg by `--tconv-to-linalg`
    with a polyphase decomposition that never multiplies by inserted zeros
    (the zeros of padded phase borders, where the strategy pads them, are
    multiplied). `#tconv.target` describes the CPU code is generated for,
    `#tconv.strategy` how one op is lowered for it.
  }];
  let cppNamespace = "::mlir::tconv";
  let useDefaultAttributePrinterParser = 1;
  // tconv.target on a module, tconv.strategy on a segment contraction,
  // tconv.register_tile on the ops of a register tile.
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Names of the discardable attributes the dialect verifies.
    static constexpr ::llvm::StringLiteral kTargetAttrName = "tconv.target";
    static constexpr ::llvm::StringLiteral kStrategyAttrName =
        "tconv.strategy";
    static constexpr ::llvm::StringLiteral kRegisterTileAttrName =
        "tconv.register_tile";
  }];
  // tensor.dim reifies the dynamic batch of the result.
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

/// Base class of every tconv op.
class TConv_Op<string mnemonic, list<Trait> traits = []>
    : Op<TConv_Dialect, mnemonic, traits>;

#endif // TCONV_DIALECT_TCONVDIALECT_TD
