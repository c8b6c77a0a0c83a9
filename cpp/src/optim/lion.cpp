#include "pydeep/optim/lion.h"

namespace pydeep::optim {

Lion::Lion(const Json& config)
    : Optimizer(config, "lion", 0.001),
      beta_1_(read_number(config, "beta_1", 0.9)),
      beta_2_(read_number(config, "beta_2", 0.99)) {
  check(beta_1_ > 0 && beta_1_ <= 1, "Argument `beta_1` must be in the [0, 1] range. Otherwise, "
        "the optimizer degenerates to SignSGD. Received: beta_1=", beta_1_, ".");
  check(beta_2_ >= 0 && beta_2_ <= 1, "Lion: expected `beta_2` in [0, 1]; received beta_2=",
        beta_2_);
}

Json Lion::get_config() const {
  Json config = Optimizer::get_config();
  config.set("beta_1", beta_1_);
  config.set("beta_2", beta_2_);
  return config;
}

void Lion::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) momentums_.push_back(make_slot(v, "momentum"));
}

void Lion::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                       const ops::UpdatePrologue& prologue) {
  const ops::LionFactors f{static_cast<float>(lr), static_cast<float>(beta_1_),
                           static_cast<float>(1 - beta_1_), static_cast<float>(beta_2_),
                           static_cast<float>(1 - beta_2_)};
  Tensor w = var, m = momentums_[index];
  ops::kernels().lion_update.get(var.device().type)(prologue, grad, w, m, f);
}

}  // namespace pydeep::optim
