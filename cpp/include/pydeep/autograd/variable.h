#pragma once
// Variables: the leaf tensors that layers own and optimizers update. A
// Variable is a Tensor (same handle semantics) carrying a name and a
// trainable flag; a trainable variable requires gradients. assign() writes
// its storage in place, so tensors that alias it see the new value.
#include <string>

#include "pydeep/core/tensor.h"

namespace pydeep {

class Variable : public Tensor {
 public:
  Variable() = default;
  // A copy of `value` (its dtype kept); only float variables can be trainable.
  explicit Variable(const Tensor& value, bool trainable = true, const std::string& name = "");
  // Views an existing variable tensor as a Variable (throws if it is not one).
  static Variable from_tensor(const Tensor& t);

  const std::string& name() const { return impl_ptr()->name; }
  bool trainable() const { return impl_ptr()->requires_grad; }
  void set_trainable(bool trainable) const;
  // Copies value (same shape; converted to the variable's dtype) into the
  // variable; throws ValueError naming the variable and both shapes otherwise.
  void assign(const Tensor& value) const;
};

bool is_variable(const Tensor& t);

}  // namespace pydeep
