// Model configs and the .pydeep file: pydeep._core functions behind
// pydeep.saving and Model.get_config / save / load. File work runs with the
// GIL released.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/io/model_file.h"
#include "pydeep/model/compile_config.h"
#include "pydeep/model/model_config.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using model::Model;
using model::NodeOutput;

py::tuple ref_tuple(const NodeOutput& r) { return py::make_tuple(r.node, r.index); }

py::dict parsed_dict(const model::ParsedModelConfig& p) {
  py::dict d;
  d["class_name"] = p.class_name;
  d["name"] = p.name;
  d["trainable"] = p.trainable;
  py::list inputs, layers, nodes, outputs;
  for (const auto& in : p.inputs) {
    py::list shape;
    for (std::int64_t s : in.batch_shape) shape.append(s < 0 ? py::object(py::none()) : py::int_(s));
    inputs.append(py::dict(py::arg("name") = in.name, py::arg("batch_shape") = py::tuple(shape),
                           py::arg("dtype") = in.dtype));
  }
  for (const Json& e : p.layers) layers.append(json_to_python(e));
  for (const auto& n : p.nodes) {
    py::list refs;
    for (const NodeOutput& r : n.inputs) refs.append(ref_tuple(r));
    nodes.append(py::make_tuple(n.layer, refs, n.as_list));
  }
  for (const NodeOutput& r : p.outputs) outputs.append(ref_tuple(r));
  d["inputs"] = inputs;
  d["layers"] = layers;
  d["nodes"] = nodes;
  d["outputs"] = outputs;
  d["input_structure"] = p.input_structure;
  d["output_structure"] = p.output_structure;
  d["input_keys"] = p.input_keys;
  d["output_keys"] = p.output_keys;
  return d;
}

}  // namespace

void register_saving(py::module_& m) {
  py::class_<Model, std::shared_ptr<Model>> model_class =
      py::reinterpret_borrow<py::class_<Model, std::shared_ptr<Model>>>(m.attr("Model"));
  model_class
      .def_property("input_names", &Model::input_names, &Model::set_input_names)
      .def_property_readonly("output_names", &Model::output_names)
      .def_property("class_name", &Model::class_name, &Model::set_class_name)
      .def_property_readonly("compiled", &Model::compiled);

  m.def("model_to_config", [](const Model& mdl) { return json_to_python(model::model_to_config(mdl)); });
  m.def("compile_to_config", [](const Model& mdl) { return json_to_python(model::compile_to_config(mdl)); });
  m.def("parse_model_config", [](py::handle config) {
    return parsed_dict(model::parse_model_config(json_from_python(config)));
  });
  m.def("model_from_config", [](py::handle config) {
    return model::model_from_config(json_from_python(config));
  }, "A model of core layers only (no Python objects), as a C++ application rebuilds it.");

  py::class_<io::ModelFile, std::shared_ptr<io::ModelFile>>(m, "ModelFile")
      .def_readonly("path", &io::ModelFile::path)
      .def_readonly("kind", &io::ModelFile::kind)
      .def_property_readonly("model_config", [](const io::ModelFile& f) { return json_to_python(f.model_config); })
      .def_property_readonly("compile_config", [](const io::ModelFile& f) { return json_to_python(f.compile_config); })
      .def_property_readonly("keras_compile_config",
                             [](const io::ModelFile& f) { return json_to_python(f.keras_compile_config); })
      .def_property_readonly("metadata", [](const io::ModelFile& f) {
        py::dict d;
        for (const auto& [k, v] : f.contents.metadata) d[py::str(k)] = v;
        return d;
      })
      .def_property_readonly("tensors", [](const io::ModelFile& f) {
        py::dict d;
        for (const auto& [k, v] : f.contents.tensors) d[py::str(k)] = v;
        return d;
      });

  m.def("read_model_file", [](const std::string& path) {
    py::gil_scoped_release release;
    return std::make_shared<io::ModelFile>(io::read_model_file(path));
  }, py::arg("path"));
  m.def("assign_weights", [](const Model& mdl, const io::ModelFile& f) {
    py::gil_scoped_release release;
    io::assign_weights(mdl, f);
  });
  m.def("assign_optimizer_state", [](const Model& mdl, const io::ModelFile& f) {
    py::gil_scoped_release release;
    return io::assign_optimizer_state(mdl, f);
  });
  m.def("verify_outputs", [](const Model& mdl, const io::ModelFile& f) {
    py::gil_scoped_release release;
    io::verify_outputs(mdl, f);
  });
  m.def("save_model", [](const Model& mdl, const std::string& path, py::handle model_config,
                         py::handle compile_config, py::handle keras_compile_config,
                         bool include_optimizer, bool include_verification, py::handle samples) {
    io::SaveOptions o;
    o.model_config = json_from_python(model_config);
    o.compile_config = json_from_python(compile_config);
    o.keras_compile_config = json_from_python(keras_compile_config);
    o.include_optimizer = include_optimizer;
    o.include_verification = include_verification;
    if (!samples.is_none()) o.sample_inputs = tensors_from(samples);
    py::gil_scoped_release release;
    io::save_model(mdl, path, o);
  }, py::arg("model"), py::arg("path"), py::arg("model_config") = py::none(),
     py::arg("compile_config") = py::none(), py::arg("keras_compile_config") = py::none(),
     py::arg("include_optimizer") = true, py::arg("include_verification") = true,
     py::arg("sample_inputs") = py::none());
  m.def("save_weights", [](const Model& mdl, const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& extra) {
    py::gil_scoped_release release;
    io::save_weights(mdl, path, extra);
  }, py::arg("model"), py::arg("path"),
     py::arg("extra_metadata") = std::vector<std::pair<std::string, std::string>>{});
  m.def("load_model_native", [](const std::string& path, bool compile, bool verify) {
    io::LoadOptions o;
    o.compile = compile;
    o.verify = verify;
    py::gil_scoped_release release;
    return io::load_model(path, o);
  }, py::arg("path"), py::arg("compile") = true, py::arg("verify") = true,
     "The model as C++'s pydeep::load_model rebuilds it (core layers only).");
  m.def("read_tensor_file", [](const std::string& path) {
    io::TensorFile f;
    {
      py::gil_scoped_release release;
      f = io::read_tensor_file(path);
    }
    py::dict meta, tensors;
    for (const auto& [k, v] : f.metadata) meta[py::str(k)] = v;
    for (const auto& [k, v] : f.tensors) tensors[py::str(k)] = v;
    return py::make_tuple(meta, tensors);
  });
}

}  // namespace pydeep::bindings
