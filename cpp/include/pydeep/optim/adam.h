#pragma once
// Keras 3 Adam (keras/src/optimizers/adam.py), at step t = iterations + 1:
//   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   amsgrad: vhat = max(vhat, v), used in place of v
//   var -= alpha * m / (sqrt(v) + epsilon)
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Adam : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // beta_1 = 0.9, beta_2 = 0.999 (each in [0, 1)), epsilon = 1e-7 (>= 0),
  // amsgrad = false. ValueError naming the argument otherwise.
  explicit Adam(const Json& config = Json()) : Adam(config, "adam") {}

  const char* class_name() const override { return "Adam"; }
  Json get_config() const override;

 protected:
  Adam(const Json& config, const std::string& default_name);  // for AdamW
  // Keras's order: "<var>_momentum", "<var>_velocity" per variable, then
  // "<var>_velocity_hat" per variable when amsgrad.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double beta_1_, beta_2_, epsilon_;
  bool amsgrad_;
  std::vector<Variable> momentums_, velocities_, velocity_hats_;
};

}  // namespace pydeep::optim
