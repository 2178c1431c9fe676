//===- ShapeTest.cpp - Keras/TF shape rules of conv2d_transpose -----------===//
//
// The expected lengths below were worked out by hand from the Keras formula
// `deconv_output_length` and TF's "forward conv gives back the input" rule.
//
//===----------------------------------------------------------------------===//

#include "TConv/Dialect/Conv2DTransposeLayer.h"

#include "gtest/gtest.h"

#include <fstream>
#include <map>
#include <sstream>

using namespace mlir::tconv;

namespace {

struct LengthCase {
  int64_t input, kernel, stride, dilation;
  Padding padding;
  int64_t padLo, padHi;
  std::optional<int64_t> outputPadding;
  int64_t expected;
};

TEST(ShapeTest, DefaultOutputLength) {
  const LengthCase cases[] = {
      // Keras: valid is i * s + max(k - s, 0); same is i * s.
      {4, 3, 2, 1, Padding::Valid, 0, 0, {}, 9},
      {4, 3, 2, 1, Padding::Same, 0, 0, {}, 8},
      {4, 1, 3, 1, Padding::Valid, 0, 0, {}, 12},
      {5, 3, 1, 1, Padding::Valid, 0, 0, {}, 7},
      {5, 3, 1, 1, Padding::Same, 0, 0, {}, 5},
      // Dilation 2 makes a 3-tap kernel span 5.
      {4, 3, 2, 2, Padding::Valid, 0, 0, {}, 11},
      // With output_padding: (i - 1) * s + ke - 2 * pad + p, pad = ke / 2.
      {4, 3, 2, 1, Padding::Same, 0, 0, 1, 8},
      {4, 3, 2, 1, Padding::Same, 0, 0, 0, 7},
      {4, 3, 2, 1, Padding::Valid, 0, 0, 1, 10},
      {8, 5, 2, 1, Padding::Same, 0, 0, 1, 16},
      // Explicit pads: (i - 1) * s + ke - top - bottom.
      {4, 3, 2, 1, Padding::Explicit, 1, 1, {}, 7},
      {4, 3, 2, 1, Padding::Explicit, 1, 1, 1, 8},
      {4, 4, 2, 1, Padding::Explicit, 0, 2, {}, 8},
  };
  for (const LengthCase &c : cases)
    EXPECT_EQ(getDefaultOutputLength(c.input, c.kernel, c.stride, c.dilation,
                                     c.padding, c.padLo, c.padHi,
                                     c.outputPadding),
              c.expected)
        << "i=" << c.input << " k=" << c.kernel << " s=" << c.stride
        << " d=" << c.dilation << " padding=" << stringifyPadding(c.padding).str();
}

TEST(ShapeTest, LegalOutputLengths) {
  // same, i=4, s=2: ceil(o / 2) == 4 holds for o in {7, 8} only.
  for (int64_t o = 1; o < 20; ++o)
    EXPECT_EQ(isLegalOutputLength(4, o, 3, 2, 1, Padding::Same), o == 7 || o == 8)
        << o;
  // valid, i=4, k=3, s=2: ceil((o - 2) / 2) == 4 holds for o in {9, 10}.
  for (int64_t o = 1; o < 20; ++o)
    EXPECT_EQ(isLegalOutputLength(4, o, 3, 2, 1, Padding::Valid),
              o == 9 || o == 10)
        << o;
  // valid with k < s (k=1, s=3, i=2): o in {4, 5, 6}.
  for (int64_t o = 1; o < 20; ++o)
    EXPECT_EQ(isLegalOutputLength(2, o, 1, 3, 1, Padding::Valid),
              o >= 4 && o <= 6)
        << o;
  // explicit pads 1, 1, k=3, s=2, i=4: floor((o - 1) / 2) + 1 == 4.
  for (int64_t o = 1; o < 20; ++o)
    EXPECT_EQ(isLegalOutputLength(4, o, 3, 2, 1, Padding::Explicit, 1, 1),
              o == 7 || o == 8)
        << o;
  // Degenerate sizes are never legal.
  EXPECT_FALSE(isLegalOutputLength(4, 0, 3, 2, 1, Padding::Same));
  EXPECT_FALSE(isLegalOutputLength(0, 1, 3, 2, 1, Padding::Same));
}

TEST(ShapeTest, PadBefore) {
  // same: max(full - o, 0) / 2 with full = (i - 1) * s + ke.
  EXPECT_EQ(getPadBefore(4, 8, 3, 2, 1, Padding::Same), 0);   // full 9
  EXPECT_EQ(getPadBefore(4, 7, 3, 2, 1, Padding::Same), 1);   // full 9
  EXPECT_EQ(getPadBefore(8, 16, 5, 2, 1, Padding::Same), 1);  // full 19
  EXPECT_EQ(getPadBefore(32, 64, 4, 2, 1, Padding::Same), 1); // full 66
  EXPECT_EQ(getPadBefore(5, 5, 3, 1, 1, Padding::Same), 1);   // full 7
  EXPECT_EQ(getPadBefore(2, 6, 1, 3, 1, Padding::Same), 0);   // full 4 < 6
  EXPECT_EQ(getPadBefore(4, 9, 3, 2, 1, Padding::Valid), 0);
  EXPECT_EQ(getPadBefore(4, 7, 3, 2, 1, Padding::Explicit, 1), 1);
}

/// Output (H, W) of each benchmark row, worked out by hand.
const std::map<std::string, std::array<int64_t, 2>> kSuiteOutputs = {
    {"dcgan_g1", {8, 8}},       {"dcgan_g1_b16", {8, 8}},
    {"dcgan_g2", {16, 16}},     {"dcgan_g3", {32, 32}},
    {"dcgan_g4", {64, 64}},     {"pix2pix_up", {64, 64}},
    {"unet_up", {56, 56}},      {"fcn_up2", {34, 34}},
    {"fcn_up8", {280, 280}},    {"stride1_3x3", {56, 56}},
    {"odd_k3s2", {67, 67}},
};

TEST(ShapeTest, BenchmarkSuite) {
  std::ifstream csv(TCONV_SHAPES_CSV);
  ASSERT_TRUE(csv.good()) << "cannot read " << TCONV_SHAPES_CSV;
  std::string line;
  std::getline(csv, line); // header
  int rows = 0;
  while (std::getline(csv, line)) {
    if (line.empty())
      continue;
    std::stringstream ss(line);
    std::string name, padding, field;
    std::getline(ss, name, ',');
    int64_t v[9];
    for (int64_t &x : v) {
      std::getline(ss, field, ',');
      x = std::stoll(field);
    }
    std::getline(ss, padding, ',');
    Conv2DTransposeLayer layer;
    layer.batch = v[0];
    layer.inputSize = {v[1], v[2]};
    layer.inChannels = v[3];
    layer.outChannels = v[4];
    layer.kernelSize = {v[5], v[6]};
    layer.strides = {v[7], v[8]};
    layer.padding = *symbolizePadding(padding);
    layer.inferOutputSize();
    auto it = kSuiteOutputs.find(name);
    ASSERT_NE(it, kSuiteOutputs.end()) << "no expected output for " << name;
    EXPECT_EQ(layer.outputSize, it->second) << name;
    EXPECT_TRUE(layer.hasLegalOutputSize()) << name;
    ++rows;
  }
  EXPECT_EQ(rows, static_cast<int>(kSuiteOutputs.size()));
}

TEST(ShapeTest, LayerShapesFollowFormats) {
  Conv2DTransposeLayer layer;
  layer.batch = 2;
  layer.inChannels = 3;
  layer.outChannels = 5;
  layer.inputSize = {4, 6};
  layer.kernelSize = {3, 2};
  layer.strides = {2, 1};
  layer.padding = Padding::Valid;
  layer.inferOutputSize();
  EXPECT_EQ(layer.outputSize, (std::array<int64_t, 2>{9, 7}));
  using Shape = llvm::SmallVector<int64_t, 4>;
  EXPECT_EQ(layer.getInputShape(), (Shape{2, 4, 6, 3}));
  EXPECT_EQ(layer.getOutputShape(), (Shape{2, 9, 7, 5}));
  EXPECT_EQ(layer.getFilterShape(), (Shape{3, 2, 5, 3}));
  layer.dataFormat = DataFormat::ChannelsFirst;
  layer.filterFormat = FilterFormat::IOHW;
  EXPECT_EQ(layer.getInputShape(), (Shape{2, 3, 4, 6}));
  EXPECT_EQ(layer.getOutputShape(), (Shape{2, 5, 9, 7}));
  EXPECT_EQ(layer.getFilterShape(), (Shape{3, 5, 3, 2}));
  layer.filterFormat = FilterFormat::OHWI;
  EXPECT_EQ(layer.getFilterShape(), (Shape{5, 3, 2, 3}));
  EXPECT_EQ(layer.getUsefulFlops(), 2.0 * 2 * 4 * 6 * 3 * 5 * 3 * 2);
}

} // namespace
