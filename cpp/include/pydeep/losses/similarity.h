#pragma once
// Similarity losses (Keras 3 formulas).
#include <cstdint>

#include "pydeep/losses/loss.h"

namespace pydeep::losses {

// -sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis), where
// l2_normalize(x) = x * minimum(rsqrt(sum(x^2, axis)), 1 / epsilon): a zero
// vector gives 0. Values lie in [-1, 1]; -1 means the same direction.
// Config: axis (default -1).
class CosineSimilarity : public Loss {
 public:
  explicit CosineSimilarity(const Json& config = Json());
  const char* class_name() const override { return "CosineSimilarity"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;
  std::int64_t axis() const { return axis_; }

 private:
  std::int64_t axis_ = -1;
};

}  // namespace pydeep::losses
