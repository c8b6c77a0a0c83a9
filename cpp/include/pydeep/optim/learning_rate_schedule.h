#pragma once
// Learning-rate schedules (Keras 3 keras/src/optimizers/schedules/): the
// learning rate as a function of the optimizer's step. An optimizer built
// with a schedule evaluates it once per update, at its raw iteration count
// (Keras passes `optimizer._iterations`, which counts every apply call, also
// under gradient accumulation). The built-in schedules are in schedules.h;
// the Python binding adds one whose value comes from a Python object.
//
// Thread-safety: evaluating a schedule does not modify it.
#include <memory>
#include <string>

#include "pydeep/core/json.h"

namespace pydeep::optim {

class LearningRateSchedule {
 public:
  virtual ~LearningRateSchedule() = default;

  // Keras's class name ("ExponentialDecay").
  virtual std::string class_name() const = 0;
  // The learning rate at `step` (the optimizer passes its iteration count).
  // The built-in schedules compute in float32, in Keras's order of
  // operations, so that a step on a boundary lands on the same side.
  virtual double operator()(double step) const = 0;
  // Keras's get_config: the constructor's arguments.
  virtual Json get_config() const = 0;
  // Keras's serialize: {"module": "keras.optimizers.schedules",
  // "class_name", "config", "registered_name": null}; the optimizer's config
  // holds this as its "learning_rate".
  virtual Json serialize() const;
};

// A built-in schedule from its Keras class name and config (absent keys take
// Keras's defaults). ValueError for an unknown class name (listing the known
// ones), a missing required argument, an unrecognised key, or a bad value
// (decay_steps <= 0, boundaries/values of mismatched lengths), naming it.
std::shared_ptr<LearningRateSchedule> make_schedule(const std::string& class_name,
                                                    const Json& config);

// make_schedule from a serialized schedule ({"class_name", "config"}; other
// keys such as "module" are ignored).
std::shared_ptr<LearningRateSchedule> deserialize_schedule(const Json& serialized);

}  // namespace pydeep::optim
