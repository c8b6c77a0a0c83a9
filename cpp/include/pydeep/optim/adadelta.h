#pragma once
// Keras 3 Adadelta (keras/src/optimizers/adadelta.py):
//   ag = rho * ag + (1 - rho) * g^2
//   delta = -sqrt(ad + epsilon) * g / sqrt(ag + epsilon)
//   ad = rho * ad + (1 - rho) * delta^2;  var += lr * delta
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Adadelta : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // rho = 0.95 (in [0, 1]), epsilon = 1e-7 (>= 0).
  explicit Adadelta(const Json& config = Json());

  const char* class_name() const override { return "Adadelta"; }
  Json get_config() const override;

 protected:
  // Keras's order: "<var>_accumulated_grad", "<var>_accumulated_delta_var"
  // per variable.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double rho_, epsilon_;
  std::vector<Variable> accumulated_grads_, accumulated_deltas_;
};

}  // namespace pydeep::optim
