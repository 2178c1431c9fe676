// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=false borders=exact filter-block=0" --tconv-to-linalg | FileCheck %s
// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=true borders=exact filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=PACK

// Stride 1 is one phase; "same" crops one row/column, so borders become
// segments with fewer taps and no contraction reads outside the input.
// CHECK-DAG: #[[IN_TL:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 - d3 + 1, d2 - d4 + 1, d5)>
// CHECK-DAG: #[[HWOI:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d6, d5)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-DAG: #[[IN_MID:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 - d3 + 2, d2 - d4 + 2, d5)>
// CHECK-LABEL: func.func @stride1_same
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x2xf32>, %[[W:[a-z0-9]+]]: tensor<3x3x5x2xf32>
// CHECK: %[[DEST:.+]] = tensor.empty() : tensor<1x4x4x5xf32>
// Top-left corner: output (0, 0) sees taps 0..1 x 0..1 of input rows/cols 0..1.
// CHECK: tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1]
// CHECK: tensor.extract_slice %[[W]][0, 0, 0, 0] [2, 2, 5, 2] [1, 1, 1, 1]
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[IN_TL]], #[[HWOI]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// Interior: every tap, the whole input and filter.
// CHECK: linalg.generic {indexing_maps = [#[[IN_MID]], #[[HWOI]], #[[OUT]]]
// CHECK-SAME: ins(%[[X]], %[[W]] : tensor<1x4x4x2xf32>, tensor<3x3x5x2xf32>)
// CHECK-SAME: outs(%{{.+}} : tensor<1x2x2x5xf32>)
// CHECK-NOT: tconv.conv2d_transpose
func.func @stride1_same(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x5x2xf32>) -> tensor<1x4x4x5xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = same : (tensor<1x4x4x2xf32>, tensor<3x3x5x2xf32>) -> tensor<1x4x4x5xf32>
  return %y : tensor<1x4x4x5xf32>
}

// -----

// Stride 2 with a 4x4 kernel: even outputs take taps 0 and 2, odd outputs
// taps 1 and 3, read through filter slices with stride 2; phase outputs are
// written with stride 2. With 3 input rows, the first and last output of a
// phase see one tap only.
// CHECK-LABEL: func.func @stride2_k4_even_phases
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x3x3x2xf32>, %[[W:[a-z0-9]+]]: tensor<4x4x6x2xf32>
// CHECK: %[[DEST:.+]] = tensor.empty() : tensor<1x8x8x6xf32>
// CHECK: %[[ROWS:.+]] = tensor.extract_slice %[[DEST]][0, 0, 0, 0] [1, 1, 8, 6] [1, 2, 1, 1]
// CHECK: tensor.extract_slice %[[ROWS]][0, 0, 0, 0] [1, 1, 1, 6] [1, 1, 2, 1]
// CHECK: tensor.extract_slice %[[W]][0, 0, 0, 0] [1, 1, 6, 2] [2, 2, 1, 1]
// CHECK: tensor.extract_slice %[[W]][0, 0, 0, 0] [2, 2, 6, 2] [2, 2, 1, 1]
// CHECK: tensor.extract_slice %[[W]][1, 1, 0, 0] [2, 2, 6, 2] [2, 2, 1, 1]
// CHECK: tensor.extract_slice %[[W]][3, 3, 0, 0] [1, 1, 6, 2] [2, 2, 1, 1]
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 7, 0, 0] [1, 1, 8, 6] [1, 2, 1, 1]
func.func @stride2_k4_even_phases(%x: tensor<1x3x3x2xf32>, %w: tensor<4x4x6x2xf32>) -> tensor<1x8x8x6xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x3x3x2xf32>, tensor<4x4x6x2xf32>) -> tensor<1x8x8x6xf32>
  return %y : tensor<1x8x8x6xf32>
}

// -----

// k=5, s=2, same on 2 inputs (pad_before 1): even outputs take the odd taps
// 1 and 3, odd outputs the even taps 0, 2, 4; each output sees only the taps
// that meet a real input.
// CHECK-LABEL: func.func @stride2_k5_uneven_phases
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x2x2x1xf32>, %[[W:[a-z0-9]+]]: tensor<5x5x1x1xf32>
// CHECK-DAG: tensor.extract_slice %[[W]][1, 1, 0, 0] [1, 1, 1, 1] [2, 2, 1, 1]
// CHECK-DAG: tensor.extract_slice %[[W]][1, 1, 0, 0] [2, 2, 1, 1] [2, 2, 1, 1]
// CHECK-DAG: tensor.extract_slice %[[W]][0, 0, 0, 0] [2, 2, 1, 1] [2, 2, 1, 1]
// CHECK-DAG: tensor.extract_slice %[[W]][2, 2, 0, 0] [2, 2, 1, 1] [2, 2, 1, 1]
func.func @stride2_k5_uneven_phases(%x: tensor<1x2x2x1xf32>, %w: tensor<5x5x1x1xf32>) -> tensor<1x4x4x1xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x2x2x1xf32>, tensor<5x5x1x1xf32>) -> tensor<1x4x4x1xf32>
  return %y : tensor<1x4x4x1xf32>
}

