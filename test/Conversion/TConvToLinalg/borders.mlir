// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=false borders=padded filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=PADDED
// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=false borders=exact filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=EXACT
// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=false filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=AUTO
// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=true borders=padded filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=GROUP
// RUN: tconv-opt %s --split-input-file --tconv-select-strategy="pack-filter=false borders=exact-rows filter-block=0" --tconv-to-linalg | FileCheck %s --check-prefix=ROWS

// Stride 2, kernel 4, 3 input rows: exact borders cut each phase into three
// segments per dimension (the first and last output see one tap); padded
// borders copy the input once into zeros one row and column wider on each
// side, and the four phases, with as many outputs and taps each, are one
// contraction over all their taps in an scf.forall over the phases: phase
// (gh, gw) writes outputs (gh + 2 q) and starts at filter tap (gh, gw).
// PADDED-LABEL: func.func @stride2_k4
// PADDED-SAME: %[[X:[a-z0-9]+]]: tensor<1x3x3x2xf32>, %[[W:[a-z0-9]+]]: tensor<4x4x6x2xf32>
// PADDED: %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x5x5x2xf32>)
// PADDED: %[[INNER:.+]] = tensor.extract_slice %[[ZEROS]][0, 1, 1, 0] [1, 3, 3, 2] [1, 1, 1, 1]
// PADDED: %[[COPY:.+]] = linalg.copy ins(%[[X]] : tensor<1x3x3x2xf32>) outs(%[[INNER]] : tensor<1x3x3x2xf32>)
// PADDED: %[[PADDED:.+]] = tensor.insert_slice %[[COPY]] into %[[ZEROS]][0, 1, 1, 0] [1, 3, 3, 2] [1, 1, 1, 1]
// PADDED: scf.forall (%[[GH:.+]], %[[GW:.+]]) in (2, 2) shared_outs(%[[OUT:.+]] = %{{.+}}) -> (tensor<1x8x8x6xf32>)
// PADDED: %[[PHASE:.+]] = tensor.extract_slice %[[OUT]][0, %[[GH]], %[[GW]], 0] [1, 4, 4, 6] [1, 2, 2, 1]
// PADDED: tensor.extract_slice %[[W]][%[[GH]], %[[GW]], 0, 0] [2, 2, 6, 2] [2, 2, 1, 1]
// PADDED: linalg.fill {{.*}} outs(%[[PHASE]] :
// PADDED: %[[SUM:.+]] = linalg.generic
// PADDED-SAME: ins(%[[PADDED]], %{{.+}} : tensor<1x5x5x2xf32>, tensor<2x2x6x2xf32>) outs(%{{.+}} : tensor<1x4x4x6xf32>)
// PADDED-NOT: linalg.generic
// PADDED: tensor.parallel_insert_slice %[[SUM]] into %[[OUT]][0, %[[GH]], %[[GW]], 0] [1, 4, 4, 6] [1, 2, 2, 1]
// PADDED-NOT: linalg.generic
// PADDED: return

// EXACT-LABEL: func.func @stride2_k4
// EXACT-NOT: linalg.copy
// EXACT-COUNT-36: linalg.generic
// EXACT-NOT: linalg.generic
// EXACT: return

// Exact rows, padded columns: the input is padded along the columns only;
// each phase's rows are cut into 3 segments (1, 2 and 1 rows: the first and
// last see one tap row), each one contraction over whole padded rows per
// column phase (2 column taps): 3 x 2 x 2 contractions, no scf.forall.
// ROWS-LABEL: func.func @stride2_k4
// ROWS-SAME: %[[X:[a-z0-9]+]]: tensor<1x3x3x2xf32>, %[[W:[a-z0-9]+]]: tensor<4x4x6x2xf32>
// ROWS: %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x3x5x2xf32>)
// ROWS: tensor.extract_slice %[[ZEROS]][0, 0, 1, 0] [1, 3, 3, 2] [1, 1, 1, 1]
// ROWS-NOT: scf.forall
// ROWS: tensor.extract_slice %[[W]][0, 0, 0, 0] [1, 2, 6, 2] [2, 2, 1, 1]
// ROWS: linalg.generic
// ROWS-SAME: tensor<1x1x5x2xf32>, tensor<1x2x6x2xf32>) outs(%{{.+}} : tensor<1x1x4x6xf32>)
// ROWS: tensor.extract_slice %[[W]][0, 0, 0, 0] [2, 2, 6, 2] [2, 2, 1, 1]
// ROWS: linalg.generic
// ROWS-SAME: tensor<1x3x5x2xf32>, tensor<2x2x6x2xf32>) outs(%{{.+}} : tensor<1x2x4x6xf32>)
// ROWS-COUNT-9: linalg.generic
// ROWS-NOT: linalg.generic
// ROWS: return

// Six output channels would call for padding, but on 3 inputs it would add
// 78% multiply-adds (16 x 16 tap products instead of 12 x 12): auto keeps
// the borders exact.
// AUTO-LABEL: func.func @stride2_k4
// AUTO-NOT: linalg.copy
// AUTO-COUNT-36: linalg.generic
func.func @stride2_k4(%x: tensor<1x3x3x2xf32>, %w: tensor<4x4x6x2xf32>) -> tensor<1x8x8x6xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid : (tensor<1x3x3x2xf32>, tensor<4x4x6x2xf32>) -> tensor<1x8x8x6xf32>
  return %y : tensor<1x8x8x6xf32>
}

