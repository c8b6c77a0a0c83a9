// Each function computes its result with a raw op and records, beside it,
// the closure that maps the result's gradient to its inputs' gradients.
#include "pydeep/autograd/functions/arithmetic.h"

#include "pydeep/autograd/node.h"
#include "pydeep/ops/elementwise.h"

namespace pydeep {
namespace {

using ops::BinaryOp;
using ops::UnaryOp;
using Grads = std::vector<Tensor>;

Tensor bin(BinaryOp op, const Tensor& a, const Tensor& b) { return ops::binary(op, a, b); }

// Result of a unary float function whose gradient the kernel table provides.
Tensor unary_fn(const char* name, UnaryOp op, const Tensor& x, float a = 0.f, float b = 0.f) {
  Tensor y = ops::unary(op, x, a, b);
  return autograd::record(y, name, {x},
                          [op, a, b, x = x.detach(), y = y.detach()](const Tensor& g,
                                                                     const std::vector<bool>&) {
                            return Grads{ops::unary_grad(op, x, y, g, a, b)};
                          });
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor y = bin(BinaryOp::Add, a, b);
  return autograd::record(y, "add", {a, b},
                          [sa = a.shape(), sb = b.shape()](const Tensor& g, const std::vector<bool>& n) {
                            return Grads{n[0] ? ops::sum_to(g, sa) : Tensor(),
                                         n[1] ? ops::sum_to(g, sb) : Tensor()};
                          });
}

Tensor subtract(const Tensor& a, const Tensor& b) {
  Tensor y = bin(BinaryOp::Sub, a, b);
  return autograd::record(y, "subtract", {a, b},
                          [sa = a.shape(), sb = b.shape()](const Tensor& g, const std::vector<bool>& n) {
                            return Grads{n[0] ? ops::sum_to(g, sa) : Tensor(),
                                         n[1] ? ops::sum_to(ops::unary(UnaryOp::Neg, g), sb)
                                              : Tensor()};
                          });
}

Tensor multiply(const Tensor& a, const Tensor& b) {
  Tensor y = bin(BinaryOp::Mul, a, b);
  return autograd::record(
      y, "multiply", {a, b},
      [a = a.detach(), b = b.detach()](const Tensor& g, const std::vector<bool>& n) {
        return Grads{n[0] ? ops::sum_to(bin(BinaryOp::Mul, g, b), a.shape()) : Tensor(),
                     n[1] ? ops::sum_to(bin(BinaryOp::Mul, g, a), b.shape()) : Tensor()};
      });
}

Tensor divide(const Tensor& a, const Tensor& b) {
  Tensor y = bin(BinaryOp::Div, a, b);
  return autograd::record(
      y, "divide", {a, b},
      [a = a.detach(), b = b.detach(), y = y.detach()](const Tensor& g, const std::vector<bool>& n) {
        Grads out(2);
        const Tensor g_over_b = bin(BinaryOp::Div, g, b);
        if (n[0]) out[0] = ops::sum_to(g_over_b, a.shape());
        // d(a/b)/db = -(a/b)/b
        if (n[1])
          out[1] = ops::sum_to(ops::unary(UnaryOp::Neg, bin(BinaryOp::Mul, g_over_b, y)),
                               b.shape());
        return out;
      });
}

Tensor power(const Tensor& a, const Tensor& b) {
  Tensor y = bin(BinaryOp::Pow, a, b);
  return autograd::record(
      y, "power", {a, b},
      [a = a.detach(), b = b.detach(), y = y.detach()](const Tensor& g, const std::vector<bool>& n) {
        Grads out(2);
        if (n[0]) {
          // b * a^(b-1), computed directly so that a == 0 gives 0, not 0/0.
          const Tensor bm1 = bin(BinaryOp::Sub, b, Tensor::scalar(1.0));
          const Tensor d = bin(BinaryOp::Mul, b, bin(BinaryOp::Pow, a, bm1));
          out[0] = ops::sum_to(bin(BinaryOp::Mul, g, d), a.shape());
        }
        if (n[1]) {
          // y * log(a) where a > 0, else 0 (TensorFlow's convention).
          const Tensor positive = bin(BinaryOp::Greater, a, Tensor::scalar(0.0));
          const Tensor safe_a = ops::where(positive, a, Tensor::scalar(1.0));
          const Tensor d = bin(BinaryOp::Mul, y, ops::unary(UnaryOp::Log, safe_a));
          out[1] = ops::sum_to(bin(BinaryOp::Mul, g, ops::where(positive, d, Tensor::scalar(0.0))),
                               b.shape());
        }
        return out;
      });
}

namespace {
Tensor select_grad(const char* name, BinaryOp op, BinaryOp choose_a, const Tensor& a,
                   const Tensor& b) {
  Tensor y = bin(op, a, b);
  return autograd::record(
      y, name, {a, b},
      [choose_a, a = a.detach(), b = b.detach()](const Tensor& g, const std::vector<bool>& n) {
        const Tensor take_a = bin(choose_a, a, b);
        const Tensor zero = Tensor::scalar(0.0);
        return Grads{n[0] ? ops::sum_to(ops::where(take_a, g, zero), a.shape()) : Tensor(),
                     n[1] ? ops::sum_to(ops::where(take_a, zero, g), b.shape()) : Tensor()};
      });
}
}  // namespace

Tensor maximum(const Tensor& a, const Tensor& b) {
  return select_grad("maximum", BinaryOp::Maximum, BinaryOp::GreaterEqual, a, b);
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  return select_grad("minimum", BinaryOp::Minimum, BinaryOp::LessEqual, a, b);
}

Tensor negative(const Tensor& x) { return unary_fn("negative", UnaryOp::Neg, x); }
Tensor abs(const Tensor& x) { return unary_fn("abs", UnaryOp::Abs, x); }
Tensor sign(const Tensor& x) { return unary_fn("sign", UnaryOp::Sign, x); }
Tensor square(const Tensor& x) { return unary_fn("square", UnaryOp::Square, x); }
Tensor sqrt(const Tensor& x) { return unary_fn("sqrt", UnaryOp::Sqrt, x); }
Tensor rsqrt(const Tensor& x) { return unary_fn("rsqrt", UnaryOp::Rsqrt, x); }
Tensor reciprocal(const Tensor& x) { return unary_fn("reciprocal", UnaryOp::Reciprocal, x); }
Tensor exp(const Tensor& x) { return unary_fn("exp", UnaryOp::Exp, x); }
Tensor expm1(const Tensor& x) { return unary_fn("expm1", UnaryOp::Expm1, x); }
Tensor log(const Tensor& x) { return unary_fn("log", UnaryOp::Log, x); }
Tensor log1p(const Tensor& x) { return unary_fn("log1p", UnaryOp::Log1p, x); }
Tensor sin(const Tensor& x) { return unary_fn("sin", UnaryOp::Sin, x); }
Tensor cos(const Tensor& x) { return unary_fn("cos", UnaryOp::Cos, x); }
Tensor clip(const Tensor& x, float min_value, float max_value) {
  check(min_value <= max_value, "clip: expected min <= max; received min=", min_value,
        ", max=", max_value);
  return unary_fn("clip", UnaryOp::Clip, x, min_value, max_value);
}
Tensor power_scalar(const Tensor& x, float exponent) {
  return unary_fn("power", UnaryOp::PowScalar, x, exponent);
}

Tensor equal(const Tensor& a, const Tensor& b) { return bin(BinaryOp::Equal, a, b); }
Tensor not_equal(const Tensor& a, const Tensor& b) { return bin(BinaryOp::NotEqual, a, b); }
Tensor less(const Tensor& a, const Tensor& b) { return bin(BinaryOp::Less, a, b); }
Tensor less_equal(const Tensor& a, const Tensor& b) { return bin(BinaryOp::LessEqual, a, b); }
Tensor greater(const Tensor& a, const Tensor& b) { return bin(BinaryOp::Greater, a, b); }
Tensor greater_equal(const Tensor& a, const Tensor& b) {
  return bin(BinaryOp::GreaterEqual, a, b);
}
Tensor logical_and(const Tensor& a, const Tensor& b) { return bin(BinaryOp::LogicalAnd, a, b); }
Tensor logical_or(const Tensor& a, const Tensor& b) { return bin(BinaryOp::LogicalOr, a, b); }
Tensor logical_not(const Tensor& x) {
  return bin(BinaryOp::Equal, ops::cast(x, DType::Bool), Tensor::scalar(0.0, DType::Bool));
}

Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y) {
  Tensor out = ops::where(cond, x, y);
  return autograd::record(
      out, "where", {cond, x, y},
      [c = ops::cast(cond, DType::Bool).detach(), sx = x.shape(), sy = y.shape()](
          const Tensor& g, const std::vector<bool>& n) {
        const Tensor zero = Tensor::scalar(0.0);
        return Grads{Tensor(), n[1] ? ops::sum_to(ops::where(c, g, zero), sx) : Tensor(),
                     n[2] ? ops::sum_to(ops::where(c, zero, g), sy) : Tensor()};
      });
}

Tensor cast(const Tensor& x, DType dtype) {
  Tensor y = ops::cast(x, dtype);
  if (!is_floating(dtype) || !is_floating(x.dtype())) return y;  // no gradient through integers
  return autograd::record(y, "cast", {x}, [](const Tensor& g, const std::vector<bool>&) {
    return Grads{g};
  });
}

}  // namespace pydeep