// -----

// Kernel smaller than the stride: the outputs no tap reaches get bias and
// activation only, from one elementwise op over the whole output (not one
// per empty phase); the one phase with a tap then overwrites its part.
// CHECK-DAG: #[[BIAS:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @kernel_smaller_than_stride
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x2x2x3xf32>, %[[W:[a-z0-9]+]]: tensor<1x1x4x3xf32>, %[[B:[a-z0-9]+]]: tensor<4xf32>
// relu(bias) everywhere:
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<1x6x6x4xf32>
// CHECK: %[[FILLED:.+]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID]]], {{.*}}} ins(%[[B]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<1x6x6x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[R:.+]] = arith.maximumf %[[IN]], %{{.+}} : f32
// CHECK-NEXT: linalg.yield %[[R]]
// The one tap: bias broadcast, contraction, relu, into the filled output.
// CHECK: tensor.extract_slice %[[FILLED]][0, 0, 0, 0] [1, 2, 6, 4] [1, 3, 1, 1]
// CHECK: linalg.generic {indexing_maps = [#[[BIAS]], #[[ID]]], {{.*}}} ins(%[[B]] : tensor<4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[X]], %{{.+}} : tensor<1x2x2x3xf32>, tensor<1x1x4x3xf32>)
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @kernel_smaller_than_stride(%x: tensor<1x2x2x3xf32>, %w: tensor<1x1x4x3xf32>, %b: tensor<4xf32>) -> tensor<1x6x6x4xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [3, 3] padding = valid activation = relu : (tensor<1x2x2x3xf32>, tensor<1x1x4x3xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

// Dilation 2 with stride 1: consecutive taps read input rows 2 apart.
// CHECK-DAG: #[[DIL:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 - d3 * 2 + 2, d2 - d4, d5)>
// CHECK-LABEL: func.func @dilation
// CHECK: linalg.generic {indexing_maps = [#[[DIL]],
func.func @dilation(%x: tensor<1x5x5x1xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x7x5x1xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid dilations = [2, 1] : (tensor<1x5x5x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x7x5x1xf32>
  return %y : tensor<1x7x5x1xf32>
}

// -----

// channels_first: the same decomposition through NCHW indexing maps; the
// output slices stride the last two dimensions.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d5, d1 - d3, d2 - d4)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d6, d1, d2)>
// CHECK-LABEL: func.func @channels_first
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0, 0] [1, 4, 2, 4] [1, 1, 2, 1]
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #{{.+}}, #[[OUT]]]
func.func @channels_first(%x: tensor<1x3x2x2xf32>, %w: tensor<2x2x4x3xf32>) -> tensor<1x4x4x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid data_format = channels_first : (tensor<1x3x2x2xf32>, tensor<2x2x4x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Explicit pads crop pads[top] rows and pads[left] columns of the full result:
// the first output row is full row 1, which only tap 1 reaches.
// CHECK-LABEL: func.func @explicit_pads
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x2x2x1xf32>, %[[W:[a-z0-9]+]]: tensor<2x2x1x1xf32>
// CHECK: tensor.extract_slice %[[W]][1, 0, 0, 0] [1, 1, 1, 1] [2, 2, 1, 1]
func.func @explicit_pads(%x: tensor<1x2x2x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x3x4x1xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = explicit pads = [1, 0, 0, 0] : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x3x4x1xf32>
  return %y : tensor<1x3x4x1xf32>
}

// -----

// Each filter format is read in place through its indexing map.
// CHECK-DAG: #[[IOHW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d5, d6, d3, d4)>
// CHECK-DAG: #[[OHWI:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d6, d3, d4, d5)>
// CHECK-LABEL: func.func @filter_iohw
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0, 0] [3, 4, 1, 1] [1, 1, 2, 2]
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[IOHW]], #{{.+}}]
// CHECK-NOT: linalg.transpose
func.func @filter_iohw(%x: tensor<1x2x2x3xf32>, %w: tensor<3x4x2x2xf32>) -> tensor<1x4x4x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid filter_format = iohw : (tensor<1x2x2x3xf32>, tensor<3x4x2x2xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
// CHECK-LABEL: func.func @filter_ohwi
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0, 0] [4, 1, 1, 3] [1, 2, 2, 1]
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[OHWI]], #{{.+}}]
// CHECK-NOT: linalg.transpose
func.func @filter_ohwi(%x: tensor<1x2x2x3xf32>, %w: tensor<4x2x2x3xf32>) -> tensor<1x4x4x4xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid filter_format = ohwi : (tensor<1x2x2x3xf32>, tensor<4x2x2x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Bias initialises the accumulator; the activation is an epilogue on the
// segment, before anything is written back.
// CHECK-LABEL: func.func @bias_leaky_relu
// CHECK-DAG: %[[SLOPE:.+]] = arith.constant 3.000000e-01 : f32
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.generic {{.*}} ins(%{{.+}} : tensor<2xf32>)
// CHECK: %[[ACC:.+]] = linalg.generic {{.*}} outs(%[[INIT]] : tensor<1x2x2x2xf32>)
// CHECK: %[[ACT:.+]] = linalg.generic {{.*}} outs(%[[ACC]] : tensor<1x2x2x2xf32>)
// CHECK-NEXT: ^bb0(%[[V:.+]]: f32):
// CHECK-NEXT: %[[POS:.+]] = arith.cmpf ogt, %[[V]], %[[ZERO]]
// CHECK-NEXT: %[[NEG:.+]] = arith.mulf %[[V]], %[[SLOPE]]
// CHECK-NEXT: %[[R:.+]] = arith.select %[[POS]], %[[V]], %[[NEG]]
// CHECK-NEXT: linalg.yield %[[R]]
// CHECK: tensor.insert_slice %[[ACT]]
func.func @bias_leaky_relu(%x: tensor<1x2x2x1xf32>, %w: tensor<2x2x2x1xf32>, %b: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  %y = tconv.conv2d_transpose %x, %w, %b strides = [2, 2] padding = valid activation = leaky_relu alpha = 0.3 : (tensor<1x2x2x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Dynamic batch: slices take the batch from the input.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x2x2x1xf32>
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x2x2x1xf32>
// CHECK: tensor.empty(%[[N]]) : tensor<?x4x4x3xf32>
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0, 0] [%[[N]], 2, 2, 3] [1, 1, 2, 1]
func.func @dynamic_batch(%x: tensor<?x2x2x1xf32>, %w: tensor<2x2x3x1xf32>) -> tensor<?x4x4x3xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<?x2x2x1xf32>, tensor<2x2x3x1xf32>) -> tensor<?x4x4x3xf32>
  return %y : tensor<?x4x4x3xf32>
}

