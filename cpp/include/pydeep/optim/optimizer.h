#pragma once
// Optimizers with Keras 3 update rules (keras/src/optimizers/). State (slots
// such as Adam's moments) is indexed by the variable's position in the list
// given to build / apply_gradients — never by address — and exposed through
// variables() so that it can be saved with the model and restored.
//
// Adding an optimizer: a subclass (optim/<name>.h + src/optim/<name>.cpp)
// that creates its slots in build_slots, lists them in slot_variables and
// calls its fused kernel (ops/kernels.h) in update_step; plus one line in
// make_optimizer (src/optim/optimizer.cpp).
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

namespace pydeep::optim {

class Optimizer {
 public:
  // Reads the common Keras arguments from `config` (an object or null):
  // name (default_name when absent), learning_rate (finite, > 0),
  // weight_decay, clipnorm, clipvalue, global_clipnorm (at most one of the
  // three clips; negative values are an error, 0 means off as in Keras).
  // use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
  // gradient_accumulation_steps raise NotImplementedError naming the
  // argument when they differ from Keras's defaults. Throws ValueError
  // naming the argument for a bad value.
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
  // otherwise). Keras's order: clip the gradients (clipnorm per variable,
  // global_clipnorm over the defined gradients, or clipvalue), decoupled
  // weight decay (var -= var * weight_decay * lr), then the rule — all fused
  // into one pass per variable. Increments iterations() (also when every
  // gradient is undefined, which Keras refuses earlier in Python).
  void apply_gradients(const std::vector<Tensor>& grads, const std::vector<Variable>& vars);

  std::int64_t iterations() const;
  void set_iterations(std::int64_t value);  // ValueError when negative
  // The learning rate as stored: a float32 variable, as in Keras.
  double learning_rate() const;
  void set_learning_rate(double value);  // ValueError unless > 0 and finite

  // Keras's optimizer.variables, in Keras's order: "iteration" (int64
  // scalar), "learning_rate" (float32 scalar), then slot_variables(). The
  // handles alias the optimizer's state: assigning to them changes it.
  std::vector<Variable> variables() const;
  // Keras's keys: name, learning_rate, weight_decay, clipnorm,
  // global_clipnorm, clipvalue, use_ema, ema_momentum,
  // ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
  // then each subclass's own arguments.
  virtual Json get_config() const;
  const std::string& name() const { return name_; }

 protected:
  // Creates the slots for vars (called once, before the first update).
  virtual void build_slots(const std::vector<Variable>& vars) = 0;
  // The slots in creation order (Keras's: per variable, one slot of each
  // kind; extra kinds such as Adam's velocity_hat after all variables).
  virtual std::vector<Variable> slot_variables() const = 0;
  // Updates vars[index] in place from its raw gradient at step
  // iterations() + 1 with learning rate lr. `prologue` carries the gradient
  // clipping and weight decay, which the kernel applies in the same pass.
  // Must run as one fused pass over the variable (a kernel), not a chain of
  // tensor ops. grad is float32 with var's shape and device.
  virtual void update_step(const Tensor& grad, const Variable& var, std::size_t index, double lr,
                           const ops::UpdatePrologue& prologue) = 0;

  // A zero slot shaped like `ref`, named "<ref name>_<kind>" as Keras names it.
  static Variable make_slot(const Variable& ref, const std::string& kind);

  // Reading a subclass's arguments; each throws ValueError naming `key`.
  static double read_number(const Json& config, const char* key, double fallback);
  static bool read_bool(const Json& config, const char* key, bool fallback);

 private:
  std::string name_;
  Variable iterations_;     // int64 scalar
  Variable learning_rate_;  // float32 scalar
  std::optional<double> weight_decay_, clipnorm_, clipvalue_, global_clipnorm_;
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
