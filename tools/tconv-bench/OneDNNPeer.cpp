//===- OneDNNPeer.cpp - oneDNN's deconvolution as a benchmark peer --------===//

#include "Peers.h"

#include <oneapi/dnnl/dnnl.hpp>

using namespace mlir;
using namespace mlir::tconv;
using namespace mlir::tconv::bench;

/// oneDNN's deconvolution primitive, NHWC activations, weights reordered once
/// into the layout the primitive prefers.
Peer bench::makeOneDNNPeer() {
  auto engine = std::make_shared<dnnl::engine>(dnnl::engine::kind::cpu, 0);
  auto stream = std::make_shared<dnnl::stream>(*engine);
  return {
      "onednn",
      [engine, stream](const Conv2DTransposeLayer &l, const float *x,
                       const float *w,
                       float *y) -> llvm::Expected<std::function<void()>> {
        using namespace dnnl;
        using tag = memory::format_tag;
        using dt = memory::data_type;
        memory::dims src = {l.batch, l.inChannels, l.inputSize[0],
                            l.inputSize[1]};
        memory::dims wei = {l.outChannels, l.inChannels, l.kernelSize[0],
                            l.kernelSize[1]};
        memory::dims dst = {l.batch, l.outChannels, l.outputSize[0],
                            l.outputSize[1]};
        memory::dims padL, padR;
        for (unsigned d = 0; d < 2; ++d) {
          int64_t full = getFullOutputLength(l.inputSize[d], l.kernelSize[d],
                                             l.strides[d], l.dilations[d]);
          int64_t before = l.getPadBefore(d);
          padL.push_back(before);
          padR.push_back(full - l.outputSize[d] - before);
        }
        try {
          auto desc = deconvolution_forward::desc(
              prop_kind::forward_inference, algorithm::deconvolution_direct,
              memory::desc(src, dt::f32, tag::nhwc),
              memory::desc(wei, dt::f32, tag::any),
              memory::desc(dst, dt::f32, tag::nhwc),
              {l.strides[0], l.strides[1]},
              {l.dilations[0] - 1, l.dilations[1] - 1}, padL, padR);
          auto pd = deconvolution_forward::primitive_desc(desc, *engine);
          // TF [KH, KW, Cout, Cin] is oneDNN's {O, I, H, W} stored as "cdab".
          auto user =
              std::make_shared<std::vector<float>>(l.getFilterNumElements());
          int64_t kh = l.kernelSize[0], kw = l.kernelSize[1],
                  co = l.outChannels, ci = l.inChannels;
          for (int64_t a = 0; a < kh; ++a)
            for (int64_t b = 0; b < kw; ++b)
              for (int64_t o = 0; o < co; ++o)
                for (int64_t i = 0; i < ci; ++i)
                  (*user)[((o * ci + i) * kh + a) * kw + b] =
                      w[((a * kw + b) * co + o) * ci + i];
          memory userWeights({wei, dt::f32, tag::oihw}, *engine, user->data());
          auto weights = std::make_shared<memory>(pd.weights_desc(), *engine);
          reorder(userWeights, *weights)
              .execute(*stream, userWeights, *weights);
          stream->wait();
          auto srcMem =
              std::make_shared<memory>(memory::desc(src, dt::f32, tag::nhwc),
                                       *engine, const_cast<float *>(x));
          auto dstMem = std::make_shared<memory>(
              memory::desc(dst, dt::f32, tag::nhwc), *engine, y);
          auto prim = std::make_shared<deconvolution_forward>(pd);
          return std::function<void()>([=] {
            prim->execute(*stream, {{DNNL_ARG_SRC, *srcMem},
                                    {DNNL_ARG_WEIGHTS, *weights},
                                    {DNNL_ARG_DST, *dstMem}});
            stream->wait();
          });
        } catch (dnnl::error &e) {
          return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                         std::string("oneDNN: ") + e.what());
        }
      }};
}
