#include "pydeep/optim/nadam.h"

#include <cmath>

namespace pydeep::optim {

Nadam::Nadam(const Json& config)
    : Optimizer(config, "nadam", 0.001),
      beta_1_(read_number(config, "beta_1", 0.9)),
      beta_2_(read_number(config, "beta_2", 0.999)),
      epsilon_(read_number(config, "epsilon", 1e-7)) {
  check(beta_1_ >= 0 && beta_1_ < 1, "Nadam: expected `beta_1` in [0, 1); received beta_1=",
        beta_1_);
  check(beta_2_ >= 0 && beta_2_ < 1, "Nadam: expected `beta_2` in [0, 1); received beta_2=",
        beta_2_);
  check(epsilon_ >= 0, "Nadam: expected `epsilon` >= 0; received epsilon=", epsilon_);
}

Json Nadam::get_config() const {
  Json config = Optimizer::get_config();
  config.set("beta_1", beta_1_);
  config.set("beta_2", beta_2_);
  config.set("epsilon", epsilon_);
  return config;
}

void Nadam::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) {
    momentums_.push_back(make_slot(v, "momentum"));
    velocities_.push_back(make_slot(v, "velocity"));
  }
  u_product_ = Variable(Tensor::scalar(1.0, DType::Float32), false, "variable");
}

std::vector<Variable> Nadam::slot_variables() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < momentums_.size(); ++i) {
    out.push_back(momentums_[i]);
    out.push_back(velocities_[i]);
  }
  if (u_product_.defined()) out.push_back(u_product_);
  return out;
}

void Nadam::begin_update(double lr) {
  // Keras computes these factors as float32 tensors.
  const float t = static_cast<float>(iterations() + 1);
  const float beta_1 = static_cast<float>(beta_1_), beta_2 = static_cast<float>(beta_2_);
  const float u_t = beta_1 * (1.f - 0.5f * std::pow(0.96f, t));
  const float u_next = beta_1 * (1.f - 0.5f * std::pow(0.96f, t + 1.f));
  float& u_product = *u_product_.data<float>();
  u_product = u_product * u_t;
  factors_ = ops::NadamFactors{static_cast<float>(lr),
                               static_cast<float>(1 - beta_1_),
                               static_cast<float>(1 - beta_2_),
                               static_cast<float>(epsilon_),
                               u_next,
                               1.f - u_product * u_next,
                               1.f - u_t,
                               1.f - u_product,
                               1.f - std::pow(beta_2, t)};
}

void Nadam::update_step(const Tensor& grad, const Variable& var, std::size_t index, double,
                        const ops::UpdatePrologue& prologue) {
  Tensor w = var, m = momentums_[index], v = velocities_[index];
  ops::kernels().nadam_update.get(var.device().type)(prologue, grad, w, m, v, factors_);
}

}  // namespace pydeep::optim
