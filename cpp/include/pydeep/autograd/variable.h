#pragma once
// Variables: the leaf tensors that layers own and optimizers update. A
// Variable is a Tensor (same handle semantics) carrying a name and a
// trainable flag; a trainable variable requires gradients. assign() writes
// its storage in place, so tensors that alias it see the new value.
#include <functional>
#include <string>

#include "pydeep/core/tensor.h"

namespace pydeep {

// A projection of a variable's value (Keras's variable.constraint): given the
// current value, returns the value to assign. Set by the layer that owns the
// variable; optimizers apply it after each update (apply_constraint).
using ConstraintFn = std::function<Tensor(const Tensor&)>;

struct VariableHooks {
  ConstraintFn constraint;
};

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

  // The constraint hook, shared by every handle of this variable. An empty
  // function removes it. has_constraint() costs one pointer test.
  void set_constraint(ConstraintFn fn) const;
  bool has_constraint() const { return impl_ptr()->hooks && impl_ptr()->hooks->constraint; }
  // assign(constraint(value)) without recording gradients; a no-op without
  // a constraint. Throws ValueError if the constraint changes the shape.
  void apply_constraint() const;
};

bool is_variable(const Tensor& t);

}  // namespace pydeep
