// L1 / L2 / L1L2 and OrthogonalRegularizer, built from differentiable
// functions so that their gradients reach the weights they penalise.
#include "pydeep/regularizers/penalties.h"

#include "pydeep/autograd/functions.h"

namespace pydeep::regularizers {
namespace {

Tensor as_float(const Tensor& x) { return x.dtype() == DType::Float32 ? x : cast(x, DType::Float32); }

Tensor scaled(double factor, const Tensor& t) { return multiply(Tensor::scalar(factor), t); }

}  // namespace

L1L2::L1L2(Kind kind, double l1, double l2) : kind_(kind), l1_(l1), l2_(l2) {}

const char* L1L2::class_name() const {
  return kind_ == Kind::L1 ? "L1" : kind_ == Kind::L2 ? "L2" : "L1L2";
}

Tensor L1L2::operator()(const Tensor& x_in) const {
  const Tensor x = as_float(x_in);
  // L1 and L2 always compute their term; L1L2 skips a zero factor (as Keras).
  Tensor total;
  if (kind_ == Kind::L1 || (kind_ == Kind::L1L2 && l1_ != 0.0)) total = scaled(l1_, sum(abs(x)));
  if (kind_ == Kind::L2 || (kind_ == Kind::L1L2 && l2_ != 0.0)) {
    Tensor t = scaled(l2_, sum(square(x)));
    total = total.defined() ? add(total, t) : t;
  }
  return total.defined() ? total : Tensor::scalar(0.0);
}

Json L1L2::get_config() const {
  if (kind_ == Kind::L1) return Json::object({{"l1", l1_}});
  if (kind_ == Kind::L2) return Json::object({{"l2", l2_}});
  return Json::object({{"l1", l1_}, {"l2", l2_}});
}

OrthogonalRegularizer::OrthogonalRegularizer(double factor, std::string mode)
    : factor_(factor), mode_(std::move(mode)) {
  check(mode_ == "rows" || mode_ == "columns", "OrthogonalRegularizer: invalid value for "
        "argument `mode`. Expected one of {\"rows\", \"columns\"}. Received: mode=", mode_);
}

Tensor OrthogonalRegularizer::operator()(const Tensor& x_in) const {
  check(x_in.ndim() == 2, "OrthogonalRegularizer: expected inputs of rank 2; received shape ",
        shape_str(x_in.shape()), ". Apply it to a 2-D weight such as a Dense kernel.");
  const Tensor x = as_float(x_in);
  const bool rows = mode_ == "rows";
  // Keras's normalize: x * min(rsqrt(sum(x^2)), 1 / epsilon), epsilon = 1e-7.
  const Tensor inv_norm = minimum(rsqrt(sum(square(x), {rows ? 1 : 0}, true)),
                                  Tensor::scalar(1.0 / 1e-7));
  const Tensor n = multiply(x, inv_norm);
  const Tensor gram = rows ? matmul(n, transpose(n)) : matmul(transpose(n), n);
  const std::int64_t size = x.dim(rows ? 0 : 1);
  Tensor off_diagonal = Tensor::full({size, size}, 1.0);
  float* m = off_diagonal.data<float>();
  for (std::int64_t i = 0; i < size; ++i) m[i * size + i] = 0.0f;
  const double pairs = static_cast<double>(size) * (size - 1.0) / 2.0;
  // size 1: no pairs, 0 / 0 = NaN, as in Keras.
  return divide(scaled(factor_ * 0.5, sum(abs(multiply(gram, off_diagonal)))),
                Tensor::scalar(pairs));
}

Json OrthogonalRegularizer::get_config() const {
  return Json::object({{"factor", factor_}, {"mode", mode_}});
}

}  // namespace pydeep::regularizers
