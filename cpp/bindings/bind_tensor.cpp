// pydeep._core.Tensor and Variable: handles over core tensors, zero-copy with
// numpy in both directions. Arithmetic operators are attached in Python
// (pydeep/_tensor.py) on top of the bound ops.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/autograd/functions/arithmetic.h"
#include "pydeep/autograd/node.h"
#include "pydeep/autograd/variable.h"
#include "registry.h"

namespace pydeep::bindings {

void register_tensor(py::module_& m) {
  py::class_<Tensor>(m, "Tensor", py::buffer_protocol(), py::dynamic_attr())
      .def(py::init([](py::handle value) { return as_tensor(value); }), py::arg("value"))
      .def_buffer([](const Tensor& t) {
        check<NotImplementedError>(t.device().type == DeviceType::CPU,
                                   "buffer: copy the tensor to the CPU first");
        const auto item = static_cast<py::ssize_t>(dtype_size(t.dtype()));
        std::vector<py::ssize_t> shape(t.shape().begin(), t.shape().end()), strides;
        for (auto s : contiguous_strides(t.shape())) strides.push_back(s * item);
        std::string format;
        switch (t.dtype()) {
          case DType::Float32: format = py::format_descriptor<float>::format(); break;
          case DType::Int32: format = py::format_descriptor<std::int32_t>::format(); break;
          case DType::Int64: format = py::format_descriptor<std::int64_t>::format(); break;
          case DType::Bool: format = py::format_descriptor<bool>::format(); break;
        }
        return py::buffer_info(t.raw_data(), item, format, t.ndim(), shape, strides);
      })
      .def_property_readonly("shape", [](const Tensor& t) {
        py::tuple s(t.ndim());
        for (int i = 0; i < t.ndim(); ++i) s[i] = t.shape()[i];
        return s;
      })
      .def_property_readonly("dtype", [](const Tensor& t) { return dtype_name(t.dtype()); })
      .def_property_readonly("ndim", &Tensor::ndim)
      .def_property_readonly("size", &Tensor::numel)
      .def_property_readonly("device", [](const Tensor& t) { return device_str(t.device()); })
      .def("numpy", &to_numpy, "A numpy array viewing this tensor's memory (no copy).")
      .def("__array__", [](const Tensor& t, py::object dtype, py::object copy) {
             py::object arr = to_numpy(t);
             if (!dtype.is_none()) arr = arr.attr("astype")(dtype);
             if (!copy.is_none() && copy.cast<bool>()) arr = arr.attr("copy")();
             return arr;
           },
           py::arg("dtype") = py::none(), py::arg("copy") = py::none())
      .def("item", [](const Tensor& t) -> py::object {
        const double v = t.item();
        if (t.dtype() == DType::Float32) return py::float_(v);
        if (t.dtype() == DType::Bool) return py::bool_(v != 0);
        return py::int_(static_cast<long long>(v));
      })
      .def_property_readonly("requires_grad", &Tensor::requires_grad)
      .def("_set_requires_grad", &Tensor::set_requires_grad)
      .def_property_readonly("_is_leaf", &Tensor::is_leaf)
      .def_property_readonly("_grad_fn_name", [](const Tensor& t) -> py::object {
        if (!t.grad_fn()) return py::none();
        return py::str(t.grad_fn()->name());
      })
      .def("_same", &Tensor::is_same)
      .def("_data_ptr", [](const Tensor& t) { return reinterpret_cast<std::uintptr_t>(t.raw_data()); })
      .def("detach", &Tensor::detach)
      .def("__len__", [](const Tensor& t) {
        check<TypeError>(t.ndim() > 0, "len() of a 0-d tensor");
        return t.shape()[0];
      });

  py::class_<Variable, Tensor>(m, "Variable", py::dynamic_attr())
      .def(py::init([](py::handle value, bool trainable, const std::string& name) {
             return Variable(as_tensor(value), trainable, name);
           }),
           py::arg("value"), py::arg("trainable") = true, py::arg("name") = "")
      .def_property_readonly("name", &Variable::name)
      .def_property("trainable", &Variable::trainable, &Variable::set_trainable)
      .def("_assign", [](const Variable& v, py::handle value) { v.assign(as_tensor(value)); })
      // Keras's Variable API, on every variable (also those layers and
      // optimizers create in C++): in-place updates return the variable.
      .def_property_readonly("path", &Variable::name)
      .def_property_readonly("value", [](const Variable& v) -> const Tensor& { return v; })
      .def("assign", [](py::object self, py::handle value) {
             self.cast<const Variable&>().assign(as_tensor(value));
             return self;
           }, py::arg("value"))
      .def("assign_add", [](py::object self, py::handle value) {
             const Variable& v = self.cast<const Variable&>();
             v.assign(pydeep::add(v.detach(), as_tensor(value)));
             return self;
           }, py::arg("value"))
      .def("assign_sub", [](py::object self, py::handle value) {
             const Variable& v = self.cast<const Variable&>();
             v.assign(pydeep::subtract(v.detach(), as_tensor(value)));
             return self;
           }, py::arg("value"))
      .def("__repr__", [](const Variable& v) {
        return str("<Variable path=", v.name(), ", shape=", shape_str(v.shape()), ", dtype=",
                   dtype_name(v.dtype()), ">");
      });
}

}  // namespace pydeep::bindings
