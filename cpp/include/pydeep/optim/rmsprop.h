#pragma once
// Keras 3 RMSprop (keras/src/optimizers/rmsprop.py):
//   v = rho * v + (1 - rho) * g^2
//   centered: avg = rho * avg + (1 - rho) * g;  d = v - avg^2 + epsilon;  else d = v + epsilon
//   inc = lr * g / sqrt(d)
//   momentum > 0: mom = momentum * mom + inc, var -= mom;  else var -= inc
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class RMSprop : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // rho = 0.9 (in [0, 1]), momentum = 0.0 (>= 0), epsilon = 1e-7 (>= 0),
  // centered = false.
  explicit RMSprop(const Json& config = Json());

  const char* class_name() const override { return "RMSprop"; }
  Json get_config() const override;

 protected:
  // Keras's order: "<var>_velocity" for every variable, then
  // "<var>_momentum" for every variable (momentum > 0), then
  // "<var>_average_gradient" for every variable (centered).
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double rho_, momentum_, epsilon_;
  bool centered_;
  std::vector<Variable> velocities_, momentums_, average_gradients_;
};

}  // namespace pydeep::optim
