#pragma once
// The built-in regularizers (see regularizer.h for their formulas).
#include <string>

#include "pydeep/regularizers/regularizer.h"

namespace pydeep::regularizers {

// L1, L2 and L1L2 share one implementation; class_name and the config keys
// follow the class the user asked for.
class L1L2 : public Regularizer {
 public:
  enum class Kind { L1, L2, L1L2 };
  L1L2(Kind kind, double l1, double l2);
  const char* class_name() const override;
  Tensor operator()(const Tensor& x) const override;
  Json get_config() const override;

 private:
  Kind kind_;
  double l1_, l2_;
};

class OrthogonalRegularizer : public Regularizer {
 public:
  OrthogonalRegularizer(double factor, std::string mode);  // mode: "rows" | "columns"
  const char* class_name() const override { return "OrthogonalRegularizer"; }
  Tensor operator()(const Tensor& x) const override;
  Json get_config() const override;

 private:
  double factor_;
  std::string mode_;
};

}  // namespace pydeep::regularizers
