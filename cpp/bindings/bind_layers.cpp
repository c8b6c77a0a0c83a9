// pydeep._core.Layer: the C++ layers behind pydeep.layers, created by class
// name from a config (one generic factory; no per-layer binding code).
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/layers/layer.h"
#include "pydeep/layers/wrappers.h"
#include "registry.h"

namespace pydeep::bindings {

namespace {
py::list variables(const std::vector<Variable>& vs) {
  py::list out;
  for (const Variable& v : vs) out.append(py::cast(v));
  return out;
}
}  // namespace

void register_layers(py::module_& m) {
  using layers::Layer;
  py::class_<Layer, std::shared_ptr<Layer>>(m, "Layer")
      .def_property_readonly("name", &Layer::name)
      .def_property_readonly("class_name", &Layer::class_name)
      .def_property("trainable", &Layer::trainable, &Layer::set_trainable)
      .def_property_readonly("built", &Layer::built)
      .def_property_readonly("num_inputs", &Layer::num_inputs)
      .def("ensure_built", &Layer::ensure_built, py::arg("input_shapes"))
      .def("compute_output_shape", &Layer::compute_output_shape, py::arg("input_shapes"))
      .def("__call__", [](Layer& layer, py::handle inputs, bool training, py::handle masks) {
             std::vector<Tensor> xs = tensors_from(inputs);
             std::vector<Tensor> ms;
             if (!masks.is_none())
               for (py::handle m : masks) ms.push_back(as_tensor_or_undefined(m));
             std::vector<Tensor> ys;
             {
               py::gil_scoped_release release;
               ys = ms.empty() ? layer(xs, training) : layer(xs, training, ms);
             }
             return to_list(ys);
           }, py::arg("inputs"), py::arg("training") = false, py::arg("masks") = py::none())
      .def_property_readonly("supports_masking", &Layer::supports_masking)
      .def_property_readonly("states", [](const Layer& l) { return to_list(l.states()); })
      .def("reset_states", &Layer::reset_states)
      .def("set_call_options", [](Layer& l, py::handle options) {
             l.set_call_options(json_from_python(options));
           }, py::arg("options"))
      .def("compute_mask", [](const Layer& layer, py::handle inputs, py::handle masks) {
             std::vector<Tensor> ms;
             for (py::handle m : masks) ms.push_back(as_tensor_or_undefined(m));
             return to_list(layer.compute_mask(tensors_from(inputs), ms));
           }, py::arg("inputs"), py::arg("masks"))
      .def("get_config", [](const Layer& l) { return json_to_python(l.get_config()); })
      .def_property_readonly("weights", [](const Layer& l) { return variables(l.weights()); })
      .def_property_readonly("trainable_weights",
                             [](const Layer& l) { return variables(l.trainable_weights()); })
      .def_property_readonly("non_trainable_weights",
                             [](const Layer& l) { return variables(l.non_trainable_weights()); })
      .def("count_params", &Layer::count_params)
      .def_property_readonly("losses", [](const Layer& l) { return to_list(l.losses()); });
  m.def("make_layer", [](const std::string& class_name, py::handle config) {
    return layers::make_layer(class_name, json_from_python(config));
  }, py::arg("class_name"), py::arg("config"));
  m.def("make_wrapper", [](const std::string& class_name, py::handle config,
                           std::vector<std::shared_ptr<Layer>> inner) {
    return layers::make_wrapper(class_name, json_from_python(config), std::move(inner));
  }, py::arg("class_name"), py::arg("config"), py::arg("layers"));
}

}  // namespace pydeep::bindings
