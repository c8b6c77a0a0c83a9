#include "pydeep/optim/adamax.h"

#include <cmath>

namespace pydeep::optim {

Adamax::Adamax(const Json& config)
    : Optimizer(config, "adamax", 0.001),
      beta_1_(read_number(config, "beta_1", 0.9)),
      beta_2_(read_number(config, "beta_2", 0.999)),
      epsilon_(read_number(config, "epsilon", 1e-7)) {
  check(beta_1_ >= 0 && beta_1_ < 1, "Adamax: expected `beta_1` in [0, 1); received beta_1=",
        beta_1_);
  check(beta_2_ >= 0 && beta_2_ < 1, "Adamax: expected `beta_2` in [0, 1); received beta_2=",
        beta_2_);
  check(epsilon_ >= 0, "Adamax: expected `epsilon` >= 0; received epsilon=", epsilon_);
}

Json Adamax::get_config() const {
  Json config = Optimizer::get_config();
  config.set("beta_1", beta_1_);
  config.set("beta_2", beta_2_);
  config.set("epsilon", epsilon_);
  return config;
}

void Adamax::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) {
    momentums_.push_back(make_slot(v, "momentum"));
    norms_.push_back(make_slot(v, "norm"));
  }
}

std::vector<Variable> Adamax::slot_variables() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < momentums_.size(); ++i) {
    out.push_back(momentums_[i]);
    out.push_back(norms_[i]);
  }
  return out;
}

void Adamax::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                         const ops::UpdatePrologue& prologue) {
  // beta_1^t is a float32 power in Keras.
  const float t = static_cast<float>(iterations() + 1);
  const float beta_1_power = std::pow(static_cast<float>(beta_1_), t);
  const ops::AdamaxFactors f{static_cast<float>(lr), static_cast<float>(1 - beta_1_),
                             static_cast<float>(beta_2_), static_cast<float>(epsilon_),
                             1.f - beta_1_power};
  Tensor w = var, m = momentums_[index], u = norms_[index];
  ops::kernels().adamax_update.get(var.device().type)(prologue, grad, w, m, u, f);
}

}  // namespace pydeep::optim
