// MaxNorm / MinMaxNorm / UnitNorm / NonNeg with Keras 3's formulas.
#include "pydeep/constraints/norms.h"

#include <cmath>

#include "pydeep/autograd/functions.h"

namespace pydeep::constraints {
namespace {

constexpr double kEpsilon = 1e-7;  // keras.config.epsilon()

double read_number(const Json& v, const char* key, const std::string& where) {
  check(v.is_number() && !v.is_bool() && std::isfinite(v.as_double(key)), where,
        ": expected `", key, "` to be a finite number; received ", key, "=", v.dump());
  return v.as_double(key);
}

Tensor as_float(const Tensor& x) { return x.dtype() == DType::Float32 ? x : cast(x, DType::Float32); }

}  // namespace

NormConstraint::NormConstraint(Kind kind, const Json& config, const std::string& where)
    : kind_(kind) {
  axis_json_ = config.get("axis", Json(0));
  if (axis_json_.is_array()) {
    for (std::int64_t a : axis_json_.as_int_vector("axis")) axes_.push_back(static_cast<int>(a));
  } else {
    check(axis_json_.is_int(), where, ": expected `axis` to be an integer or a list of "
          "integers; received axis=", axis_json_.dump());
    axes_.push_back(static_cast<int>(axis_json_.as_int("axis")));
  }
  if (kind_ == Kind::MaxNorm) {
    max_json_ = config.get("max_value", Json(2));
    max_value_ = read_number(max_json_, "max_value", where);
  } else if (kind_ == Kind::MinMaxNorm) {
    min_json_ = config.get("min_value", Json(0.0));
    max_json_ = config.get("max_value", Json(1.0));
    rate_json_ = config.get("rate", Json(1.0));
    min_value_ = read_number(min_json_, "min_value", where);
    max_value_ = read_number(max_json_, "max_value", where);
    rate_ = read_number(rate_json_, "rate", where);
  }
}

const char* NormConstraint::class_name() const {
  return kind_ == Kind::MaxNorm ? "MaxNorm" : kind_ == Kind::MinMaxNorm ? "MinMaxNorm" : "UnitNorm";
}

Tensor NormConstraint::operator()(const Tensor& w_in) const {
  const Tensor w = as_float(w_in);
  for (int a : axes_)
    check(a >= -w.ndim() && a < std::max(w.ndim(), 1), class_name(), ": axis ", a,
          " is out of range for a weight of shape ", shape_str(w.shape()));
  const Tensor norms = sqrt(sum(square(w), axes_, true));
  const Tensor denom = add(Tensor::scalar(kEpsilon), norms);
  if (kind_ == Kind::UnitNorm) return divide(w, denom);
  Tensor desired;
  if (kind_ == Kind::MaxNorm) {
    desired = clip(norms, 0.0f, static_cast<float>(max_value_));
  } else {
    desired = add(multiply(Tensor::scalar(rate_),
                           clip(norms, static_cast<float>(min_value_), static_cast<float>(max_value_))),
                  multiply(Tensor::scalar(1.0 - rate_), norms));
  }
  return multiply(w, divide(desired, denom));
}

Json NormConstraint::get_config() const {
  if (kind_ == Kind::MaxNorm) return Json::object({{"max_value", max_json_}, {"axis", axis_json_}});
  if (kind_ == Kind::MinMaxNorm)
    return Json::object({{"min_value", min_json_}, {"max_value", max_json_},
                         {"rate", rate_json_}, {"axis", axis_json_}});
  return Json::object({{"axis", axis_json_}});
}

Tensor NonNeg::operator()(const Tensor& w) const {
  return maximum(as_float(w), Tensor::scalar(0.0));
}

}  // namespace pydeep::constraints
