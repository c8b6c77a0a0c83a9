// The differentiable functions of the core, bound one to one (Python names =
// C++ names). Tensor arguments accept anything tensor-like (as_tensor); the
// GIL is released while the core computes.
#include <pybind11/stl.h>

#include <tuple>
#include <utility>

#include "convert.h"
#include "pydeep/autograd/functions.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

// How each C++ parameter type is received from Python: tensors as any
// Python object (converted by as_tensor), everything else as pybind11 casts it.
template <typename T>
struct Param {
  using type = std::decay_t<T>;
  static type convert(type v) { return v; }
};
template <>
struct Param<const Tensor&> {
  using type = py::handle;
  static Tensor convert(py::handle h) { return as_tensor(h); }
};
template <>
struct Param<const std::vector<Tensor>&> {
  using type = py::handle;
  static std::vector<Tensor> convert(py::handle h) { return tensors_from(h); }
};

py::object to_python(Tensor t) { return py::cast(std::move(t)); }
py::object to_python(std::vector<Tensor> ts) { return to_list(ts); }

// Binds `fn` as `name`; the py::arg names follow the Keras signature.
template <typename R, typename... Args, typename... Names>
void def_op(py::module_& m, const char* name, R (*fn)(Args...), Names... names) {
  m.def(
      name,
      [fn](typename Param<Args>::type... args) {
        // Converted arguments die after the GIL is re-acquired (a tensor
        // wrapping a numpy array releases it under the GIL).
        auto converted = std::make_tuple(Param<Args>::convert(args)...);
        R result = [&] {
          py::gil_scoped_release release;
          return std::apply(fn, converted);
        }();
        return to_python(std::move(result));
      },
      names...);
}

Tensor cast_by_name(const Tensor& x, const std::string& dtype) {
  return pydeep::cast(x, dtype_from_name(dtype));
}

}  // namespace

