//===- Epilogue.cpp - Activation and narrowing of a segment ---------------===//

#include "Epilogue.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tconv;

Value tconv::convertFloat(OpBuilder &b, Location loc, Value value, Type type) {
  unsigned from = value.getType().getIntOrFloatBitWidth();
  unsigned to = type.getIntOrFloatBitWidth();
  if (from < to)
    return arith::ExtFOp::create(b, loc, type, value);
  if (from > to)
    return arith::TruncFOp::create(b, loc, type, value);
  return value;
}

// One statement per op, so the emitted order does not depend on the C++
// compiler's order of evaluating arguments.
Value tconv::buildActivation(OpBuilder &b, Location loc,
                            Activation activation, double alpha, Value x) {
  Type type = x.getType();
  auto cst = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
  };
  auto sigmoid = [&](Value v) -> Value {
    Value one = cst(1);
    Value neg = arith::NegFOp::create(b, loc, v);
    Value e = math::ExpOp::create(b, loc, neg);
    Value den = arith::AddFOp::create(b, loc, one, e);
    return arith::DivFOp::create(b, loc, one, den);
  };
  switch (activation) {
  case Activation::None:
    return x;
  case Activation::Relu: {
    Value zero = cst(0);
    return arith::MaximumFOp::create(b, loc, x, zero);
  }
  case Activation::Relu6: {
    Value zero = cst(0), six = cst(6);
    Value lo = arith::MaximumFOp::create(b, loc, x, zero);
    return arith::MinimumFOp::create(b, loc, lo, six);
  }
  case Activation::LeakyRelu: {
    Value zero = cst(0), slope = cst(alpha);
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    Value scaled = arith::MulFOp::create(b, loc, x, slope);
    return arith::SelectOp::create(b, loc, positive, x, scaled);
  }
  case Activation::Elu:
  case Activation::Selu: {
    // SELU constants of Klambauer et al., as in Keras.
    bool selu = activation == Activation::Selu;
    Value zero = cst(0);
    Value scale = cst(selu ? 1.6732632423543772848170429916717 : alpha);
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    Value em1 = math::ExpM1Op::create(b, loc, x);
    Value neg = arith::MulFOp::create(b, loc, scale, em1);
    Value y = arith::SelectOp::create(b, loc, positive, x, neg);
    if (!selu)
      return y;
    Value outer = cst(1.0507009873554804934193349852946);
    return arith::MulFOp::create(b, loc, y, outer);
  }
  case Activation::Sigmoid:
    return sigmoid(x);
  case Activation::HardSigmoid: {
    Value zero = cst(0), one = cst(1), slope = cst(0.2), half = cst(0.5);
    Value scaled = arith::MulFOp::create(b, loc, x, slope);
    Value lin = arith::AddFOp::create(b, loc, scaled, half);
    Value lo = arith::MaximumFOp::create(b, loc, lin, zero);
    return arith::MinimumFOp::create(b, loc, lo, one);
  }
  case Activation::Tanh:
    return math::TanhOp::create(b, loc, x);
  case Activation::Softplus: {
    // log1p(exp(-|x|)) + max(x, 0) does not overflow for large x.
    Value zero = cst(0);
    Value abs = math::AbsFOp::create(b, loc, x);
    Value neg = arith::NegFOp::create(b, loc, abs);
    Value e = math::ExpOp::create(b, loc, neg);
    Value log = math::Log1pOp::create(b, loc, e);
    Value pos = arith::MaximumFOp::create(b, loc, x, zero);
    return arith::AddFOp::create(b, loc, log, pos);
  }
  case Activation::Softsign: {
    Value one = cst(1);
    Value abs = math::AbsFOp::create(b, loc, x);
    Value den = arith::AddFOp::create(b, loc, abs, one);
    return arith::DivFOp::create(b, loc, x, den);
  }
  case Activation::Swish: {
    Value sig = sigmoid(x);
    return arith::MulFOp::create(b, loc, x, sig);
  }
  case Activation::Gelu: {
    Value half = cst(0.5), one = cst(1), invSqrt2 = cst(M_SQRT1_2);
    Value scaled = arith::MulFOp::create(b, loc, x, invSqrt2);
    Value erf = math::ErfOp::create(b, loc, scaled);
    Value onePlus = arith::AddFOp::create(b, loc, one, erf);
    Value halfX = arith::MulFOp::create(b, loc, x, half);
    return arith::MulFOp::create(b, loc, halfX, onePlus);
  }
  }
  return x;
}
