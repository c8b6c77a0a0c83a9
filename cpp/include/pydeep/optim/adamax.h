#pragma once
// Keras 3 Adamax (keras/src/optimizers/adamax.py), Adam with the infinity
// norm, at step t = iterations + 1:
//   m += (g - m) * (1 - beta_1);  u = max(beta_2 * u, |g|)
//   var -= lr * m / ((1 - beta_1^t) * (u + epsilon))
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Adamax : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // beta_1 = 0.9, beta_2 = 0.999 (each in [0, 1)), epsilon = 1e-7 (>= 0).
  explicit Adamax(const Json& config = Json());

  const char* class_name() const override { return "Adamax"; }
  Json get_config() const override;

 protected:
  // Keras's order: "<var>_momentum", "<var>_norm" per variable.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double beta_1_, beta_2_, epsilon_;
  std::vector<Variable> momentums_, norms_;
};

}  // namespace pydeep::optim
