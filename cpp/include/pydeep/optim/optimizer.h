#pragma once
// Optimizers with Keras 3 update rules (keras/src/optimizers/). State (slots
// such as Adam's moments) is indexed by the variable's position in the list
// given to build / apply_gradients — never by address — and exposed through
// variables() so that it can be saved with the model and restored.
//
// Adding an optimizer: a subclass (optim/<name>.h + src/optim/<name>.cpp)
// that creates its slots in build_slots, lists them in slot_variables and
// calls its fused kernel (a slot in ops/kernels.h, filled in
// src/ops/cpu/<family>_updates.cpp) in update_step; plus one line in
// make_optimizer (src/optim/optimizer.cpp). The base does the rest:
// learning-rate schedules, clipping and weight decay (handed to the kernel
// as an UpdatePrologue), gradient accumulation, moving averages (use_ema).
//
// Thread-safety: one optimizer is used from one thread at a time.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pydeep/autograd/variable.h"
#include "pydeep/core/json.h"
#include "pydeep/ops/kernels.h"
#include "pydeep/optim/learning_rate_schedule.h"

namespace pydeep::optim {

class Optimizer {
 public:
  // Reads the common Keras arguments from `config` (an object or null):
  // name (default_name when absent); learning_rate: a finite number > 0, or
  // a serialized built-in schedule ({"class_name", "config"}); weight_decay,
  // clipnorm, clipvalue, global_clipnorm (at most one of the three clips;
  // negative values are an error, 0 means off as in Keras); use_ema,
  // ema_momentum (in [0, 1]), ema_overwrite_frequency (null or an integer
  // >= 1), gradient_accumulation_steps (null, 0 or an integer >= 2).
  // loss_scale_factor raises NotImplementedError unless null. Throws
  // ValueError naming the argument for a bad value.
  Optimizer(const Json& config, const std::string& default_name, double default_learning_rate);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  virtual const char* class_name() const = 0;

  // Creates the slots for `vars` (Keras's optimizer.build). Does nothing
  // when already built. vars must be float32 variables.
  void build(const std::vector<Variable>& vars);
  bool built() const { return built_; }

  // One step: grads[i] updates vars[i] (same shapes; an undefined grad skips
  // its variable). The first call builds the slots for `vars`; later calls
  // must pass the same number of variables with the same shapes (ValueError
  // otherwise). Keras's order: with gradient accumulation, add the
  // gradients to the accumulators and update only every n-th call, with the
  // accumulated gradients averaged; on an update, clip the gradients
  // (clipnorm per variable, global_clipnorm over the defined gradients, or
  // clipvalue), decoupled weight decay (var -= var * weight_decay * lr),
  // then the rule — fused into one pass per variable; then, with use_ema,
  // the moving averages of all vars (and every ema_overwrite_frequency
  // steps, vars overwritten by them). Increments the raw iteration count
  // (also when every gradient is undefined, which Keras refuses earlier in
  // Python). The learning rate (a schedule's value at the raw iteration
  // count) is evaluated once per update.
  void apply_gradients(const std::vector<Tensor>& grads, const std::vector<Variable>& vars);

  // Keras's optimizer.iterations: the number of updates, i.e. the raw count
  // of apply_gradients calls divided (floor) by gradient_accumulation_steps.
  std::int64_t iterations() const;
  // Sets it: the raw count becomes value * gradient_accumulation_steps (the
  // start of that update's accumulation). ValueError when negative.
  void set_iterations(std::int64_t value);
  // The raw count of apply_gradients calls (Keras's optimizer._iterations,
  // the "iteration" variable; the step schedules are evaluated at).
  std::int64_t raw_iterations() const;

  // The learning rate of the next update: the float32 learning_rate
  // variable, or the schedule's value at raw_iterations() rounded to float32.
  double learning_rate() const;
  // ValueError unless > 0 and finite; TypeError with Keras's message when
  // the optimizer has a schedule.
  void set_learning_rate(double value);
  // Replaces the learning rate by a schedule (non-null), as Keras's setter
  // does: the learning_rate variable leaves variables().
  void set_learning_rate_schedule(std::shared_ptr<LearningRateSchedule> schedule);
  const std::shared_ptr<LearningRateSchedule>& learning_rate_schedule() const { return schedule_; }

  // Keras's exclude_from_weight_decay: weight decay skips the variables in
  // `vars` (the same variables, not equal values) and those whose name (its
  // last '/' component, Keras's variable.name) contains a match of one of
  // the regular expressions in `names` (ECMAScript syntax; ValueError for a
  // bad one). Replaces a previous exclusion; may be called before or after
  // build.
  void exclude_from_weight_decay(const std::vector<Variable>& vars,
                                 const std::vector<std::string>& names);

