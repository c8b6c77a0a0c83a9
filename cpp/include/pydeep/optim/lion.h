#pragma once
// Keras 3 Lion (keras/src/optimizers/lion.py):
//   var -= lr * sign(m * beta_1 + g * (1 - beta_1))
//   m = m * beta_2 + g * (1 - beta_2)
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Lion : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // beta_1 = 0.9 (in (0, 1], ValueError otherwise, as in Keras),
  // beta_2 = 0.99 (in [0, 1]).
  explicit Lion(const Json& config = Json());

  const char* class_name() const override { return "Lion"; }
  Json get_config() const override;

 protected:
  // One "<var>_momentum" per variable.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override { return momentums_; }
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double beta_1_, beta_2_;
  std::vector<Variable> momentums_;
};

}  // namespace pydeep::optim