// -----

// f16 accumulates in f32 and is narrowed in the epilogue.
// CHECK-LABEL: func.func @f16_accumulates_in_f32
// CHECK: %[[ACC:.+]] = tensor.empty() : tensor<1x2x2x2xf32>
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%[[ACC]] : tensor<1x2x2x2xf32>)
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK: arith.truncf %{{.+}} : f32 to f16
func.func @f16_accumulates_in_f32(%x: tensor<1x2x2x1xf16>, %w: tensor<2x2x2x1xf16>) -> tensor<1x4x4x2xf16> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x2x2x1xf16>, tensor<2x2x2x1xf16>) -> tensor<1x4x4x2xf16>
  return %y : tensor<1x4x4x2xf16>
}

// -----

// A result materialized into a memref is computed straight into it.
// CHECK-LABEL: func.func @into_destination
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<1x4x4x2xf32>
// CHECK: %[[DEST:.+]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK-NOT: tensor.empty
// CHECK: tensor.extract_slice %[[DEST]]
// CHECK: bufferization.materialize_in_destination %{{.+}} in restrict writable %[[OUT]]
func.func @into_destination(%x: tensor<1x2x2x1xf32>, %w: tensor<2x2x2x1xf32>, %out: memref<1x4x4x2xf32>) {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x2x2x1xf32>, tensor<2x2x2x1xf32>) -> tensor<1x4x4x2xf32>
  bufferization.materialize_in_destination %y in restrict writable %out : (tensor<1x4x4x2xf32>, memref<1x4x4x2xf32>) -> ()
  return
}

// -----

