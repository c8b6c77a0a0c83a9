#include "pydeep/optim/rmsprop.h"

namespace pydeep::optim {

RMSprop::RMSprop(const Json& config)
    : Optimizer(config, "rmsprop", 0.001),
      rho_(read_number(config, "rho", 0.9)),
      momentum_(read_number(config, "momentum", 0.0)),
      epsilon_(read_number(config, "epsilon", 1e-7)),
      centered_(read_bool(config, "centered", false)) {
  check(rho_ >= 0 && rho_ <= 1, "RMSprop: expected `rho` in [0, 1]; received rho=", rho_);
  check(momentum_ >= 0, "RMSprop: expected `momentum` >= 0; received momentum=", momentum_);
  check(epsilon_ >= 0, "RMSprop: expected `epsilon` >= 0; received epsilon=", epsilon_);
}

Json RMSprop::get_config() const {
  Json config = Optimizer::get_config();
  config.set("rho", rho_);
  config.set("momentum", momentum_);
  config.set("epsilon", epsilon_);
  config.set("centered", centered_);
  return config;
}

void RMSprop::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) velocities_.push_back(make_slot(v, "velocity"));
  if (momentum_ > 0)
    for (const Variable& v : vars) momentums_.push_back(make_slot(v, "momentum"));
  if (centered_)
    for (const Variable& v : vars) average_gradients_.push_back(make_slot(v, "average_gradient"));
}

std::vector<Variable> RMSprop::slot_variables() const {
  std::vector<Variable> out = velocities_;
  out.insert(out.end(), momentums_.begin(), momentums_.end());
  out.insert(out.end(), average_gradients_.begin(), average_gradients_.end());
  return out;
}

void RMSprop::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                          const ops::UpdatePrologue& prologue) {
  const ops::RmspropFactors f{static_cast<float>(lr), static_cast<float>(rho_),
                              static_cast<float>(1 - rho_), static_cast<float>(momentum_),
                              static_cast<float>(epsilon_)};
  Tensor w = var, v = velocities_[index];
  Tensor mom = momentums_.empty() ? Tensor() : Tensor(momentums_[index]);
  Tensor avg = average_gradients_.empty() ? Tensor() : Tensor(average_gradients_[index]);
  ops::kernels().rmsprop_update.get(var.device().type)(prologue, grad, w, v, mom, avg, f);
}

}  // namespace pydeep::optim
