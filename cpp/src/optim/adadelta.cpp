#include "pydeep/optim/adadelta.h"

namespace pydeep::optim {

Adadelta::Adadelta(const Json& config)
    : Optimizer(config, "adadelta", 0.001),
      rho_(read_number(config, "rho", 0.95)),
      epsilon_(read_number(config, "epsilon", 1e-7)) {
  check(rho_ >= 0 && rho_ <= 1, "Adadelta: expected `rho` in [0, 1]; received rho=", rho_);
  check(epsilon_ >= 0, "Adadelta: expected `epsilon` >= 0; received epsilon=", epsilon_);
}

Json Adadelta::get_config() const {
  Json config = Optimizer::get_config();
  config.set("rho", rho_);
  config.set("epsilon", epsilon_);
  return config;
}

void Adadelta::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& v : vars) {
    accumulated_grads_.push_back(make_slot(v, "accumulated_grad"));
    accumulated_deltas_.push_back(make_slot(v, "accumulated_delta_var"));
  }
}

std::vector<Variable> Adadelta::slot_variables() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < accumulated_grads_.size(); ++i) {
    out.push_back(accumulated_grads_[i]);
    out.push_back(accumulated_deltas_[i]);
  }
  return out;
}

void Adadelta::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                           const ops::UpdatePrologue& prologue) {
  Tensor w = var, ag = accumulated_grads_[index], ad = accumulated_deltas_[index];
  ops::kernels().adadelta_update.get(var.device().type)(
      prologue, grad, w, ag, ad, static_cast<float>(lr), static_cast<float>(rho_),
      static_cast<float>(1 - rho_), static_cast<float>(epsilon_));
}

}  // namespace pydeep::optim
