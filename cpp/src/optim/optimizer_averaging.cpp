// The parts of Keras 3's optimizer base that keep running sums of the
// variables or gradients (keras/src/optimizers/base_optimizer.py):
// gradient accumulation and the exponential moving average of the weights
// (use_ema), with finalize_variable_values.
#include "pydeep/optim/optimizer.h"

namespace pydeep::optim {

void Optimizer::accumulate_gradients(std::vector<Tensor>& grads, bool update) {
  // Keras: between updates acc += g; on an update the rule sees (g + acc) / n.
  // Variables without a gradient this call keep their accumulator untouched
  // (and lose it at the reset after an update, as in Keras).
  const auto& table = ops::kernels();
  const float divisor = update ? static_cast<float>(accumulation_steps()) : 1.f;
  for (std::size_t i = 0; i < grads.size(); ++i) {
    if (!grads[i].defined()) continue;
    Tensor acc = accumulators_[i];
    table.accumulate_grad.get(acc.device().type)(grads[i], acc, divisor);
    if (update) grads[i] = acc;
  }
}

void Optimizer::reset_accumulators() {
  const auto& table = ops::kernels();
  for (const Variable& a : accumulators_) {
    Tensor acc = a;
    table.fill.get(acc.device().type)(acc, 0.0);
  }
}

void Optimizer::update_moving_averages(const std::vector<Variable>& vars) {
  // Keras: the first update (iterations == 0) copies the variables; the
  // factors are float32, as Keras's momentum tensor.
  const float momentum = iterations() == 0 ? 0.f : static_cast<float>(ema_momentum_);
  const auto& table = ops::kernels();
  for (std::size_t i = 0; i < vars.size(); ++i) {
    Tensor average = averages_[i];
    table.ema_update.get(average.device().type)(vars[i], average, momentum, 1.f - momentum);
  }
  if (ema_overwrite_frequency_ && (iterations() + 1) % *ema_overwrite_frequency_ == 0)
    finalize_variable_values(vars);
}

void Optimizer::finalize_variable_values(const std::vector<Variable>& vars) {
  if (!use_ema_ || !built_) return;
  check(vars.size() == averages_.size(), "Optimizer '", name_, "'.finalize_variable_values: The "
        "length of model variables (", vars.size(), ") to override does not match the length of "
        "model variables stored in the optimizer (", averages_.size(), "). Please check if the "
        "optimizer was called on your model.");
  for (std::size_t i = 0; i < vars.size(); ++i) vars[i].assign(averages_[i]);
}

}  // namespace pydeep::optim
