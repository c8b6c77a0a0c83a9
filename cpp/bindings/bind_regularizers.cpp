// pydeep._core.Regularizer / Constraint: the core's built-in regularizers and
// constraints, made from a Keras identifier or config by one factory each.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/constraints/constraint.h"
#include "pydeep/regularizers/regularizer.h"
#include "registry.h"

namespace pydeep::bindings {

void register_regularizers(py::module_& m) {
  using constraints::Constraint;
  using regularizers::Regularizer;
  py::class_<Regularizer, std::shared_ptr<Regularizer>>(m, "Regularizer")
      .def_property_readonly("class_name", &Regularizer::class_name)
      .def("get_config", [](const Regularizer& r) { return json_to_python(r.get_config()); })
      .def("__call__", [](const Regularizer& r, py::handle x) {
             const Tensor t = as_tensor(x);
             py::gil_scoped_release release;
             return r(t);
           }, py::arg("x"));
  m.def("make_regularizer", [](py::handle spec, const std::string& where) {
    return std::const_pointer_cast<Regularizer>(
        regularizers::make_regularizer(json_from_python(spec), where));
  }, py::arg("spec"), py::arg("where") = "regularizer");

  py::class_<Constraint, std::shared_ptr<Constraint>>(m, "Constraint")
      .def_property_readonly("class_name", &Constraint::class_name)
      .def("get_config", [](const Constraint& c) { return json_to_python(c.get_config()); })
      .def("__call__", [](const Constraint& c, py::handle w) {
             const Tensor t = as_tensor(w);
             py::gil_scoped_release release;
             return c(t);
           }, py::arg("w"));
  m.def("make_constraint", [](py::handle spec, const std::string& where) {
    return std::const_pointer_cast<Constraint>(
        constraints::make_constraint(json_from_python(spec), where));
  }, py::arg("spec"), py::arg("where") = "constraint");
}

}  // namespace pydeep::bindings
