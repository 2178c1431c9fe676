//===- XNNPACKPeer.cpp - XNNPACK's deconvolution as a benchmark peer ------===//

#include "Peers.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <cmath>
#include <memory>

using namespace mlir;
using namespace mlir::tconv;
using namespace mlir::tconv::bench;

/// XNNPACK's deconvolution (Debian's libxnnpack-dev): NHWC, kernel given as
/// [Cout, KH, KW, Cin] and packed by the operator when it is created, i.e.
/// once, outside the timed runs. One thread: no pthreadpool, or one of
/// `threads`.
Peer bench::makeXNNPACKPeer(unsigned threads) {
  if (xnn_initialize(/*allocator=*/nullptr) != xnn_status_success)
    llvm::errs() << "tconv-bench: note: xnn_initialize failed\n";
  std::shared_ptr<pthreadpool> pool;
  if (threads > 1)
    pool.reset(pthreadpool_create(threads), pthreadpool_destroy);
  return {
      "xnnpack",
      [pool](const Conv2DTransposeLayer &l, const float *x, const float *w,
             float *y) -> llvm::Expected<std::function<void()>> {
        auto unsupported = [](const llvm::Twine &why) {
          return llvm::createStringError(llvm::inconvertibleErrorCode(), why);
        };
        if (l.dataFormat != DataFormat::ChannelsLast ||
            l.filterFormat != FilterFormat::HWOI)
          return unsupported("xnnpack: NHWC and TF filters only");
        int64_t kh = l.kernelSize[0], kw = l.kernelSize[1], co = l.outChannels,
                ci = l.inChannels;
        std::vector<float> kernel = getFilterOHWI(l, w);
        // Crop (XNNPACK's "output padding") before and after; a
        // longer-than-full output is an adjustment at the end.
        uint32_t padBefore[2], padAfter[2], adjust[2];
        for (int d = 0; d < 2; ++d) {
          int64_t full = getFullOutputLength(l.inputSize[d], l.kernelSize[d],
                                             l.strides[d], l.dilations[d]);
          int64_t before = l.getPadBefore(d);
          int64_t after = full - l.outputSize[d] - before;
          padBefore[d] = before;
          padAfter[d] = std::max<int64_t>(after, 0);
          adjust[d] = std::max<int64_t>(-after, 0);
          if (adjust[d] >= l.strides[d])
            return unsupported("xnnpack: adjustment >= stride");
        }
        xnn_operator_t op = nullptr;
        if (xnn_create_deconvolution2d_nhwc_f32(
                padBefore[0], padAfter[1], padAfter[0], padBefore[1], kh, kw,
                l.strides[0], l.strides[1], l.dilations[0], l.dilations[1],
                /*groups=*/1, ci, co, ci, co, kernel.data(), /*bias=*/nullptr,
                -INFINITY, INFINITY, /*flags=*/0, &op) != xnn_status_success)
          return unsupported(
              "xnnpack: xnn_create_deconvolution2d_nhwc_f32 failed");
        std::shared_ptr<xnn_operator> owner(op, xnn_delete_operator);
        if (xnn_setup_deconvolution2d_nhwc_f32(
                op, l.batch, l.inputSize[0], l.inputSize[1], adjust[0],
                adjust[1], x, y, pool.get()) != xnn_status_success)
          return unsupported(
              "xnnpack: xnn_setup_deconvolution2d_nhwc_f32 failed");
        return std::function<void()>(
            [owner, pool] { xnn_run_operator(owner.get(), pool.get()); });
      }};
}
