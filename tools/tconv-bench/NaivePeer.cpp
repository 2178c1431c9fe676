//===- NaivePeer.cpp - The reference loops as a benchmark peer ------------===//

#include "Peers.h"

#include "TConv/Reference/Conv2DTranspose.h"

using namespace mlir;
using namespace mlir::tconv;
using namespace mlir::tconv::bench;

/// The reference loops, as the slowest sensible baseline.
Peer bench::makeNaivePeer() {
  return {"naive",
          [](const Conv2DTransposeLayer &l, const float *x, const float *w,
             float *y) -> llvm::Expected<std::function<void()>> {
            return std::function<void()>([=] {
              reference::conv2DTranspose<float>(l, x, w, nullptr, y);
            });
          }};
}
