#include "pydeep/optim/adam.h"

#include <cmath>

namespace pydeep::optim {

Adam::Adam(const Json& config, const std::string& default_name)
    : Optimizer(config, default_name, 0.001),
      beta_1_(read_number(config, "beta_1", 0.9)),
      beta_2_(read_number(config, "beta_2", 0.999)),
      epsilon_(read_number(config, "epsilon", 1e-7)),
      amsgrad_(read_bool(config, "amsgrad", false)) {
  check(beta_1_ >= 0 && beta_1_ < 1, "Adam: expected `beta_1` in [0, 1); received beta_1=",
        beta_1_);
  check(beta_2_ >= 0 && beta_2_ < 1, "Adam: expected `beta_2` in [0, 1); received beta_2=",
        beta_2_);
  check(epsilon_ >= 0, "Adam: expected `epsilon` >= 0; received epsilon=", epsilon_);
}

Json Adam::get_config() const {
  Json config = Optimizer::get_config();
  config.set("beta_1", beta_1_);
  config.set("beta_2", beta_2_);
  config.set("epsilon", epsilon_);
  config.set("amsgrad", amsgrad_);
  return config;
}

void Adam::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) {
    momentums_.push_back(make_slot(v, "momentum"));
    velocities_.push_back(make_slot(v, "velocity"));
  }
  if (amsgrad_)
    for (const Variable& v : vars) velocity_hats_.push_back(make_slot(v, "velocity_hat"));
}

std::vector<Variable> Adam::slot_variables() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < momentums_.size(); ++i) {
    out.push_back(momentums_[i]);
    out.push_back(velocities_[i]);
  }
  out.insert(out.end(), velocity_hats_.begin(), velocity_hats_.end());
  return out;
}

void Adam::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                       const ops::UpdatePrologue& prologue) {
  const double t = static_cast<double>(iterations() + 1);
  const double alpha = lr * std::sqrt(1 - std::pow(beta_2_, t)) / (1 - std::pow(beta_1_, t));
  Tensor w = var, m = momentums_[index], v = velocities_[index];
  Tensor vhat = amsgrad_ ? Tensor(velocity_hats_[index]) : Tensor();
  ops::kernels().adam_update.get(var.device().type)(
      prologue, grad, w, m, v, vhat, static_cast<float>(alpha), static_cast<float>(1 - beta_1_),
      static_cast<float>(1 - beta_2_), static_cast<float>(epsilon_));
}

}  // namespace pydeep::optim
