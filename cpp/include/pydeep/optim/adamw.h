#pragma once
// Keras 3 AdamW (keras/src/optimizers/adamw.py): Adam with decoupled weight
// decay on by default. The rule, slots and config keys are Adam's; the
// common weight decay (var -= var * weight_decay * lr before the rule) is
// what makes it AdamW.
#include "pydeep/optim/adam.h"

namespace pydeep::optim {

class AdamW : public Adam {
 public:
  // Config: Adam's, with weight_decay = 0.004 when absent; a null
  // weight_decay is a ValueError, as in Keras.
  explicit AdamW(const Json& config = Json());

  const char* class_name() const override { return "AdamW"; }
};

}  // namespace pydeep::optim
