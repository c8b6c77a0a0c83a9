#include "pydeep/optim/sgd.h"

namespace pydeep::optim {

SGD::SGD(const Json& config)
    : Optimizer(config, "sgd", 0.01),
      momentum_(read_number(config, "momentum", 0.0)),
      nesterov_(read_bool(config, "nesterov", false)) {
  check(momentum_ >= 0 && momentum_ <= 1,
        "SGD: `momentum` must be a float between [0, 1]; received momentum=", momentum_);
}

Json SGD::get_config() const {
  Json config = Optimizer::get_config();
  config.set("momentum", momentum_);
  config.set("nesterov", nesterov_);
  return config;
}

void SGD::build_slots(const std::vector<Variable>& vars) {
  if (momentum_ == 0) return;
  for (const Variable& v : vars) momentums_.push_back(make_slot(v, "momentum"));
}

void SGD::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                      const ops::UpdatePrologue& prologue) {
  Tensor w = var;
  Tensor m = momentums_.empty() ? Tensor() : momentums_[index];
  ops::kernels().sgd_update.get(var.device().type)(prologue, grad, w, m, static_cast<float>(lr),
                                                   static_cast<float>(momentum_), nesterov_);
}

}  // namespace pydeep::optim
