#include "pydeep/optim/adagrad.h"

namespace pydeep::optim {

Adagrad::Adagrad(const Json& config)
    : Optimizer(config, "adagrad", 0.001),
      initial_accumulator_value_(read_number(config, "initial_accumulator_value", 0.1)),
      epsilon_(read_number(config, "epsilon", 1e-7)) {
  check(initial_accumulator_value_ >= 0, "Adagrad: expected `initial_accumulator_value` >= 0; "
        "received initial_accumulator_value=", initial_accumulator_value_);
  check(epsilon_ >= 0, "Adagrad: expected `epsilon` >= 0; received epsilon=", epsilon_);
}

Json Adagrad::get_config() const {
  Json config = Optimizer::get_config();
  config.set("initial_accumulator_value", initial_accumulator_value_);
  config.set("epsilon", epsilon_);
  return config;
}

void Adagrad::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars)
    accumulators_.push_back(make_slot(v, "accumulator", initial_accumulator_value_));
}

void Adagrad::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                          const ops::UpdatePrologue& prologue) {
  Tensor w = var, acc = accumulators_[index];
  ops::kernels().adagrad_update.get(var.device().type)(
      prologue, grad, w, acc, static_cast<float>(lr), static_cast<float>(epsilon_));
}

}  // namespace pydeep::optim
