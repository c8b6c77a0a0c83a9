#include "pydeep/optim/adafactor.h"

#include <algorithm>
#include <cmath>

#include "pydeep/ops/elementwise.h"

namespace pydeep::optim {

Adafactor::Adafactor(const Json& config)
    : Optimizer(config, "adafactor", 0.001),
      beta_2_decay_(read_number(config, "beta_2_decay", -0.8)),
      epsilon_1_(read_number(config, "epsilon_1", 1e-30)),
      epsilon_2_(read_number(config, "epsilon_2", 1e-3)),
      clip_threshold_(read_number(config, "clip_threshold", 1.0)),
      relative_step_(read_bool(config, "relative_step", true)) {
  check(epsilon_1_ >= 0, "Adafactor: expected `epsilon_1` >= 0; received epsilon_1=", epsilon_1_);
  check(epsilon_2_ >= 0, "Adafactor: expected `epsilon_2` >= 0; received epsilon_2=", epsilon_2_);
  check(clip_threshold_ > 0, "Adafactor: expected `clip_threshold` > 0; received clip_threshold=",
        clip_threshold_);
}

Json Adafactor::get_config() const {
  Json config = Optimizer::get_config();
  config.set("beta_2_decay", beta_2_decay_);
  config.set("epsilon_1", epsilon_1_);
  config.set("epsilon_2", epsilon_2_);
  config.set("clip_threshold", clip_threshold_);
  config.set("relative_step", relative_step_);
  return config;
}

void Adafactor::build_slots(const std::vector<Variable>& vars) {
  for (const Variable& var : vars) {
    const std::string& path = var.name();
    const std::string name = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
    if (var.ndim() < 2) {
      r_.emplace_back(Tensor::scalar(0, DType::Int32), false, name);
      c_.emplace_back(Tensor::scalar(0, DType::Int32), false, name);
    } else {
      const Shape& s = var.shape();
      const Shape r_shape(s.begin(), s.end() - 1);
      Shape c_shape(s.begin(), s.end() - 2);
      c_shape.push_back(s.back());
      r_.emplace_back(ops::full(r_shape, 0.0, DType::Float32, var.device()), false, name);
      c_.emplace_back(ops::full(c_shape, 0.0, DType::Float32, var.device()), false, name);
    }
    v_.push_back(make_slot(var, "velocity"));
  }
}

std::vector<Variable> Adafactor::slot_variables() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < v_.size(); ++i) {
    out.push_back(r_[i]);
    out.push_back(c_[i]);
    out.push_back(v_[i]);
  }
  return out;
}

void Adafactor::update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                            const ops::UpdatePrologue& prologue) {
  // Keras's factors are float32 tensors; a schedule is callable, which
  // turns relative_step off.
  const float t = static_cast<float>(iterations() + 1);
  const float inv_sqrt_t = 1.f / std::sqrt(t);
  float lr_f = static_cast<float>(lr);
  if (!learning_rate_schedule() && relative_step_) lr_f = std::min(lr_f, inv_sqrt_t);
  const ops::AdafactorFactors f{std::min(lr_f, inv_sqrt_t),
                                1.f - std::pow(t, static_cast<float>(beta_2_decay_)),
                                static_cast<float>(epsilon_1_), static_cast<float>(epsilon_2_),
                                static_cast<float>(clip_threshold_)};
  Tensor w = var, v = v_[index];
  Tensor r = var.ndim() >= 2 ? Tensor(r_[index]) : Tensor();
  Tensor c = var.ndim() >= 2 ? Tensor(c_[index]) : Tensor();
  ops::kernels().adafactor_update.get(var.device().type)(prologue, grad, w, r, c, v, f);
}

}  // namespace pydeep::optim
