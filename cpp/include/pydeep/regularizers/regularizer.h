#pragma once
// Weight and activity regularizers (keras.regularizers): a penalty computed
// from a tensor and added to the model's loss. A regularizer is stateless
// and immutable, so one instance may serve several weights and threads.
//
// Built in (Keras 3 names, configs and defaults):
//   L1(l1=0.01)            l1 * sum(|x|)
//   L2(l2=0.01)            l2 * sum(x^2)
//   L1L2(l1=0.0, l2=0.0)   both (a zero factor contributes nothing)
//   OrthogonalRegularizer(factor=0.01, mode="rows")  rank-2 inputs only:
//       factor * 0.5 * sum(|P - diag(P)|) / (n (n - 1) / 2), where P is the
//       Gram matrix of the L2-normalised rows (or columns) and n their count.
#include <memory>
#include <string>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::regularizers {

class Regularizer {
 public:
  virtual ~Regularizer() = default;
  virtual const char* class_name() const = 0;
  // x (any shape; float32) -> a float32 scalar penalty, recorded by autograd
  // when grad mode is on. Throws ValueError naming the class for a shape it
  // cannot take (OrthogonalRegularizer: rank != 2).
  virtual Tensor operator()(const Tensor& x) const = 0;
  // Keras's get_config keys and values.
  virtual Json get_config() const = 0;
};

// From what Keras accepts: an identifier ("l1", "l2", "l1l2"/"l1_l2",
// "orthogonal_regularizer" or a class name; the class defaults apply) or a
// config {"class_name", "config"} (Keras 3's "module" and "registered_name"
// members are accepted and ignored). null -> nullptr. Throws ValueError
// naming `where` and the identifier or argument for an unknown class, an
// unknown argument, or a bad value (a negative or non-finite factor, an
// unknown mode).
std::shared_ptr<const Regularizer> make_regularizer(const Json& spec,
                                                    const std::string& where = "regularizer");

// Keras 3's serialized form {"module": "keras.regularizers", "class_name",
// "config", "registered_name": null}; null for nullptr.
Json serialize(const Regularizer* regularizer);

}  // namespace pydeep::regularizers
