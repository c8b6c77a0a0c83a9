// Writing a model's architecture as Keras 3's config (model_config.h).
#include "pydeep/model/model_config.h"

#include "pydeep/model/graph_layer.h"

#include <map>
#include <unordered_map>

namespace pydeep::model {
namespace {

Json shape_json(const Shape& shape) {
  Json out = Json::array();
  for (std::int64_t d : shape) out.push_back(d < 0 ? Json() : Json(d));
  return out;
}

Json history(const std::string& layer, std::int64_t node, std::int64_t index) {
  return Json::array({layer, node, index});
}

Json input_layer_entry(const std::string& name, const Shape& shape, bool functional) {
  Json config = Json::object({{"batch_shape", shape_json(shape)}, {"dtype", "float32"},
                              {"sparse", false}, {"ragged", false}, {"name", name},
                              {"optional", false}});
  Json entry = Json::object({{"module", "keras.layers"}, {"class_name", "InputLayer"},
                             {"config", config}, {"registered_name", Json()}});
  if (functional) {
    entry.set("name", name);
    entry.set("inbound_nodes", Json::array());
  }
  return entry;
}

// A nested model's config: that of a Model over its graph (input names are
// local to the nested config).
Json nested_config(const GraphLayer& nested) {
  Model inner(nested.graph(), nested.name());
  inner.set_class_name(nested.class_name());
  Json config = model_to_config(inner);
  config.set("trainable", nested.trainable());
  return config;
}

Json layer_entry(const layers::Layer& layer) {
  const auto* nested = dynamic_cast<const GraphLayer*>(&layer);
  Json entry = Json::object({{"module", nested ? "keras" : "keras.layers"},
                             {"class_name", layer.class_name()},
                             {"config", nested ? nested_config(*nested) : layer.get_config()},
                             {"registered_name", Json()}});
  if (layer.built()) {
    const auto& shapes = layer.built_input_shapes();
    Json input_shape;
    if (shapes.size() == 1) {
      input_shape = shape_json(shapes[0]);
    } else {
      input_shape = Json::array();
      for (const Shape& s : shapes) input_shape.push_back(shape_json(s));
    }
    entry.set("build_config", Json::object({{"input_shape", input_shape}}));
  }
  return entry;
}

void check_unique_names(const Model& model) {
  std::map<std::string, const void*> seen;
  auto claim = [&](const std::string& name, const void* owner) {
    auto [it, fresh] = seen.emplace(name, owner);
    check(fresh || it->second == owner, "model_to_config: model '", model.name(),
          "' has two layers named '", name, "'; layer names must be unique to be saved");
  };
  for (std::size_t i = 0; i < model.input_names().size(); ++i)
    claim(model.input_names()[i], &model.input_names()[i]);
  for (const auto& layer : model.graph().layers()) claim(layer->name(), layer.get());
}

Json sequential_config(const Model& model) {
  const Graph& g = model.graph();
  Json layers = Json::array();
  layers.push_back(input_layer_entry(model.input_names()[0], g.input_shapes()[0], false));
  for (const GraphNode& node : g.nodes()) layers.push_back(layer_entry(*node.layer));
  return Json::object({{"name", model.name()}, {"trainable", true}, {"layers", layers},
                       {"build_input_shape", shape_json(g.input_shapes()[0])}});
}

}  // namespace

Json model_to_config(const Model& model) {
  check_unique_names(model);
  const Graph& g = model.graph();
  bool trainable = true;
  for (const auto& layer : g.layers()) trainable = trainable && layer->trainable();
  if (model.class_name() == "Sequential") {
    Json config = sequential_config(model);
    config.set("trainable", trainable);
    return config;
  }

  // Each node's index among its layer's calls (shared layers have several);
  // a nested Functional counts its own built-in node first, as in Keras.
  std::unordered_map<const layers::Layer*, std::int64_t> calls;
  std::vector<std::int64_t> node_index(g.nodes().size());
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    const layers::Layer* layer = g.nodes()[i].layer.get();
    const std::int64_t base = std::string(layer->class_name()) == "Functional" ? 1 : 0;
    node_index[i] = base + calls[layer]++;
  }
  auto ref_history = [&](const NodeOutput& ref) {
    if (ref.node < 0) return history(model.input_names()[-ref.node - 1], 0, 0);
    return history(g.nodes()[ref.node].layer->name(), node_index[ref.node], ref.index);
  };
  auto ref_shape = [&](const NodeOutput& ref) -> const Shape& {
    return ref.node < 0 ? g.input_shapes()[-ref.node - 1]
                        : g.node_output_shapes()[ref.node][ref.index];
  };
  auto keras_tensor = [&](const NodeOutput& ref) {
    Json config = Json::object({{"shape", shape_json(ref_shape(ref))}, {"dtype", "float32"},
                                {"keras_history", ref_history(ref)}});
    return Json::object({{"class_name", "__keras_tensor__"}, {"config", config}});
  };

  std::vector<Json> entries;
  std::vector<Json::Array> inbound;  // per entry, filled while walking the nodes
  for (std::size_t i = 0; i < g.input_shapes().size(); ++i) {
    entries.push_back(input_layer_entry(model.input_names()[i], g.input_shapes()[i], true));
    inbound.emplace_back();
  }
  std::unordered_map<const layers::Layer*, std::size_t> entry_of;
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    const GraphNode& node = g.nodes()[i];
    auto [it, fresh] = entry_of.emplace(node.layer.get(), entries.size());
    if (fresh) {
      entries.push_back(layer_entry(*node.layer));
      inbound.emplace_back();
    }
    Json args = Json::array();
    if (node.inputs.size() == 1) {  // called on one tensor; lists are for 2+ inputs
      args.push_back(keras_tensor(node.inputs[0]));
    } else {
      Json list = Json::array();
      for (const NodeOutput& ref : node.inputs) list.push_back(keras_tensor(ref));
      args.push_back(list);
    }
    inbound[it->second].push_back(Json::object({{"args", args}, {"kwargs", Json::object()}}));
  }
  Json layers = Json::array();
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (k >= g.input_shapes().size()) {
      entries[k].set("name", entries[k].at("config").at("name"));
      entries[k].set("inbound_nodes", Json(std::move(inbound[k])));
    }
    layers.push_back(std::move(entries[k]));
  }

  auto refs_json = [&](const std::vector<NodeOutput>& refs) {
    if (refs.size() == 1) return ref_history(refs[0]);
    Json out = Json::array();
    for (const NodeOutput& ref : refs) out.push_back(ref_history(ref));
    return out;
  };
  std::vector<NodeOutput> inputs;
  for (std::size_t i = 0; i < g.input_shapes().size(); ++i)
    inputs.push_back(NodeOutput::model_input(static_cast<int>(i)));
  return Json::object({{"name", model.name()}, {"trainable", trainable}, {"layers", layers},
                       {"input_layers", refs_json(inputs)},
                       {"output_layers", refs_json(g.outputs())}});
}

Json serialize_model(const Model& model) {
  return Json::object({{"module", "keras"}, {"class_name", model.class_name()},
                       {"config", model_to_config(model)}, {"registered_name", Json()}});
}

}  // namespace pydeep::model
