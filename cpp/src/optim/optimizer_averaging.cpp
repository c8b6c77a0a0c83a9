// The parts of Keras 3's optimizer base that keep running sums of the
// variables or gradients (keras/src/optimizers/base_optimizer.py):
// gradient accumulation and the exponential moving average of the weights
// (use_ema), with finalize_variable_values; and which variables weight
// decay skips (exclude_from_weight_decay).
#include <regex>

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

void Optimizer::exclude_from_weight_decay(const std::vector<Variable>& vars,
                                          const std::vector<std::string>& names) {
  for (const std::string& pattern : names) {
    try {
      std::regex check_syntax(pattern);
    } catch (const std::regex_error& e) {
      throw ValueError(str("Optimizer '", name_, "'.exclude_from_weight_decay: expected regular "
                           "expressions in `var_names`; received '", pattern, "' (", e.what(),
                           ")"));
    }
  }
  decay_excluded_vars_ = vars;
  decay_excluded_names_ = names;
  if (built_) compute_decay_mask(built_vars_);
}

void Optimizer::compute_decay_mask(const std::vector<Variable>& vars) {
  decayed_.assign(vars.size(), true);
  for (std::size_t i = 0; i < vars.size(); ++i) {
    for (const Variable& excluded : decay_excluded_vars_)
      if (excluded.impl_ptr() == vars[i].impl_ptr()) decayed_[i] = false;
    const std::string& path = vars[i].name();
    const std::string name = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
    for (const std::string& pattern : decay_excluded_names_)
      if (std::regex_search(name, std::regex(pattern))) decayed_[i] = false;
  }
}

}  // namespace pydeep::optim
