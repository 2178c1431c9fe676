//===- TConvEnums.td - TConv enum attributes ---------------*- tablegen -*-===//
//
// Padding, data format, filter format and activation of conv2d_transpose.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_DIALECT_TCONVENUMS_TD
#define TCONV_DIALECT_TCONVENUMS_TD

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

#endif // TCONV_DIALECT_TCONVENUMS_TD
