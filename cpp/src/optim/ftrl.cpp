#include "pydeep/optim/ftrl.h"

namespace pydeep::optim {

Ftrl::Ftrl(const Json& config)
    : Optimizer(config, "ftrl", 0.001),
      learning_rate_power_(read_number(config, "learning_rate_power", -0.5)),
      initial_accumulator_value_(read_number(config, "initial_accumulator_value", 0.1)),
      l1_(read_number(config, "l1_regularization_strength", 0.0)),
      l2_(read_number(config, "l2_regularization_strength", 0.0)),
      l2_shrinkage_(read_number(config, "l2_shrinkage_regularization_strength", 0.0)),
      beta_(read_number(config, "beta", 0.0)) {
  // Keras's checks and messages.
  check(initial_accumulator_value_ >= 0, "`initial_accumulator_value` needs to be positive or "
        "zero. Received: initial_accumulator_value=", initial_accumulator_value_, ".");
  check(learning_rate_power_ <= 0, "`learning_rate_power` needs to be negative or zero. "
        "Received: learning_rate_power=", learning_rate_power_, ".");
  check(l1_ >= 0, "`l1_regularization_strength` needs to be positive or zero. Received: "
        "l1_regularization_strength=", l1_, ".");
  check(l2_ >= 0, "`l2_regularization_strength` needs to be positive or zero. Received: "
        "l2_regularization_strength=", l2_, ".");
  check(l2_shrinkage_ >= 0, "`l2_shrinkage_regularization_strength` needs to be positive or "
        "zero. Received: l2_shrinkage_regularization_strength=", l2_shrinkage_, ".");
}

Json Ftrl::get_config() const {
  Json config = Optimizer::get_config();
  config.set("learning_rate_power", learning_rate_power_);
  config.set("initial_accumulator_value", initial_accumulator_value_);
  config.set("l1_regularization_strength", l1_);
  config.set("l2_regularization_strength", l2_);
  config.set("l2_shrinkage_regularization_strength", l2_shrinkage_);
  config.set("beta", beta_);
  return config;
}

void Ftrl::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) {
    accumulators_.push_back(make_slot(v, "accumulator", initial_accumulator_value_));
    linears_.push_back(make_slot(v, "linear"));
  }
}

std::vector<Variable> Ftrl::slot_variables() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < accumulators_.size(); ++i) {
    out.push_back(accumulators_[i]);
    out.push_back(linears_[i]);
  }
  return out;
}

void Ftrl::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                       const ops::UpdatePrologue& prologue) {
  // Keras adds beta / (2 lr) to l2 with lr a float32 tensor.
  const float lr_f = static_cast<float>(lr);
  const float l2 = static_cast<float>(l2_) + static_cast<float>(beta_) / (2.f * lr_f);
  const ops::FtrlFactors f{lr_f, static_cast<float>(learning_rate_power_),
                           static_cast<float>(l1_), l2, static_cast<float>(l2_shrinkage_)};
  Tensor w = var, n = accumulators_[index], linear = linears_[index];
  ops::kernels().ftrl_update.get(var.device().type)(prologue, grad, w, n, linear, f);
}

}  // namespace pydeep::optim
