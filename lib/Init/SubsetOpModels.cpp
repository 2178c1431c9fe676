//===- SubsetOpModels.cpp - Subset op models with a structural fast path --===//
//
// The SubsetOpInterface models of tensor.extract_slice, tensor.insert_slice,
// tensor.parallel_insert_slice, vector.transfer_read and
// vector.transfer_write, in place of upstream's (tensor:: and vector::
// registerSubsetOpInterfaceExternalModels, which they copy otherwise).
//
// Why by hand: one-shot bufferization asks, for every read/write pair on a
// tensor and its slices, whether an insertion and an extraction access the
// same subset. Upstream (MLIR 22) answers each offset, size and stride with
// ValueBoundsConstraintSet::areEqual, which builds a Presburger constraint
// set even for two constants: in TConv's register tiles that was 47% of
// one-shot bufferization on odd_k3s2, and 13% of a tiny layer's compile. The
// models here compare the components first (equal constants or one SSA
// value: equal; two different constants: not equal) and leave only what
// that cannot decide to upstream's ValueBounds answer, so every answer is
// upstream's. Likewise for disjointness (hoistLoopInvariantSubsets asks it of
// every pair of subsets of a loop-carried tensor): constant intervals that do
// not overlap along some dimension are disjoint.
//
//===----------------------------------------------------------------------===//

#include "TConv/InitAll.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SubsetOpInterface.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace mlir;