  // Keras's finalize_variable_values: with use_ema, copies the moving
  // averages into `vars` (the variables the optimizer was built with, in the
  // same order; ValueError on a count mismatch); otherwise nothing. fit calls
  // it after the last epoch.
  void finalize_variable_values(const std::vector<Variable>& vars);

  // Keras's optimizer.variables, in Keras's order: "iteration" (int64
  // scalar, the raw count), "learning_rate" (float32 scalar; absent with a
  // schedule), then per variable "<var>_average" (use_ema), then per
  // variable "<var>_gradient_accumulator" (gradient accumulation), then
  // slot_variables(). The handles alias the optimizer's state: assigning to
  // them changes it, so assigning saved values restores training exactly.
  std::vector<Variable> variables() const;
  // Keras's keys: name, learning_rate (a float, or the serialized schedule),
  // weight_decay, clipnorm, global_clipnorm, clipvalue, use_ema,
  // ema_momentum, ema_overwrite_frequency, loss_scale_factor,
  // gradient_accumulation_steps, then each subclass's own arguments.
  virtual Json get_config() const;
  const std::string& name() const { return name_; }

 protected:
  // Creates the slots for vars (called once, before the first update).
  virtual void build_slots(const std::vector<Variable>& vars) = 0;
  // The slots in creation order (Keras's: per variable, one slot of each
  // kind; extra kinds such as Adam's velocity_hat after all variables).
  virtual std::vector<Variable> slot_variables() const = 0;
  // Called once per update, before the update_step calls, with the update's
  // learning rate (e.g. Nadam's running product of momentum factors).
  virtual void begin_update(double lr) { (void)lr; }
  // Updates vars[index] in place from its raw gradient at step
  // iterations() + 1 with learning rate lr. `prologue` carries the gradient
  // clipping and weight decay, which the kernel applies in the same pass.
  // Must run as one kernel call over the variable, not a chain of tensor
  // ops. grad is float32 with var's shape and device.
  virtual void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                           const ops::UpdatePrologue& prologue) = 0;

  // A slot shaped like `ref` filled with `value`, named "<ref name>_<kind>"
  // as Keras names it ('/' in the name becomes '_').
  static Variable make_slot(const Variable& ref, const std::string& kind, double value = 0.0);

  // Reading a subclass's arguments; each throws ValueError naming `key`.
  static double read_number(const Json& config, const char* key, double fallback);
  static bool read_bool(const Json& config, const char* key, bool fallback);

 private:
  // optimizer_averaging.cpp: gradient accumulation and the moving averages.
  // Adds grads to the accumulators; on an update call, grads[i] becomes the
  // average (g + accumulator) / n, held in the accumulator itself.
  void accumulate_gradients(std::vector<Tensor>& grads, bool update);
  void reset_accumulators();
  void update_moving_averages(const std::vector<Variable>& vars);
  // Clipping, weight decay and the rule for every defined gradient.
  void update_variables(const std::vector<Tensor>& grads, const std::vector<Variable>& vars,
                        double lr);
  std::int64_t accumulation_steps() const { return accumulation_steps_ ? *accumulation_steps_ : 1; }

  std::string name_;
  Variable iterations_;     // int64 scalar: the raw count of apply_gradients calls
  Variable learning_rate_;  // float32 scalar; unused (and not listed) with a schedule
  std::shared_ptr<LearningRateSchedule> schedule_;
  std::optional<double> weight_decay_, clipnorm_, clipvalue_, global_clipnorm_;
  bool use_ema_ = false;
  double ema_momentum_ = 0.99;
  std::optional<std::int64_t> ema_overwrite_frequency_, accumulation_steps_;
  Json config_ema_overwrite_frequency_, config_accumulation_steps_;  // as given, for get_config
  std::vector<Variable> averages_, accumulators_;
  // Weight decay exclusions, and per built variable whether it is decayed.
  std::vector<Variable> decay_excluded_vars_;
  std::vector<std::string> decay_excluded_names_;
  std::vector<bool> decayed_;
  std::vector<Variable> built_vars_;  // for exclusions made after build
  void compute_decay_mask(const std::vector<Variable>& vars);
  bool built_ = false;
  std::vector<Shape> built_shapes_;
};

// From a Keras identifier ("sgd", "SGD", "adam", "Adam") and config (the
// class's get_config keys; absent keys take Keras's defaults). Throws
// ValueError for an unknown identifier (listing the known ones) or an
// unrecognised config key ("decay", which Keras 3 ignores, is ignored).
std::shared_ptr<Optimizer> make_optimizer(const std::string& identifier,
                                          const Json& config = Json());

}  // namespace pydeep::optim
