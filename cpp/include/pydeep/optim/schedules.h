#pragma once
// Keras 3's built-in learning-rate schedules
// (keras/src/optimizers/schedules/learning_rate_schedule.py), all computed
// in float32 as Keras does. With s = step:
//   ExponentialDecay         lr0 * rate^(s / decay_steps)  (exponent floored if staircase)
//   InverseTimeDecay         lr0 / (1 + rate * s / decay_steps)  (likewise)
//   PiecewiseConstantDecay   values[0] for s <= boundaries[0], values[i] for
//                            boundaries[i-1] < s <= boundaries[i], values[-1] after
//   PolynomialDecay          (lr0 - end) * (1 - s / d)^power + end, s clipped to d;
//                            cycle: d * ceil(s / d) instead (d itself at s = 0)
//   CosineDecay              optional linear warmup from lr0 to warmup_target over
//                            warmup_steps, then a cosine from there (lr0 or
//                            warmup_target) down to alpha times it over decay_steps
//   CosineDecayRestarts      SGDR: cosine periods of first_decay_steps * t_mul^i,
//                            each restart's peak scaled by m_mul^i
// Each stores its config as given (get_config returns it with Keras's keys
// and defaults filled in) and validates it as Keras does.
#include <string>
#include <vector>

#include "pydeep/optim/learning_rate_schedule.h"

namespace pydeep::optim {

// Shared by the built-ins: the config, with Keras's defaults filled in.
class BuiltinSchedule : public LearningRateSchedule {
 public:
  std::string class_name() const override { return class_name_; }
  Json get_config() const override { return config_; }

 protected:
  // `defaults` lists every key in Keras's get_config order; a null default
  // marks a required argument, except for keys in `nullable`.
  BuiltinSchedule(std::string class_name, const Json& config, const Json& defaults,
                  const std::vector<std::string>& nullable = {});
  double number(const char* key) const;  // a required/defaulted number
  bool flag(const char* key) const;
  // ValueError "Argument `<key>` must be > 0" unless the number is.
  void require_positive(const char* key) const;

  std::string class_name_;
  Json config_;
};

class ExponentialDecay : public BuiltinSchedule {
 public:
  explicit ExponentialDecay(const Json& config);
  double operator()(double step) const override;
};

class InverseTimeDecay : public BuiltinSchedule {
 public:
  explicit InverseTimeDecay(const Json& config);
  double operator()(double step) const override;
};

class PiecewiseConstantDecay : public BuiltinSchedule {
 public:
  explicit PiecewiseConstantDecay(const Json& config);
  double operator()(double step) const override;

 private:
  std::vector<double> boundaries_, values_;
};

class PolynomialDecay : public BuiltinSchedule {
 public:
  explicit PolynomialDecay(const Json& config);
  double operator()(double step) const override;
};

class CosineDecay : public BuiltinSchedule {
 public:
  explicit CosineDecay(const Json& config);
  double operator()(double step) const override;
};

class CosineDecayRestarts : public BuiltinSchedule {
 public:
  explicit CosineDecayRestarts(const Json& config);
  double operator()(double step) const override;
};

}  // namespace pydeep::optim
