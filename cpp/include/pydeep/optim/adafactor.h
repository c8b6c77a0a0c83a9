#pragma once
// Keras 3 Adafactor (keras/src/optimizers/adafactor.py), at step
// t = iterations + 1, with G = g^2 + epsilon_1:
//   lr = min(lr, 1 / sqrt(t)) when relative_step and lr is not a schedule
//   rho_t = min(lr, 1 / sqrt(t));  alpha = max(epsilon_2, rms(var)) * rho_t
//   beta_2_t = 1 - t^beta_2_decay
//   rank >= 2 (var (..., R, C)): r = beta_2_t r + (1 - beta_2_t) mean over C of G,
//     c = beta_2_t c + (1 - beta_2_t) mean over R of G, v = (r / mean(r)) outer c
//   rank < 2: v = beta_2_t v + (1 - beta_2_t) G
//   u = g / sqrt(v);  var -= alpha * u / max(1, rms(u) / clip_threshold)
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Adafactor : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // beta_2_decay = -0.8, epsilon_1 = 1e-30, epsilon_2 = 1e-3 (each >= 0),
  // clip_threshold = 1.0 (> 0), relative_step = true.
  explicit Adafactor(const Json& config = Json());

  const char* class_name() const override { return "Adafactor"; }
  Json get_config() const override;

 protected:
  // Keras's order, per variable: r, c, "<var>_velocity". r and c are named
  // after the variable's last name component (Keras's var.name): for rank
  // >= 2 float32 of shapes (..., R) and (..., C); for rank < 2 unused int32
  // scalars 0, as Keras creates them.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override;
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double beta_2_decay_, epsilon_1_, epsilon_2_, clip_threshold_;
  bool relative_step_;
  std::vector<Variable> r_, c_, v_;
};

}  // namespace pydeep::optim
