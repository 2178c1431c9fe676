//===- SetTarget.cpp - Record (and drop) the CPU a module is compiled for -===//

#include "TConv/Strategy/Passes.h"

#include "TConv/Dialect/TConvDialect.h"

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVCLEARTARGETPASS
#define GEN_PASS_DEF_TCONVSETTARGETPASS
#include "TConv/Strategy/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

namespace {

struct TConvSetTargetPass
    : tconv::impl::TConvSetTargetPassBase<TConvSetTargetPass> {
  using TConvSetTargetPassBase::TConvSetTargetPassBase;

  LogicalResult initialize(MLIRContext *context) override {
    auto fail = [&](const Twine &message) {
      return emitError(UnknownLoc::get(context))
             << "tconv-set-target: " << message;
    };
    std::optional<TargetDescription> named = getNamedTarget(cpu);
    if (!named)
      return fail("unknown cpu '" + cpu +
                  "' (host, x86-64, x86-64-v3 or x86-64-v4)");
    target = *named;
    if (vectorBits != -1) {
      if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
        return fail("vector-bits must be 128, 256 or 512, got " +
                    Twine(vectorBits));
      target = withVectorBits(target, vectorBits);
    }
    for (auto [name, value, field] :
         {std::tuple<StringRef, int64_t, int64_t *>{"l1-bytes", l1Bytes,
                                                    &target.l1Bytes},
          {"l2-bytes", l2Bytes, &target.l2Bytes},
          {"l3-bytes", l3Bytes, &target.l3Bytes},
          {"cores", cores, &target.cores}}) {
      if (value == -1)
        continue;
      if (value < 1)
        return fail(name + " must be positive (-1: the cpu's), got " +
                    Twine(value));
      *field = value;
    }
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!force && module->hasAttr(TConvDialect::kTargetAttrName))
      return;
    setTarget(module, target);
  }

private:
  TargetDescription target;
};

struct TConvClearTargetPass
    : tconv::impl::TConvClearTargetPassBase<TConvClearTargetPass> {
  void runOnOperation() override {
    getOperation()->removeAttr(TConvDialect::kTargetAttrName);
  }
};

} // namespace
