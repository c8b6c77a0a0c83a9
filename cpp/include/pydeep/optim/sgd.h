#pragma once
// Keras 3 SGD (keras/src/optimizers/sgd.py): gradient descent with optional
// (Nesterov) momentum.
//   m = momentum * m - lr * g
//   nesterov: var += momentum * m - lr * g;  else: var += m
//   momentum == 0 (no slot): var -= lr * g
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class SGD : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.01,
  // momentum = 0.0 (in [0, 1], ValueError otherwise), nesterov = false.
  explicit SGD(const Json& config = Json());

  const char* class_name() const override { return "SGD"; }
  Json get_config() const override;
  double momentum() const { return momentum_; }
  bool nesterov() const { return nesterov_; }

 protected:
  // One "<var>_momentum" slot per variable, only when momentum != 0 (as Keras).
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override { return momentums_; }
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double momentum_;
  bool nesterov_;
  std::vector<Variable> momentums_;
};

}  // namespace pydeep::optim
