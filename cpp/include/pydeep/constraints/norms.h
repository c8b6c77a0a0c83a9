#pragma once
// The built-in constraints (see constraint.h for their formulas).
#include "pydeep/constraints/constraint.h"

namespace pydeep::constraints {

// MaxNorm, MinMaxNorm and UnitNorm: rescale w by desired(norm) / (eps + norm)
// with norms over `axis`. Config values are kept as given (Keras returns
// them unchanged: max_value=2 stays an integer).
class NormConstraint : public Constraint {
 public:
  enum class Kind { MaxNorm, MinMaxNorm, UnitNorm };
  NormConstraint(Kind kind, const Json& config, const std::string& where);
  const char* class_name() const override;
  Tensor operator()(const Tensor& w) const override;
  Json get_config() const override;

 private:
  Kind kind_;
  Json min_json_, max_json_, rate_json_, axis_json_;
  double min_value_ = 0.0, max_value_ = 1.0, rate_ = 1.0;
  std::vector<int> axes_;
};

class NonNeg : public Constraint {
 public:
  const char* class_name() const override { return "NonNeg"; }
  Tensor operator()(const Tensor& w) const override;
  Json get_config() const override { return Json::object(); }
};

}  // namespace pydeep::constraints