namespace {

//===----------------------------------------------------------------------===//
// Structural comparison of subsets
//===----------------------------------------------------------------------===//

/// One offset, size or stride: a constant, or an SSA value that is not one.
struct Component {
  std::optional<int64_t> constant;
  Value value;
};

/// Appends `statics`, the dynamic entries taken in order from `dynamics`.
static void appendComponents(ArrayRef<int64_t> statics, ValueRange dynamics,
                             SmallVectorImpl<Component> &components) {
  unsigned next = 0;
  for (int64_t s : statics) {
    if (!ShapedType::isDynamic(s)) {
      components.push_back({s, Value()});
      continue;
    }
    Value v = dynamics[next++];
    components.push_back({getConstantIntValue(v), v});
  }
}

/// The offsets, sizes and strides of a slice op or a vector transfer (its
/// indices, the chunk it accesses, unit strides, as upstream's
/// XferOpSubsetOpInterface describes it), one after the other. Read without
/// building attributes (getMixedOffsets() creates an IntegerAttr per static
/// entry).
static SmallVector<Component> getComponents(Operation *op) {
  SmallVector<Component> components;
  if (auto slice = dyn_cast<OffsetSizeAndStrideOpInterface>(op)) {
    appendComponents(slice.getStaticOffsets(), slice.getOffsets(), components);
    appendComponents(slice.getStaticSizes(), slice.getSizes(), components);
    appendComponents(slice.getStaticStrides(), slice.getStrides(), components);
    return components;
  }
  auto transfer = cast<VectorTransferOpInterface>(op);
  for (Value index : transfer.getIndices())
    components.push_back({getConstantIntValue(index), index});
  SmallVector<int64_t> sizes = transfer.getTransferChunkAccessed();
  for (int64_t size : sizes)
    components.push_back({size, Value()});
  components.append(sizes.size(), Component{1, Value()});
  return components;
}

/// Whether two subsets' components are equal: true or false when every pair
/// is decided (same value or two constants), nullopt if one pair is not and
/// none is unequal.
static std::optional<bool> areEqual(ArrayRef<Component> lhs,
                                    ArrayRef<Component> rhs) {
  if (lhs.size() != rhs.size())
    return false;
  bool decided = true;
  for (auto [a, b] : llvm::zip_equal(lhs, rhs)) {
    if (a.constant && b.constant) {
      if (*a.constant != *b.constant)
        return false;
      continue;
    }
    if (!a.value || a.value != b.value)
      decided = false;
  }
  return decided ? std::optional<bool>(true) : std::nullopt;
}

/// SubsetOpInterface::operatesOnEquivalentSubset: the structural answer if
/// there is one, upstream's otherwise.
static bool
operatesOnEquivalentSubset(Operation *op, SubsetOpInterface candidate,
                           function_ref<bool(Value, Value)> equivalenceFn) {
  Operation *other = candidate.getOperation();
  if (!isa<OffsetSizeAndStrideOpInterface, VectorTransferOpInterface>(other))
    return detail::defaultOperatesOnEquivalentSubset(op, candidate,
                                                     equivalenceFn);
  if (!equivalenceFn(cast<SubsetOpInterface>(op).getTensorContainer(),
                     candidate.getTensorContainer()))
    return false;
  if (std::optional<bool> equal =
          areEqual(getComponents(op), getComponents(other)))
    return *equal;
  return detail::defaultOperatesOnEquivalentSubset(op, candidate,
                                                   equivalenceFn);
}

/// The interval [first, last] `components` (offsets, sizes, strides) span
/// along dimension `dim`, when its offset, size and stride are constants
/// (a positive size and stride) and the span fits in 64 bits.
static std::optional<std::pair<int64_t, int64_t>>
getConstantInterval(ArrayRef<Component> components, size_t dim) {
  size_t rank = components.size() / 3;
  const Component &offset = components[dim], &size = components[rank + dim],
                  &stride = components[2 * rank + dim];
  if (!offset.constant || !size.constant || !stride.constant ||
      *size.constant <= 0 || *stride.constant <= 0)
    return std::nullopt;
  int64_t span, last;
  if (llvm::MulOverflow(*size.constant - 1, *stride.constant, span) ||
      llvm::AddOverflow(*offset.constant, span, last))
    return std::nullopt;
  return std::make_pair(*offset.constant, last);
}

/// Whether two subsets' components show them disjoint: along some dimension
/// both span constant intervals that do not overlap. (False when that does
/// not decide it.)
static bool areDisjoint(ArrayRef<Component> lhs, ArrayRef<Component> rhs) {
  if (lhs.size() != rhs.size() || lhs.size() % 3 != 0)
    return false;
  for (size_t dim = 0, rank = lhs.size() / 3; dim < rank; ++dim) {
    auto a = getConstantInterval(lhs, dim), b = getConstantInterval(rhs, dim);
    if (a && b && (a->second < b->first || b->second < a->first))
      return true;
  }
  return false;
}

/// SubsetOpInterface::operatesOnDisjointSubset: true when the structural
/// comparison shows it, else upstream's answer. The accumulators of an
/// unrolled register tile (24 transfers at constant offsets into one tile)
/// are all pairwise disjoint: upstream proves each pair with a Presburger
/// constraint set, 80% of tconv-vectorize's time on dcgan_g3 when
/// hoistLoopInvariantSubsets asks it for every pair.
static bool
operatesOnDisjointSubset(Operation *op, SubsetOpInterface candidate,
                         function_ref<bool(Value, Value)> equivalenceFn) {
  Operation *other = candidate.getOperation();
  if (isa<OffsetSizeAndStrideOpInterface, VectorTransferOpInterface>(other) &&
      equivalenceFn(cast<SubsetOpInterface>(op).getTensorContainer(),
                    candidate.getTensorContainer()) &&
      areDisjoint(getComponents(op), getComponents(other)))
    return true;
  return detail::defaultOperatesOnDisjointSubset(op, candidate, equivalenceFn);
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

/// SubsetOpInterface of the slice ops (the slice they name) and of the
/// vector transfers (their indices and the chunk they access).
template <typename OpTy>
struct SubsetModel
    : public SubsetOpInterface::ExternalModel<SubsetModel<OpTy>, OpTy> {
  bool operatesOnEquivalentSubset(
      Operation *op, SubsetOpInterface candidate,
      function_ref<bool(Value, Value)> equivalenceFn) const {
    return ::operatesOnEquivalentSubset(op, candidate, equivalenceFn);
  }
  bool operatesOnDisjointSubset(
      Operation *op, SubsetOpInterface candidate,
      function_ref<bool(Value, Value)> equivalenceFn) const {
    return ::operatesOnDisjointSubset(op, candidate, equivalenceFn);
  }
  FailureOr<HyperrectangularSlice>
  getAccessedHyperrectangularSlice(Operation *op) const {
    if (auto slice = dyn_cast<OffsetSizeAndStrideOpInterface>(op))
      return HyperrectangularSlice(slice);
    auto transfer = cast<VectorTransferOpInterface>(op);
    Builder b(op->getContext());
    SmallVector<OpFoldResult> offsets = llvm::map_to_vector(
        transfer.getIndices(), [](Value v) -> OpFoldResult { return v; });
    SmallVector<OpFoldResult> sizes = llvm::map_to_vector(
        transfer.getTransferChunkAccessed(),
        [&](int64_t size) -> OpFoldResult { return b.getIndexAttr(size); });
    return HyperrectangularSlice(offsets, sizes);
  }
};

struct ExtractSliceExtractionModel
    : public SubsetExtractionOpInterface::ExternalModel<
          ExtractSliceExtractionModel, tensor::ExtractSliceOp> {
  OpOperand &getSourceOperand(Operation *op) const {
    return cast<tensor::ExtractSliceOp>(op).getSourceMutable();
  }
};

struct TransferReadExtractionModel
    : public SubsetExtractionOpInterface::ExternalModel<
          TransferReadExtractionModel, vector::TransferReadOp> {
  OpOperand &getSourceOperand(Operation *op) const {
    return cast<vector::TransferReadOp>(op).getBaseMutable();
  }
};

/// SubsetInsertionOpInterface of insert_slice and parallel_insert_slice.
template <typename OpTy>
struct InsertSliceInsertionModel
    : public SubsetInsertionOpInterface::ExternalModel<
          InsertSliceInsertionModel<OpTy>, OpTy> {
  OpOperand &getSourceOperand(Operation *op) const {
    return cast<OpTy>(op).getSourceMutable();
  }
  OpOperand &getDestinationOperand(Operation *op) const {
    return cast<OpTy>(op).getDestMutable();
  }
  Value buildSubsetExtraction(Operation *op, OpBuilder &builder,
                              Location loc) const {
    auto insert = cast<OpTy>(op);
    return tensor::ExtractSliceOp::create(
        builder, loc, insert.getSourceType(), insert.getDest(),
        insert.getMixedOffsets(), insert.getMixedSizes(),
        insert.getMixedStrides());
  }
  SmallVector<Value>
  getValuesNeededToBuildSubsetExtraction(Operation *op) const {
    auto insert = cast<OpTy>(op);
    SmallVector<Value> needed = llvm::to_vector(insert.getOffsets());
    llvm::append_range(needed, insert.getSizes());
    llvm::append_range(needed, insert.getStrides());
    needed.push_back(insert.getDest());
    return needed;
  }
};

struct TransferWriteInsertionModel
    : public SubsetInsertionOpInterface::ExternalModel<
          TransferWriteInsertionModel, vector::TransferWriteOp> {
  OpOperand &getSourceOperand(Operation *op) const {
    return cast<vector::TransferWriteOp>(op).getValueToStoreMutable();
  }
  OpOperand &getDestinationOperand(Operation *op) const {
    return cast<vector::TransferWriteOp>(op).getBaseMutable();
  }
  // As upstream: no subset extraction is built for a transfer_write.
  Value buildSubsetExtraction(Operation *, OpBuilder &, Location) const {
    return Value();
  }
  SmallVector<Value> getValuesNeededToBuildSubsetExtraction(Operation *) const {
    return {};
  }
};

} // namespace

void mlir::tconv::registerSubsetOpModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tensor::TensorDialect *) {
    tensor::ExtractSliceOp::attachInterface<SubsetModel<tensor::ExtractSliceOp>,
                                            ExtractSliceExtractionModel>(*ctx);
    tensor::InsertSliceOp::attachInterface<
        SubsetModel<tensor::InsertSliceOp>,
        InsertSliceInsertionModel<tensor::InsertSliceOp>>(*ctx);
    tensor::ParallelInsertSliceOp::attachInterface<
        SubsetModel<tensor::ParallelInsertSliceOp>,
        InsertSliceInsertionModel<tensor::ParallelInsertSliceOp>>(*ctx);
  });
  registry.addExtension(+[](MLIRContext *ctx, vector::VectorDialect *) {
    vector::TransferReadOp::attachInterface<SubsetModel<vector::TransferReadOp>,
                                            TransferReadExtractionModel>(*ctx);
    vector::TransferWriteOp::attachInterface<
        SubsetModel<vector::TransferWriteOp>, TransferWriteInsertionModel>(
        *ctx);
  });
}
