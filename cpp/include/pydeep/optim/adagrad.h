#pragma once
// Keras 3 Adagrad (keras/src/optimizers/adagrad.py):
//   acc += g^2;  var -= lr * g / sqrt(acc + epsilon)
// with acc starting at initial_accumulator_value.
#include <vector>

#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

class Adagrad : public Optimizer {
 public:
  // Config: the common arguments (Optimizer), learning_rate = 0.001,
  // initial_accumulator_value = 0.1 (>= 0), epsilon = 1e-7 (>= 0).
  explicit Adagrad(const Json& config = Json());

  const char* class_name() const override { return "Adagrad"; }
  Json get_config() const override;

 protected:
  // One "<var>_accumulator" per variable.
  void build_slots(const std::vector<Variable>& vars) override;
  std::vector<Variable> slot_variables() const override { return accumulators_; }
  void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                   const ops::UpdatePrologue& prologue) override;

 private:
  double initial_accumulator_value_, epsilon_;
  std::vector<Variable> accumulators_;
};

}  // namespace pydeep::optim
