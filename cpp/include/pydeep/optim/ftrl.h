#pragma once
// Keras 3 Ftrl (keras/src/optimizers/ftrl.py), "Follow The Regularized
// Leader", with P = -learning_rate_power and l2 = l2_regularization_strength
// + beta / (2 lr):
//   n' = n + g^2
//   linear += g + 2 * l2_shrinkage * var - (n'^P - n^P) / lr * var
//   var = (clip(linear, -l1, l1) - linear) / (n'^P / lr + 2 * l2);  n = n'
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Ftrl : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // learning_rate_power = -0.5 (<= 0), initial_accumulator_value = 0.1,
  // l1_regularization_strength, l2_regularization_strength,
  // l2_shrinkage_regularization_strength (each >= 0, default 0), beta = 0.
  // ValueError with Keras's messages otherwise.
  explicit Ftrl(const Json& config = Json());

  const char* class_name() const override { return "Ftrl"; }
  Json get_config() const override;

 protected:
  // Keras's order: "<var>_accumulator" (starting at
  // initial_accumulator_value), "<var>_linear" per variable.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double learning_rate_power_, initial_accumulator_value_, l1_, l2_, l2_shrinkage_, beta_;
  std::vector<Variable> accumulators_, linears_;
};

}  // namespace pydeep::optim
