// pydeep._core.Optimizer: the core's optimizers behind one class, made by
// make_optimizer(identifier, config). The Keras-shaped classes and their
// documentation are in pydeep/optimizers/.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/optim/optimizer.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

std::vector<Variable> variables_from(py::handle sequence) {
  std::vector<Variable> out;
  for (py::handle item : sequence) {
    if (!py::isinstance<Variable>(item))
      throw py::type_error(str("Optimizer.apply_gradients: expected variables; received ",
                               py::str(py::type::of(item)).cast<std::string>()));
    out.push_back(item.cast<Variable>());
  }
  return out;
}

py::list variable_list(const std::vector<Variable>& vars) {
  py::list out;
  for (const Variable& v : vars) out.append(py::cast(v));
  return out;
}

}  // namespace

void register_optimizers(py::module_& m) {
  using optim::Optimizer;
  py::class_<Optimizer, std::shared_ptr<Optimizer>>(m, "Optimizer")
      .def_property_readonly("class_name", &Optimizer::class_name)
      .def_property_readonly("name", &Optimizer::name)
      .def_property_readonly("built", &Optimizer::built)
      .def("build",
           [](Optimizer& opt, py::handle variables) {
             std::vector<Variable> vars = variables_from(variables);
             py::gil_scoped_release release;
             opt.build(vars);
           },
           py::arg("variables"))
      .def("apply_gradients",
           [](Optimizer& opt, py::handle grads, py::handle variables) {
             std::vector<Variable> vars = variables_from(variables);
             std::vector<Tensor> gs;
             for (py::handle g : grads) gs.push_back(as_tensor_or_undefined(g));
             {
               py::gil_scoped_release release;
               opt.apply_gradients(gs, vars);
             }
             // gs may hold tensors wrapping numpy arrays: they die here, under the GIL.
           },
           py::arg("grads"), py::arg("variables"),
           "grads[i] (a tensor, array or None) updates variables[i] in place.")
      .def_property("iterations", &Optimizer::iterations, &Optimizer::set_iterations)
      .def_property_readonly("raw_iterations", &Optimizer::raw_iterations)
      // The getter may call a Python schedule (under the GIL, which it holds).
      .def_property("learning_rate", &Optimizer::learning_rate, &Optimizer::set_learning_rate)
      .def_property_readonly("learning_rate_schedule", &Optimizer::learning_rate_schedule)
      .def("set_learning_rate_schedule", &Optimizer::set_learning_rate_schedule,
           py::arg("schedule"))
      .def("exclude_from_weight_decay",
           [](Optimizer& opt, py::handle variables, const std::vector<std::string>& names) {
             opt.exclude_from_weight_decay(variables_from(variables), names);
           },
           py::arg("variables"), py::arg("names"))
      .def("finalize_variable_values",
           [](Optimizer& opt, py::handle variables) {
             std::vector<Variable> vars = variables_from(variables);
             py::gil_scoped_release release;
             opt.finalize_variable_values(vars);
           },
           py::arg("variables"))
      .def("variables", [](const Optimizer& opt) { return variable_list(opt.variables()); })
      .def("get_config", [](const Optimizer& opt) { return json_to_python(opt.get_config()); });

  m.def(
      "make_optimizer",
      [](const std::string& identifier, py::handle config) {
        return optim::make_optimizer(identifier, json_from_python(config));
      },
      py::arg("identifier"), py::arg("config") = py::none());
}

}  // namespace pydeep::bindings
