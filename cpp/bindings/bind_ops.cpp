// The differentiable functions of the core, bound one to one (Python names =
// C++ names). Arguments are converted with as_tensor; the GIL is released
// while the core computes.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/autograd/functions.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

template <typename F>
Tensor nogil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

using UnaryFn = Tensor (*)(const Tensor&);
using BinaryFn = Tensor (*)(const Tensor&, const Tensor&);
using ReduceFn = Tensor (*)(const Tensor&, const std::vector<int>&, bool);
using ArgFn = Tensor (*)(const Tensor&, int, bool);

void def_unary(py::module_& m, const char* name, UnaryFn fn) {
  m.def(name, [fn](py::handle x) {
    Tensor t = as_tensor(x);
    return nogil([&] { return fn(t); });
  }, py::arg("x"));
}

void def_binary(py::module_& m, const char* name, BinaryFn fn) {
  m.def(name, [fn](py::handle a, py::handle b) {
    Tensor ta = as_tensor(a), tb = as_tensor(b);
    return nogil([&] { return fn(ta, tb); });
  }, py::arg("x1"), py::arg("x2"));
}

void def_reduce(py::module_& m, const char* name, ReduceFn fn) {
  m.def(name, [fn](py::handle x, const std::vector<int>& axes, bool keepdims) {
    Tensor t = as_tensor(x);
    return nogil([&] { return fn(t, axes, keepdims); });
  }, py::arg("x"), py::arg("axes"), py::arg("keepdims"));
}

void def_arg(py::module_& m, const char* name, ArgFn fn) {
  m.def(name, [fn](py::handle x, int axis, bool keepdims) {
    Tensor t = as_tensor(x);
    return nogil([&] { return fn(t, axis, keepdims); });
  }, py::arg("x"), py::arg("axis"), py::arg("keepdims"));
}

}  // namespace

