#pragma once
// Keras 3 Nadam (keras/src/optimizers/nadam.py): Adam with Nesterov
// momentum and Dozat's momentum schedule, at step t = iterations + 1:
//   u_t = beta_1 * (1 - 0.5 * 0.96^t),  u_next = beta_1 * (1 - 0.5 * 0.96^(t+1))
//   u_product *= u_t (once per update, a float32 scalar slot)
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   m_hat = u_next * m / (1 - u_product * u_next) + (1 - u_t) * g / (1 - u_product)
//   var -= m_hat * lr / (sqrt(v / (1 - beta_2^t)) + epsilon)
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Nadam : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // beta_1 = 0.9, beta_2 = 0.999 (each in [0, 1)), epsilon = 1e-7 (>= 0).
  explicit Nadam(const Json& config = Json());

  const char* class_name() const override { return "Nadam"; }
  Json get_config() const override;

 protected:
  // Keras's order: "<var>_momentum", "<var>_velocity" per variable, then
  // the running product u_product (a float32 scalar named "variable", 1 at
  // first, as Keras creates it).
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void begin_update(double lr) override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double beta_1_, beta_2_, epsilon_;
  std::vector<Variable> momentums_, velocities_;
  Variable u_product_;
  ops::NadamFactors factors_{};  // of the current update (begin_update)
};

}  // namespace pydeep::optim
