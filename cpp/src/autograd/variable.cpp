#include "pydeep/autograd/variable.h"

#include "pydeep/autograd/grad_mode.h"
#include "pydeep/ops/elementwise.h"

namespace pydeep {

Variable::Variable(const Tensor& value, bool trainable, const std::string& name)
    : Tensor(value.clone().shared_impl()) {
  check(!trainable || is_floating(value.dtype()), "Variable '", name,
        "': only float variables can be trainable; received dtype ", dtype_name(value.dtype()),
        ". Pass trainable=False.");
  TensorImpl* impl = impl_ptr();
  impl->is_variable = true;
  impl->name = name;
  impl->requires_grad = trainable;
}

Variable Variable::from_tensor(const Tensor& t) {
  check<TypeError>(is_variable(t), "Variable::from_tensor: the tensor is not a variable");
  Variable v;
  static_cast<Tensor&>(v) = t;
  return v;
}

void Variable::set_trainable(bool trainable) const {
  check(!trainable || is_floating(dtype()), "Variable '", name(),
        "': only float variables can be trainable; this one has dtype ", dtype_name(dtype()));
  impl_ptr()->requires_grad = trainable;
}

void Variable::assign(const Tensor& value) const {
  check(shape() == value.shape(), "Variable '", name(), "'.assign: expected a value of shape ",
        shape_str(shape()), "; received ", shape_str(value.shape()));
  Tensor target = *this;
  target.copy_from(ops::cast(value, dtype()));
}

void Variable::set_constraint(ConstraintFn fn) const {
  TensorImpl* impl = impl_ptr();
  if (!fn) {
    if (impl->hooks) impl->hooks->constraint = nullptr;
    return;
  }
  if (!impl->hooks) impl->hooks = std::make_shared<VariableHooks>();
  impl->hooks->constraint = std::move(fn);
}

void Variable::apply_constraint() const {
  if (!has_constraint()) return;
  autograd::NoGradGuard no_grad;
  const Tensor value = impl_ptr()->hooks->constraint(*this);
  check(value.defined() && value.shape() == shape(), "Variable '", name(),
        "': its constraint returned a value of shape ",
        value.defined() ? shape_str(value.shape()) : std::string("(undefined)"),
        "; expected ", shape_str(shape()));
  assign(value);
}

bool is_variable(const Tensor& t) { return t.defined() && t.impl_ptr()->is_variable; }

}  // namespace pydeep