void register_ops(py::module_& m) {
  m.def("convert_to_tensor", [](py::handle x) { return as_tensor(x); }, py::arg("x"));
  const auto x = py::arg("x"), x1 = py::arg("x1"), x2 = py::arg("x2"), axis = py::arg("axis");
  def_op(m, "add", &pydeep::add, x1, x2);
  def_op(m, "subtract", &pydeep::subtract, x1, x2);
  def_op(m, "multiply", &pydeep::multiply, x1, x2);
  def_op(m, "divide", &pydeep::divide, x1, x2);
  def_op(m, "power", &pydeep::power, x1, x2);
  def_op(m, "maximum", &pydeep::maximum, x1, x2);
  def_op(m, "minimum", &pydeep::minimum, x1, x2);
  def_op(m, "equal", &pydeep::equal, x1, x2);
  def_op(m, "not_equal", &pydeep::not_equal, x1, x2);
  def_op(m, "less", &pydeep::less, x1, x2);
  def_op(m, "less_equal", &pydeep::less_equal, x1, x2);
  def_op(m, "greater", &pydeep::greater, x1, x2);
  def_op(m, "greater_equal", &pydeep::greater_equal, x1, x2);
  def_op(m, "logical_and", &pydeep::logical_and, x1, x2);
  def_op(m, "logical_or", &pydeep::logical_or, x1, x2);
  def_op(m, "matmul", &pydeep::matmul, x1, x2);
  def_op(m, "negative", &pydeep::negative, x);
  def_op(m, "abs", &pydeep::abs, x);
  def_op(m, "sign", &pydeep::sign, x);
  def_op(m, "square", &pydeep::square, x);
  def_op(m, "sqrt", &pydeep::sqrt, x);
  def_op(m, "rsqrt", &pydeep::rsqrt, x);
  def_op(m, "reciprocal", &pydeep::reciprocal, x);
  def_op(m, "exp", &pydeep::exp, x);
  def_op(m, "expm1", &pydeep::expm1, x);
  def_op(m, "log", &pydeep::log, x);
  def_op(m, "log1p", &pydeep::log1p, x);
  def_op(m, "sin", &pydeep::sin, x);
  def_op(m, "cos", &pydeep::cos, x);
  def_op(m, "logical_not", &pydeep::logical_not, x);
  def_op(m, "relu", &pydeep::relu, x);
  def_op(m, "relu6", &pydeep::relu6, x);
  def_op(m, "selu", &pydeep::selu, x);
  def_op(m, "sigmoid", &pydeep::sigmoid, x);
  def_op(m, "hard_sigmoid", &pydeep::hard_sigmoid, x);
  def_op(m, "tanh", &pydeep::tanh, x);
  def_op(m, "softplus", &pydeep::softplus, x);
  def_op(m, "softsign", &pydeep::softsign, x);
  def_op(m, "silu", &pydeep::silu, x);
  def_op(m, "leaky_relu", &pydeep::leaky_relu, x, py::arg("negative_slope"));
  def_op(m, "elu", &pydeep::elu, x, py::arg("alpha"));
  def_op(m, "gelu", &pydeep::gelu, x, py::arg("approximate"));
  def_op(m, "clip", &pydeep::clip, x, py::arg("x_min"), py::arg("x_max"));
  def_op(m, "power_scalar", &pydeep::power_scalar, x, py::arg("exponent"));
  def_op(m, "softmax", &pydeep::softmax, x, axis);
  def_op(m, "log_softmax", &pydeep::log_softmax, x, axis);
  def_op(m, "sum", &pydeep::sum, x, py::arg("axes"), py::arg("keepdims"));
  def_op(m, "mean", &pydeep::mean, x, py::arg("axes"), py::arg("keepdims"));
  def_op(m, "max", &pydeep::max, x, py::arg("axes"), py::arg("keepdims"));
  def_op(m, "min", &pydeep::min, x, py::arg("axes"), py::arg("keepdims"));
  def_op(m, "argmax", &pydeep::argmax, x, axis, py::arg("keepdims"));
  def_op(m, "argmin", &pydeep::argmin, x, axis, py::arg("keepdims"));
  def_op(m, "where", &pydeep::where, py::arg("condition"), x1, x2);
  def_op(m, "cast", &cast_by_name, x, py::arg("dtype"));
  def_op(m, "reshape", &pydeep::reshape, x, py::arg("shape"));
  def_op(m, "transpose", &pydeep::transpose, x, py::arg("axes"));
  def_op(m, "expand_dims", &pydeep::expand_dims, x, axis);
  def_op(m, "squeeze", &pydeep::squeeze, x, py::arg("axes"));
  def_op(m, "broadcast_to", &pydeep::broadcast_to, x, py::arg("shape"));
  def_op(m, "concatenate", &pydeep::concatenate, py::arg("xs"), axis);
  def_op(m, "stack", &pydeep::stack, py::arg("xs"), axis);
  def_op(m, "split", &pydeep::split, x, py::arg("sizes"), axis);
  def_op(m, "strided_slice", &pydeep::strided_slice, x, py::arg("begin"), py::arg("size"),
         py::arg("step"));
  def_op(m, "take", &pydeep::take, x, py::arg("indices"), axis);
  def_op(m, "one_hot", &pydeep::one_hot, py::arg("indices"), py::arg("num_classes"));
  const auto kernel = py::arg("kernel"), strides = py::arg("strides"),
             padding = py::arg("padding"), dilation = py::arg("dilation_rate"),
             where = py::arg("where");
  def_op(m, "conv", &pydeep::conv, x, kernel, strides, padding, dilation, where);
  def_op(m, "depthwise_conv", &pydeep::depthwise_conv, x, kernel, strides, padding, dilation,
         where);
  def_op(m, "conv_transpose", &pydeep::conv_transpose, x, kernel, strides, padding,
         py::arg("output_padding"), dilation, where);
  def_op(m, "max_pool", &pydeep::max_pool, x, py::arg("pool_size"), strides, padding, where);
  def_op(m, "average_pool", &pydeep::average_pool, x, py::arg("pool_size"), strides, padding,
         where);
  def_op(m, "pad", &pydeep::pad, x, py::arg("before"), py::arg("after"));
}

}  // namespace pydeep::bindings
