//===- MemRefABITest.cpp - Memref descriptors of the C interface ----------===//
//
// The descriptors passed to compiled kernels have the layout of MLIR's
// StridedMemRefType and the rank of the compiled function's argument: a
// blocked prepared filter is rank 5 (a rank-4 descriptor would be read past
// its end by the kernel's C wrapper).
//
//===----------------------------------------------------------------------===//

#include "TConv/JIT/MemRefABI.h"

#include "TestUtils.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace mlir;
using namespace mlir::tconv;

namespace {

TEST(MemRefABITest, DescriptorHasTheLayoutOfStridedMemRefType) {
  std::vector<float> data(2 * 3 * 4 * 5 * 6);
  MemRefDescriptor d(data.data(), {2, 3, 4, 5, 6});
  ASSERT_EQ(d.getRank(), 5);
  ASSERT_EQ(d.getSizeInBytes(), sizeof(StridedMemRefType<float, 5>));
  StridedMemRefType<float, 5> expected;
  std::memcpy(&expected, d.get(), sizeof(expected));
  EXPECT_EQ(expected.basePtr, data.data());
  EXPECT_EQ(expected.data, data.data());
  EXPECT_EQ(expected.offset, 0);
  const int64_t sizes[] = {2, 3, 4, 5, 6};
  const int64_t strides[] = {360, 120, 30, 6, 1};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(expected.sizes[i], sizes[i]) << i;
    EXPECT_EQ(expected.strides[i], strides[i]) << i;
  }
  // Rank 1 (a bias) and rank 0.
  EXPECT_EQ(MemRefDescriptor(data.data(), {7}).getSizeInBytes(),
            sizeof(StridedMemRefType<float, 1>));
  EXPECT_EQ(MemRefDescriptor(data.data(), {}).getRank(), 0);
}

TEST(MemRefABITest, ArgumentsOfAnotherRankOrSizeAreErrors) {
  MLIRContext context;
  float data[16];
  Type f32 = Float32Type::get(&context);
  auto rank5 = MemRefType::get({1, 2, 2, 2, 2}, f32);
  llvm::Expected<MemRefDescriptor> ok =
      describeArgument(data, {1, 2, 2, 2, 2}, rank5);
  ASSERT_TRUE(bool(ok)) << llvm::toString(ok.takeError());
  EXPECT_EQ(ok->getRank(), 5);
  llvm::Expected<MemRefDescriptor> rank4 =
      describeArgument(data, {2, 2, 2, 2}, rank5);
  ASSERT_FALSE(bool(rank4));
  EXPECT_EQ(llvm::toString(rank4.takeError()),
            "buffer of shape 2x2x2x2 passed for a memref of another rank: "
            "1x2x2x2x2");
  llvm::Expected<MemRefDescriptor> size =
      describeArgument(data, {1, 2, 2, 2, 4}, rank5);
  ASSERT_FALSE(bool(size));
  llvm::consumeError(size.takeError());
  // A dynamic size takes any.
  auto dynamic = MemRefType::get({ShapedType::kDynamic, 2}, f32);
  llvm::Expected<MemRefDescriptor> any = describeArgument(data, {8, 2}, dynamic);
  ASSERT_TRUE(bool(any)) << llvm::toString(any.takeError());
}

TEST(MemRefABITest, BlockedPreparedFiltersAreRankFive) {
  KernelOptions options;
  options.filterBlock = 16;
  TConvJIT jit(options);
  Conv2DTransposeLayer layer =
      test::makeLayer(1, 4, 4, 8, 32, 3, 3, 2, 2, Padding::Same);
  auto kernel = jit.getKernel(layer, ElementKind::F32);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  ASSERT_EQ(kernel->getStrategy().filterBlock, 16);
  ArrayRef<MemRefType> prepare = kernel->getPrepareArgumentTypes();
  ArrayRef<MemRefType> entry = kernel->getEntryArgumentTypes();
  ASSERT_EQ(prepare.size(), 2u);
  ASSERT_EQ(entry.size(), 3u);
  EXPECT_EQ(prepare[0].getRank(), 4);
  EXPECT_EQ(prepare[1].getRank(), 5);
  EXPECT_EQ(entry[1].getRank(), 5);
  EXPECT_EQ(prepare[1].getNumElements() * 4,
            static_cast<int64_t>(kernel->getPreparedFilterBytes()));
  // And the kernel computes the layer from it.
  EXPECT_EQ(test::compareWithReference(jit, layer, ElementKind::F32, 1, 7),
            "");
}

} // namespace
