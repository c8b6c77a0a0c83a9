#pragma once
// Weight constraints (keras.constraints): a projection applied to a weight
// after each optimizer update (Layer::add_weight installs it as the
// variable's constraint hook). Stateless and immutable.
//
// Built in (Keras 3 names, configs and defaults; epsilon = 1e-7, norms are
// L2 norms over `axis`, an int or a list of ints, kept as size-1 axes):
//   MaxNorm(max_value=2, axis=0)      w * clip(norm, 0, max) / (eps + norm)
//   MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)
//       w * (rate * clip(norm, min, max) + (1 - rate) * norm) / (eps + norm)
//   NonNeg()                          max(w, 0)
//   UnitNorm(axis=0)                  w / (eps + norm)
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::constraints {

class Constraint {
 public:
  virtual ~Constraint() = default;
  virtual const char* class_name() const = 0;
  // w -> the projected value (same shape, float32). Records no gradient
  // unless grad mode is on. Throws ValueError naming the class when an axis
  // is out of range for w.
  virtual Tensor operator()(const Tensor& w) const = 0;
  virtual Json get_config() const = 0;
};

// From an identifier ("max_norm", "min_max_norm", "non_neg", "unit_norm" or a
// class name; class defaults apply) or a config {"class_name", "config"}
// (Keras 3's "module" and "registered_name" accepted). null -> nullptr.
// Throws ValueError naming `where` for an unknown class or argument, or a
// bad value.
std::shared_ptr<const Constraint> make_constraint(const Json& spec,
                                                  const std::string& where = "constraint");

// Keras 3's serialized form {"module": "keras.constraints", "class_name",
// "config", "registered_name": null}; null for nullptr.
Json serialize(const Constraint* constraint);

}  // namespace pydeep::constraints