// pack-filter: the filter is copied once into [KH, KW, Cin, Cout] with the
// taps reversed (iohw [ci, co, h, w] read at [ci, co, 1 - kh, 1 - kw]), and
// the contractions read that, output channels innermost, input rows and
// columns increasing with the reversed taps (q + t). (16 channels fill
// their vectors: no column phases folded into them.)
// PACK-DAG: #[[REVERSE:.+]] = affine_map<(d0, d1, d2, d3) -> (d2, d3, -d0 + 1, -d1 + 1)>
// PACK-DAG: #[[INPUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// PACK-DAG: #[[PACKED:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// PACK-LABEL: func.func @pack_iohw
// PACK-SAME: %[[W:[a-z0-9]+]]: tensor<3x16x2x2xf32>
// PACK: %[[INIT:.+]] = tensor.empty() : tensor<2x2x3x16xf32>
// PACK: %[[P:.+]] = linalg.generic {indexing_maps = [#[[REVERSE]], #{{.+}}]{{.*}} ins(%[[W]] : tensor<3x16x2x2xf32>) outs(%[[INIT]] : tensor<2x2x3x16xf32>)
// PACK: tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 1, 3, 16] [2, 2, 1, 1]
// PACK: linalg.generic {indexing_maps = [#[[INPUT]], #[[PACKED]], #{{.+}}]
func.func @pack_iohw(%x: tensor<1x2x2x3xf32>, %w: tensor<3x16x2x2xf32>) -> tensor<1x4x4x16xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid filter_format = iohw : (tensor<1x2x2x3xf32>, tensor<3x16x2x2xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// -----

// A multiple of 64 output channels: packed rows get 16 unused channels, so
// the rows' pitch is not a power of two (no cache-set conflicts); the
// contractions read the first 64.
// PACK-LABEL: func.func @pack_padded_rows
// PACK: %[[INIT:.+]] = tensor.empty() : tensor<2x2x3x80xf32>
// PACK: %[[ROWS:.+]] = tensor.extract_slice %[[INIT]][0, 0, 0, 0] [2, 2, 3, 64] [1, 1, 1, 1]
// PACK: %[[COPY:.+]] = linalg.generic {{.*}} outs(%[[ROWS]] : tensor<2x2x3x64xf32>)
// PACK: %[[P:.+]] = tensor.insert_slice %[[COPY]] into %[[INIT]][0, 0, 0, 0] [2, 2, 3, 64] [1, 1, 1, 1]
// PACK: tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 1, 3, 64] [2, 2, 1, 1] : tensor<2x2x3x80xf32> to tensor<1x1x3x64xf32>
func.func @pack_padded_rows(%x: tensor<1x2x2x3xf32>, %w: tensor<2x2x64x3xf32>) -> tensor<1x4x4x64xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x2x2x3xf32>, tensor<2x2x64x3xf32>) -> tensor<1x4x4x64xf32>
  return %y : tensor<1x4x4x64xf32>
}

// -----

// Three output channels (NHWC, packed): output columns go along the
// vectors. The input is copied channel-major per row ([N, H, Cin, W]), the
// segment accumulates in [N, QH, Cout, QW] with loops
// (n, qh, co | th, tw, ci | qw), and the epilogue transposes back into the
// NHWC output.
// PACK-DAG: #[[TRANSPOSE:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3, d2)>
// PACK-DAG: #[[COLS_IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d5, d4 + d6)>
// PACK-DAG: #[[COLS_W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d2)>
// PACK-DAG: #[[COLS_ACC:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// PACK-LABEL: func.func @few_channels
// PACK-SAME: %[[X:[a-z0-9]+]]: tensor<1x3x4x5xf32>
// PACK: linalg.generic {indexing_maps = [#[[TRANSPOSE]], #{{.+}}]{{.*}} ins(%[[X]] : tensor<1x3x4x5xf32>) outs(%{{.+}} : tensor<1x3x5x4xf32>)
// PACK: %[[ACC:.+]] = tensor.empty() : tensor<1x3x3x4xf32>
// PACK: %[[CONV:.+]] = linalg.generic {indexing_maps = [#[[COLS_IN]], #[[COLS_W]], #[[COLS_ACC]]]
// PACK-SAME: outs(%{{.+}} : tensor<1x3x3x4xf32>)
// PACK: linalg.generic {indexing_maps = [#[[TRANSPOSE]], #{{.+}}]{{.*}} ins(%[[CONV]] : tensor<1x3x3x4xf32>) outs(%{{.+}} : tensor<1x3x4x3xf32>)
func.func @few_channels(%x: tensor<1x3x4x5xf32>, %w: tensor<1x1x3x5xf32>) -> tensor<1x6x8x3xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x3x4x5xf32>, tensor<1x1x3x5xf32>) -> tensor<1x6x8x3xf32>
  return %y : tensor<1x6x8x3xf32>
}
