//===- Peers.h - What tconv-bench measures TConv against --------*- C++ -*-===//
//
// A peer computes a layer in its own way; tconv-bench checks its result
// against the reference, then times it beside TConv's.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TOOLS_TCONV_BENCH_PEERS_H
#define TCONV_TOOLS_TCONV_BENCH_PEERS_H

#include "TConv/Dialect/Conv2DTransposeLayer.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace mlir::tconv::bench {

/// A peer: prepares once for a layer (weights reordered etc.), then runs.
struct Peer {
  std::string name;
  /// Returns a callable that computes the layer from `x`, `w` into `y`, or
  /// an error when the peer cannot run this layer.
  std::function<llvm::Expected<std::function<void()>>(
      const Conv2DTransposeLayer &, const float *x, const float *w, float *y)>
      prepare;
};

/// TF's [KH, KW, Cout, Cin] filter as [Cout, KH, KW, Cin] (XNNPACK's and
/// TOSA's order).
std::vector<float> getFilterOHWI(const Conv2DTransposeLayer &layer,
                                 const float *filter);

/// The reference loops, as the slowest sensible baseline.
Peer makeNaivePeer();
/// oneDNN's deconvolution primitive (built with TCONV_HAVE_DNNL).
Peer makeOneDNNPeer();
/// XNNPACK's deconvolution operator (built with TCONV_HAVE_XNNPACK), on a
/// pthreadpool of `threads` when more than one.
Peer makeXNNPACKPeer(unsigned threads);
/// Upstream MLIR's path for the layer: `tosa.transpose_conv2d`, TOSA's own
/// decomposition and tosa-to-linalg, the stride-1 convolution tiled and
/// vectorized with upstream's conv decomposition, JIT-compiled on `threads`.
Peer makeTosaPeer(unsigned threads);
/// The same `tosa.transpose_conv2d` imported by tosa-to-tconv and compiled
/// by TConv (weights prepared once, as for the other rows).
Peer makeTosaImportPeer(unsigned threads);
/// The layer as the zero-insertion idiom (the input inserted at the stride
/// into zeros, a stride-1 linalg.conv_2d_nhwc_hwcf with the flipped kernel)
/// on upstream's convolution path, as for TOSA's.
Peer makeIdiomPeer(unsigned threads);
/// The same idiom raised by tconv-raise-dilated-conv and compiled by TConv.
Peer makeIdiomRaisedPeer(unsigned threads);

} // namespace mlir::tconv::bench

#endif // TCONV_TOOLS_TCONV_BENCH_PEERS_H