// -----

// Channels first: the padding goes on the last two dimensions.
// PADDED-LABEL: func.func @nchw
// PADDED: linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<2x3x6x7xf32>)
// PADDED: tensor.extract_slice %{{.+}}[0, 0, 1, 1] [2, 3, 4, 5] [1, 1, 1, 1]
// PADDED: linalg.copy
// EXACT-LABEL: func.func @nchw
// EXACT-NOT: linalg.copy
func.func @nchw(%x: tensor<2x3x4x5xf32>, %w: tensor<3x3x4x3xf32>) -> tensor<2x4x9x11xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = valid data_format = channels_first : (tensor<2x3x4x5xf32>, tensor<3x3x4x3xf32>) -> tensor<2x4x9x11xf32>
  return %y : tensor<2x4x9x11xf32>
}

// -----

// Kernel 16, stride 8 (FCN's 8x upsampling): 9 segments per phase exact,
// 576 contractions; auto pads (6% more multiply-adds): 64 phases of 2 x 2
// taps, one contraction in a forall over them.
// AUTO-LABEL: func.func @fcn_up8
// AUTO: linalg.copy
// AUTO: scf.forall (%{{.+}}, %{{.+}}) in (8, 8)
// AUTO: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]
// AUTO-SAME: tensor<1x8x8x1xf32>, tensor<2x2x1x1xf32>) outs(%{{.+}} : tensor<1x7x7x1xf32>)
// AUTO-NOT: "reduction"
// AUTO: return
func.func @fcn_up8(%x: tensor<1x6x6x1xf32>, %w: tensor<16x16x1x1xf32>) -> tensor<1x56x56x1xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [8, 8] padding = valid : (tensor<1x6x6x1xf32>, tensor<16x16x1x1xf32>) -> tensor<1x56x56x1xf32>
  return %y : tensor<1x56x56x1xf32>
}

// -----

// Dilation 100: padded phases would read 200 zeros before and after a
// 4-column input; even borders=padded keeps exact borders then.
// PADDED-LABEL: func.func @large_dilation
// PADDED-NOT: linalg.copy
// PADDED: return
func.func @large_dilation(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2x2xf32>) -> tensor<1x204x204x2xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [1, 1] padding = valid dilations = [100, 100] : (tensor<1x4x4x2xf32>, tensor<3x3x2x2xf32>) -> tensor<1x204x204x2xf32>
  return %y : tensor<1x204x204x2xf32>
}

// -----

// Same padding, stride 2, kernel 4: phase 0 starts at tap 1 and input 0,
// phase 1 at tap 0 and input 1. One group all the same: with the reversed
// packed filter, phase g reads packed taps from g and input from g.
// GROUP-LABEL: func.func @same_k4_groups
// GROUP: scf.forall (%[[GH:.+]], %[[GW:.+]]) in (2, 2) shared_outs(%[[OUT:.+]] = %{{.+}})
// GROUP: tensor.extract_slice %[[OUT]][0, %[[GH]], %[[GW]], 0] [1, 4, 4, 16] [1, 2, 2, 1]
// GROUP: tensor.extract_slice %{{.+}}[0, %[[GH]], %[[GW]], 0] [1, 5, 5, 2] [1, 1, 1, 1] : tensor<1x6x6x2xf32> to tensor<1x5x5x2xf32>
// GROUP: tensor.extract_slice %{{.+}}[%[[GH]], %[[GW]], 0, 0] [2, 2, 2, 16] [2, 2, 1, 1] : tensor<4x4x2x16xf32> to tensor<2x2x2x16xf32>
// GROUP: linalg.generic
// GROUP-NOT: linalg.generic
// GROUP: tensor.parallel_insert_slice
// GROUP: return
func.func @same_k4_groups(%x: tensor<1x4x4x2xf32>, %w: tensor<4x4x16x2xf32>) -> tensor<1x8x8x16xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x2xf32>, tensor<4x4x16x2xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// -----

// Six output channels (columns-inner accumulators) and f16 (f32
// accumulators): a segment's own buffer inside an scf.forall would never
// be freed by buffer deallocation, so these phases stay one contraction
// each.
// GROUP-LABEL: func.func @same_k4_columns_inner
// GROUP-NOT: scf.forall
// GROUP-COUNT-4: "reduction", "reduction", "reduction"
// GROUP-NOT: scf.forall
// GROUP: return
func.func @same_k4_columns_inner(%x: tensor<1x4x4x2xf32>, %w: tensor<4x4x6x2xf32>) -> tensor<1x8x8x6xf32> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x2xf32>, tensor<4x4x6x2xf32>) -> tensor<1x8x8x6xf32>
  return %y : tensor<1x8x8x6xf32>
}

// -----

// GROUP-LABEL: func.func @same_k4_f16
// GROUP-NOT: scf.forall
// GROUP-COUNT-4: "reduction", "reduction", "reduction"
// GROUP-NOT: scf.forall
// GROUP: return
func.func @same_k4_f16(%x: tensor<1x4x4x2xf16>, %w: tensor<4x4x16x2xf16>) -> tensor<1x8x8x16xf16> {
  %y = tconv.conv2d_transpose %x, %w strides = [2, 2] padding = same : (tensor<1x4x4x2xf16>, tensor<4x4x16x2xf16>) -> tensor<1x8x8x16xf16>
  return %y : tensor<1x8x8x16xf16>
}
