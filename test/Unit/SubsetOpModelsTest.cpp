//===- SubsetOpModelsTest.cpp - TConv's subset models answer as upstream --===//
//
// registerSubsetOpModels replaces upstream's SubsetOpInterface models of the
// slice ops and vector transfers to answer most equivalence and disjointness
// queries without ValueBounds. On random slices and transfers (offsets that
// are constants, loop induction variables, or affine.apply of them) its
// answer to every insertion/extraction pair must be upstream's:
// ValueBoundsConstraintSet::areEquivalentSlices and areOverlappingSlices on
// the same slices.
//
//===----------------------------------------------------------------------===//

#include "TConv/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Interfaces/SubsetOpInterface.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <random>
#include <string>

using namespace mlir;

namespace {

/// A function of random tensor.extract_slice, tensor.insert_slice,
/// vector.transfer_read and vector.transfer_write on one 8x8 tensor, with
/// offsets among constants, two loop induction variables and sums of them.
std::string makeRandomSubsets(std::mt19937 &rng, int numOps) {
  auto pick = [&](int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(rng);
  };
  const char *offsets[] = {"0", "1", "2", "%i", "%j", "%i1", "%i1b", "%c1"};
  const char *sizes[] = {"1", "2"};
  std::string ir = R"mlir(
#inc = affine_map<(d0) -> (d0 + 1)>
func.func @subsets(%t: tensor<8x8xf32>, %v: vector<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %pad = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %i1 = affine.apply #inc(%i)
      %i1b = affine.apply #inc(%i)
)mlir";
  for (int n = 0; n < numOps; ++n) {
    std::string o0 = offsets[pick(8)], o1 = offsets[pick(8)];
    std::string s0 = sizes[pick(2)], s1 = sizes[pick(2)];
    std::string id = std::to_string(n);
    // Slices take constants in place (static) or as %c1 (dynamic);
    // transfers take every index as an operand.
    auto index = [](const std::string &o) {
      return o[0] == '%' ? o : "%c" + o;
    };
    std::string type = "tensor<" + s0 + "x" + s1 + "xf32>";
    switch (pick(4)) {
    case 0:
      ir += "      %e" + id + " = tensor.extract_slice %t[" + o0 + ", " + o1 +
            "] [" + s0 + ", " + s1 + "] [1, 1] : " + "tensor<8x8xf32> to " +
            type + "\n";
      break;
    case 1:
      ir += "      %s" + id + " = tensor.empty() : " + type + "\n";
      ir += "      %n" + id + " = tensor.insert_slice %s" + id + " into %t[" +
            o0 + ", " + o1 + "] [" + s0 + ", " + s1 + "] [1, 1] : " + type +
            " into tensor<8x8xf32>\n";
      break;
    case 2:
      ir += "      %r" + id + " = vector.transfer_read %t[" + index(o0) + ", " +
            index(o1) + "], %pad {in_bounds = [true]} : " +
            "tensor<8x8xf32>, vector<2xf32>\n";
      break;
    default:
      ir += "      %w" + id + " = vector.transfer_write %v, %t[" + index(o0) +
            ", " + index(o1) +
            "] {in_bounds = [true]} : " + "vector<2xf32>, tensor<8x8xf32>\n";
      break;
    }
  }
  ir += "    }\n  }\n  return\n}\n";
  return ir;
}

TEST(SubsetOpModelsTest, AnswersAsValueBounds) {
  DialectRegistry registry;
  tconv::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  std::mt19937 rng(7);
  int64_t pairs = 0, equivalent = 0, disjoint = 0;
  for (int trial = 0; trial < 20; ++trial) {
    std::string ir = makeRandomSubsets(rng, 24);
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(ir, &context);
    ASSERT_TRUE(module) << ir;
    SmallVector<SubsetInsertionOpInterface> insertions;
    SmallVector<SubsetExtractionOpInterface> extractions;
    module->walk([&](Operation *op) {
      if (auto insertion = dyn_cast<SubsetInsertionOpInterface>(op))
        insertions.push_back(insertion);
      if (auto extraction = dyn_cast<SubsetExtractionOpInterface>(op))
        extractions.push_back(extraction);
    });
    ASSERT_FALSE(insertions.empty());
    ASSERT_FALSE(extractions.empty());
    // Every op works on %t: all containers are equivalent.
    auto sameTensor = [](Value, Value) { return true; };
    for (SubsetInsertionOpInterface insertion : insertions) {
      auto insertionSubset = cast<SubsetOpInterface>(insertion.getOperation());
      for (SubsetExtractionOpInterface extraction : extractions) {
        auto extractionSubset =
            cast<SubsetOpInterface>(extraction.getOperation());
        FailureOr<HyperrectangularSlice> lhs =
            insertionSubset.getAccessedHyperrectangularSlice();
        FailureOr<HyperrectangularSlice> rhs =
            extractionSubset.getAccessedHyperrectangularSlice();
        ASSERT_TRUE(succeeded(lhs) && succeeded(rhs));
        FailureOr<bool> expected =
            ValueBoundsConstraintSet::areEquivalentSlices(&context, *lhs, *rhs);
        bool upstream = succeeded(expected) && *expected;
        bool ours =
            insertion.isEquivalentSubset(extraction->getResult(0), sameTensor);
        std::string pair;
        llvm::raw_string_ostream os(pair);
        os << *insertion << "\n" << *extraction;
        EXPECT_EQ(ours, upstream) << pair;
        EXPECT_EQ(insertionSubset.operatesOnEquivalentSubset(extractionSubset,
                                                             sameTensor),
                  upstream);
        FailureOr<bool> overlapping =
            ValueBoundsConstraintSet::areOverlappingSlices(&context, *lhs,
                                                           *rhs);
        bool upstreamDisjoint = succeeded(overlapping) && !*overlapping;
        EXPECT_EQ(insertionSubset.operatesOnDisjointSubset(extractionSubset,
                                                           sameTensor),
                  upstreamDisjoint)
            << pair;
        ++pairs;
        equivalent += upstream;
        disjoint += upstreamDisjoint;
      }
    }
  }
  // The random subsets must exercise both answers.
  EXPECT_GT(pairs, 1000);
  EXPECT_GT(equivalent, 20);
  EXPECT_LT(equivalent, pairs / 2);
  EXPECT_GT(disjoint, 100);
  EXPECT_LT(disjoint, pairs - 100);
}

/// Containers that are not equivalent never hold equivalent subsets.
TEST(SubsetOpModelsTest, DifferentContainers) {
  DialectRegistry registry;
  tconv::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  const char *ir = R"mlir(
func.func @two(%a: tensor<8xf32>, %b: tensor<8xf32>, %s: tensor<2xf32>) {
  %e = tensor.extract_slice %a[2] [2] [1] : tensor<8xf32> to tensor<2xf32>
  %n = tensor.insert_slice %s into %b[2] [2] [1] : tensor<2xf32> into tensor<8xf32>
  return
}
)mlir";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(ir, &context);
  ASSERT_TRUE(module);
  SubsetInsertionOpInterface insertion;
  Value extracted;
  module->walk([&](Operation *op) {
    if (auto i = dyn_cast<SubsetInsertionOpInterface>(op))
      insertion = i;
    if (isa<SubsetExtractionOpInterface>(op))
      extracted = op->getResult(0);
  });
  ASSERT_TRUE(insertion && extracted);
  EXPECT_FALSE(insertion.isEquivalentSubset(
      extracted, [](Value x, Value y) { return x == y; }));
  EXPECT_TRUE(insertion.isEquivalentSubset(extracted,
                                           [](Value, Value) { return true; }));
}

} // namespace
