//===- Prefetch.cpp - Prefetch the streams of the register tiles ----------===//
//
// Software prefetch for the operand a register tile streams through its
// reduction loop (the packed filter): upstream has memref.prefetch, but no
// pass that issues it ahead of vector loads (see the tconv-prefetch pass).
//
//===----------------------------------------------------------------------===//

#include "TConv/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/Sequence.h"

#include <limits>
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "tconv-prefetch"

namespace mlir {
namespace tconv {
#define GEN_PASS_DEF_TCONVPREFETCHPASS
#include "TConv/Transforms/Passes.h.inc"
} // namespace tconv
} // namespace mlir

using namespace mlir;
using namespace mlir::tconv;

/// Whether `loop` is a register tile's reduction loop: innermost, carrying
/// only vectors (the accumulators).
static bool isRegisterTileReduction(scf::ForOp loop) {
  if (loop.getNumRegionIterArgs() == 0 ||
      !llvm::all_of(loop.getRegionIterArgs(),
                    [](Value v) { return isa<VectorType>(v.getType()); }))
    return false;
  WalkResult nested = loop.getBody()->walk(
      [](LoopLikeOpInterface) { return WalkResult::interrupt(); });
  return !nested.wasInterrupted();
}

/// Whether `index` advances with the loop of induction variable `iv`: it is
/// `iv` or an affine.apply of it.
static bool advancesWith(Value index, Value iv) {
  if (index == iv)
    return true;
  auto apply = index.getDefiningOp<affine::AffineApplyOp>();
  return apply && llvm::is_contained(apply->getOperands(), iv);
}

/// The value of `index` (advancing with `iv`) `ahead` iterations later,
/// built at `b`'s insertion point.
static Value getIndexAhead(OpBuilder &b, Value index, Value iv, Value ahead) {
  if (index == iv)
    return ahead;
  auto apply = index.getDefiningOp<affine::AffineApplyOp>();
  IRMapping mapping;
  mapping.map(iv, ahead);
  return b.clone(*apply, mapping)->getResult(0);
}

/// Prefetches the lines `read` will load `distance` iterations of `loop`
/// later; nothing when the read does not advance with the loop along one
/// dimension other than the vector's.
static void prefetchAhead(vector::TransferReadOp read, scf::ForOp loop,
                          int64_t distance) {
  auto memref = dyn_cast<MemRefType>(read.getBase().getType());
  VectorType vector = read.getVectorType();
  if (!memref || vector.getRank() != 1 ||
      !read.getPermutationMap().isMinorIdentity() || read.hasOutOfBoundsDim())
    return;
  Value iv = loop.getInductionVar();
  OperandRange indices = read.getIndices();
  auto advancing = llvm::make_filter_range(
      llvm::seq<unsigned>(0, indices.size()),
      [&](unsigned d) { return advancesWith(indices[d], iv); });
  if (llvm::range_size(advancing) != 1)
    return;
  unsigned dim = *advancing.begin();
  if (dim + 1 == indices.size())
    return;

  OpBuilder b(read);
  Location loc = read.getLoc();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value ahead = b.createOrFold<arith::AddIOp>(
      loc, iv,
      b.createOrFold<arith::MulIOp>(loc, loop.getStep(), constant(distance)));
  Value index = getIndexAhead(b, indices[dim], iv, ahead);
  // Clamped to the last position of its dimension: the address stays in
  // the buffer.
  Value last = b.createOrFold<arith::SubIOp>(
      loc, b.createOrFold<memref::DimOp>(loc, read.getBase(), dim),
      constant(1));
  index = b.createOrFold<arith::MinSIOp>(loc, index, last);
  int64_t elementBytes = vector.getElementTypeBitWidth() / 8;
  int64_t lineElements = std::max<int64_t>(1, kCacheLineBytes / elementBytes);
  for (int64_t offset = 0; offset < vector.getNumElements();
       offset += lineElements) {
    SmallVector<Value> at(indices);
    at[dim] = index;
    if (offset > 0)
      at.back() =
          b.createOrFold<arith::AddIOp>(loc, at.back(), constant(offset));
    memref::PrefetchOp::create(b, loc, read.getBase(), at, /*isWrite=*/false,
                               /*localityHint=*/3, /*isDataCache=*/true);
  }
}

/// Bytes of the buffer `memref` is a view of (static), else the most.
static int64_t getBufferBytes(Value memref) {
  while (auto view = memref.getDefiningOp<ViewLikeOpInterface>())
    memref = view.getViewSource();
  auto type = dyn_cast<MemRefType>(memref.getType());
  if (!type || !type.hasStaticShape())
    return std::numeric_limits<int64_t>::max();
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

void tconv::prefetchRegisterTileStreams(Operation *root, int64_t distance,
                                        const TargetDescription &target) {
  if (distance == 0)
    return;
  SmallVector<scf::ForOp> loops;
  root->walk([&](scf::ForOp loop) {
    if (isRegisterTileReduction(loop))
      loops.push_back(loop);
  });
  for (scf::ForOp loop : loops) {
    SmallVector<vector::TransferReadOp> reads(
        loop.getBody()->getOps<vector::TransferReadOp>());
    for (vector::TransferReadOp read : reads) {
      int64_t ahead =
          distance == kAutoPrefetchDistance
              ? getPrefetchDistance(target, getBufferBytes(read.getBase()))
              : distance;
      if (ahead > 0)
        prefetchAhead(read, loop, ahead);
    }
  }
}

namespace {

struct TConvPrefetchPass
    : tconv::impl::TConvPrefetchPassBase<TConvPrefetchPass> {
  using TConvPrefetchPassBase::TConvPrefetchPassBase;

  LogicalResult initialize(MLIRContext *context) override {
    if (distance < kAutoPrefetchDistance)
      return emitError(UnknownLoc::get(context))
             << "tconv-prefetch: distance must be -1 (the cost model's), 0 "
                "(none) or more, got "
             << static_cast<int64_t>(distance);
    return success();
  }
  void runOnOperation() override {
    prefetchRegisterTileStreams(getOperation(), distance,
                                lookupTarget(getOperation()));
  }
};

} // namespace