void register_ops(py::module_& m) {
  m.def("convert_to_tensor", [](py::handle x) { return as_tensor(x); }, py::arg("x"));

  def_binary(m, "add", &pydeep::add);
  def_binary(m, "subtract", &pydeep::subtract);
  def_binary(m, "multiply", &pydeep::multiply);
  def_binary(m, "divide", &pydeep::divide);
  def_binary(m, "power", &pydeep::power);
  def_binary(m, "maximum", &pydeep::maximum);
  def_binary(m, "minimum", &pydeep::minimum);
  def_binary(m, "equal", &pydeep::equal);
  def_binary(m, "not_equal", &pydeep::not_equal);
  def_binary(m, "less", &pydeep::less);
  def_binary(m, "less_equal", &pydeep::less_equal);
  def_binary(m, "greater", &pydeep::greater);
  def_binary(m, "greater_equal", &pydeep::greater_equal);
  def_binary(m, "logical_and", &pydeep::logical_and);
  def_binary(m, "logical_or", &pydeep::logical_or);
  def_binary(m, "matmul", &pydeep::matmul);

  def_unary(m, "negative", &pydeep::negative);
  def_unary(m, "abs", &pydeep::abs);
  def_unary(m, "sign", &pydeep::sign);
  def_unary(m, "square", &pydeep::square);
  def_unary(m, "sqrt", &pydeep::sqrt);
  def_unary(m, "rsqrt", &pydeep::rsqrt);
  def_unary(m, "reciprocal", &pydeep::reciprocal);
  def_unary(m, "exp", &pydeep::exp);
  def_unary(m, "expm1", &pydeep::expm1);
  def_unary(m, "log", &pydeep::log);
  def_unary(m, "log1p", &pydeep::log1p);
  def_unary(m, "sin", &pydeep::sin);
  def_unary(m, "cos", &pydeep::cos);
  def_unary(m, "logical_not", &pydeep::logical_not);
  def_unary(m, "relu", &pydeep::relu);
  def_unary(m, "relu6", &pydeep::relu6);
  def_unary(m, "selu", &pydeep::selu);
  def_unary(m, "sigmoid", &pydeep::sigmoid);
  def_unary(m, "hard_sigmoid", &pydeep::hard_sigmoid);
  def_unary(m, "tanh", &pydeep::tanh);
  def_unary(m, "softplus", &pydeep::softplus);
  def_unary(m, "softsign", &pydeep::softsign);
  def_unary(m, "silu", &pydeep::silu);

  m.def("leaky_relu", [](py::handle x, float slope) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::leaky_relu(t, slope); });
  }, py::arg("x"), py::arg("negative_slope"));
  m.def("elu", [](py::handle x, float alpha) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::elu(t, alpha); });
  }, py::arg("x"), py::arg("alpha"));
  m.def("gelu", [](py::handle x, bool approximate) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::gelu(t, approximate); });
  }, py::arg("x"), py::arg("approximate"));
  m.def("clip", [](py::handle x, float lo, float hi) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::clip(t, lo, hi); });
  }, py::arg("x"), py::arg("x_min"), py::arg("x_max"));
  m.def("power_scalar", [](py::handle x, float e) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::power_scalar(t, e); });
  }, py::arg("x"), py::arg("exponent"));
  m.def("softmax", [](py::handle x, int axis) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::softmax(t, axis); });
  }, py::arg("x"), py::arg("axis"));
  m.def("log_softmax", [](py::handle x, int axis) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::log_softmax(t, axis); });
  }, py::arg("x"), py::arg("axis"));

  def_reduce(m, "sum", &pydeep::sum);
  def_reduce(m, "mean", &pydeep::mean);
  def_reduce(m, "max", &pydeep::max);
  def_reduce(m, "min", &pydeep::min);
  def_arg(m, "argmax", &pydeep::argmax);
  def_arg(m, "argmin", &pydeep::argmin);

  m.def("where", [](py::handle c, py::handle x, py::handle y) {
    Tensor tc = as_tensor(c), tx = as_tensor(x), ty = as_tensor(y);
    return nogil([&] { return pydeep::where(tc, tx, ty); });
  }, py::arg("condition"), py::arg("x1"), py::arg("x2"));
  m.def("cast", [](py::handle x, const std::string& dtype) {
    Tensor t = as_tensor(x);
    const DType d = dtype_from_name(dtype);
    return nogil([&] { return pydeep::cast(t, d); });
  }, py::arg("x"), py::arg("dtype"));
  m.def("reshape", [](py::handle x, const Shape& shape) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::reshape(t, shape); });
  }, py::arg("x"), py::arg("shape"));
  m.def("transpose", [](py::handle x, const std::vector<int>& axes) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::transpose(t, axes); });
  }, py::arg("x"), py::arg("axes"));
  m.def("expand_dims", [](py::handle x, int axis) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::expand_dims(t, axis); });
  }, py::arg("x"), py::arg("axis"));
  m.def("squeeze", [](py::handle x, const std::vector<int>& axes) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::squeeze(t, axes); });
  }, py::arg("x"), py::arg("axes"));
  m.def("broadcast_to", [](py::handle x, const Shape& shape) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::broadcast_to(t, shape); });
  }, py::arg("x"), py::arg("shape"));
  m.def("concatenate", [](py::handle xs, int axis) {
    std::vector<Tensor> ts = tensors_from(xs);
    return nogil([&] { return pydeep::concatenate(ts, axis); });
  }, py::arg("xs"), py::arg("axis"));
  m.def("stack", [](py::handle xs, int axis) {
    std::vector<Tensor> ts = tensors_from(xs);
    return nogil([&] { return pydeep::stack(ts, axis); });
  }, py::arg("xs"), py::arg("axis"));
  m.def("split", [](py::handle x, const std::vector<std::int64_t>& sizes, int axis) {
    Tensor t = as_tensor(x);
    std::vector<Tensor> pieces;
    {
      py::gil_scoped_release release;
      pieces = pydeep::split(t, sizes, axis);
    }
    return to_list(pieces);
  }, py::arg("x"), py::arg("sizes"), py::arg("axis"));
  m.def("strided_slice", [](py::handle x, const Shape& begin, const Shape& size, const Shape& step) {
    Tensor t = as_tensor(x);
    return nogil([&] { return pydeep::strided_slice(t, begin, size, step); });
  }, py::arg("x"), py::arg("begin"), py::arg("size"), py::arg("step"));
  m.def("take", [](py::handle x, py::handle indices, int axis) {
    Tensor t = as_tensor(x), i = as_tensor(indices);
    return nogil([&] { return pydeep::take(t, i, axis); });
  }, py::arg("x"), py::arg("indices"), py::arg("axis"));
  m.def("one_hot", [](py::handle indices, std::int64_t n) {
    Tensor i = as_tensor(indices);
    return nogil([&] { return pydeep::one_hot(i, n); });
  }, py::arg("indices"), py::arg("num_classes"));
}

}  // namespace pydeep::bindings
