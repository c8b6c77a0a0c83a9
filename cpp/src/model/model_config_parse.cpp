// Reading Keras 3 model configs (model_config.h): parse and check the whole
// config first, then create the layers and the graph.
#include <map>

#include "pydeep/model/graph_layer.h"
#include "pydeep/model/model_config.h"

namespace pydeep::model {
namespace {

const char* kWhere = "model config";

Shape shape_from(const Json& j, const std::string& what) {
  check(j.is_array(), kWhere, ": expected ", what, " to be a list of sizes; received ", j.dump());
  Shape out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const Json& d = j[i];
    if (d.is_null()) {
      out.push_back(-1);
      continue;
    }
    const std::int64_t v = d.as_int(what.c_str());
    check(v > 0, kWhere, ": ", what, " has a non-positive size ", v);
    out.push_back(v);
  }
  return out;
}

std::string entry_name(const Json& entry) {
  check(entry.is_object(), kWhere, ": expected each layer entry to be an object; received ",
        entry.dump());
  const Json name = entry.get("name", entry.get("config", Json::object()).get("name", Json()));
  check(name.is_string() && !name.as_string().empty(), kWhere, ": a layer entry has no name: ",
        entry.dump().substr(0, 200));
  return name.as_string();
}

ParsedModelConfig::Input input_from(const Json& entry, const std::string& name) {
  const Json& config = entry.get("config", Json::object());
  ParsedModelConfig::Input in;
  in.name = name;
  Json shape = config.get("batch_shape", Json());
  if (shape.is_null()) shape = config.get("batch_input_shape", Json());  // Keras 2 spelling
  check(!shape.is_null(), kWhere, ": InputLayer '", name, "' has no batch_shape");
  in.batch_shape = shape_from(shape, "InputLayer '" + name + "' batch_shape");
  check(!in.batch_shape.empty(), kWhere, ": InputLayer '", name, "' has an empty batch_shape");
  const Json dtype = config.get("dtype", Json("float32"));
  in.dtype = dtype.is_string() ? dtype.as_string()
                               : dtype.get("config", Json::object()).get("name", Json("float32"))
                                     .as_string("InputLayer dtype");
  return in;
}

// A [name, node, tensor] triple.
struct Ref {
  std::string layer;
  std::int64_t node = 0, tensor = 0;
};

bool is_triple(const Json& j) {
  return j.is_array() && (j.size() == 3 || j.size() == 4) && j[0].is_string() && j[1].is_number();
}

Ref ref_from(const Json& j, const std::string& what) {
  check(is_triple(j), kWhere, ": expected ", what, " to be [layer name, node index, tensor "
        "index]; received ", j.dump());
  return {j[0].as_string(), j[1].as_int(what.c_str()), j[2].as_int(what.c_str())};
}

// Collects the keras tensors of a node's args/kwargs in order.
void collect_tensors(const Json& j, std::vector<Ref>& out, const std::string& layer) {
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) collect_tensors(j[i], out, layer);
    return;
  }
  if (j.is_object() && j.get("class_name", Json()).is_string() &&
      j.at("class_name").as_string() == "__keras_tensor__") {
    out.push_back(ref_from(j.at("config").at("keras_history"), "keras_history"));
    return;
  }
  if (j.is_object() && j.contains("class_name") && j.contains("config")) {
    throw NotImplementedError(str(kWhere, ": layer '", layer, "' is called on a ",
                                  j.at("class_name").dump(), " argument; pydeep models take "
                                  "only tensors as layer inputs"));
  }
  throw NotImplementedError(str(kWhere, ": layer '", layer, "' is called with the non-tensor "
                                "argument ", j.dump(), ", which pydeep does not support"));
}

struct PendingNode {
  std::vector<Ref> refs;
  bool as_list = false;
};

PendingNode pending_from(const Json& node, const std::string& layer) {
  PendingNode p;
  if (node.is_array()) {  // legacy: [[name, node, tensor, kwargs], ...]
    for (std::size_t i = 0; i < node.size(); ++i) p.refs.push_back(ref_from(node[i], "inbound node"));
    p.as_list = p.refs.size() > 1;
    return p;
  }
  check(node.is_object() && node.contains("args"), kWhere, ": layer '", layer,
        "' has a malformed inbound node: ", node.dump().substr(0, 200));
  const Json& args = node.at("args");
  check(args.is_array(), kWhere, ": layer '", layer, "': inbound node args must be a list");
  p.as_list = args.size() == 1 && args[0].is_array();
  collect_tensors(args, p.refs, layer);
  const Json kwargs = node.get("kwargs", Json::object());
  check(kwargs.is_object(), kWhere, ": layer '", layer, "': inbound node kwargs must be a dict");
  for (const auto& [key, value] : kwargs.as_object()) {
    // Call options that do not change inference or the graph.
    if (value.is_null() || key == "training") continue;
    collect_tensors(value, p.refs, layer);
  }
  check(!p.refs.empty(), kWhere, ": layer '", layer, "' has an inbound node with no inputs");
  return p;
}

// input_layers / output_layers: a triple, a list of triples or a dict.
std::vector<Ref> structure_refs(const Json& j, const char* what, std::string& kind,
                                std::vector<std::string>& keys) {
  std::vector<Ref> out;
  if (is_triple(j)) {
    kind = "single";
    out.push_back(ref_from(j, what));
  } else if (j.is_object()) {
    kind = "dict";
    for (const auto& [key, value] : j.as_object()) {
      keys.push_back(key);
      out.push_back(ref_from(value, what));
    }
  } else {
    check(j.is_array(), kWhere, ": expected ", what, " to be a list; received ", j.dump());
    kind = "list";
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(ref_from(j[i], what));
  }
  check(!out.empty(), kWhere, ": ", what, " is empty");
  return out;
}

Json unwrap(const Json& config, std::string& class_name) {
  check(config.is_object(), kWhere, ": expected an object; received ", config.dump().substr(0, 200));
  if (!config.contains("layers") && config.contains("config")) {
    class_name = config.get("class_name", Json("Functional")).as_string("class_name");
    return config.at("config");
  }
  class_name = config.contains("input_layers") ? "Functional" : "Sequential";
  return config;
}

void parse_sequential(const Json& config, ParsedModelConfig& out) {
  const Json& layers = config.at("layers");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Json& entry = layers[i];
    const std::string name = entry_name(entry);
    if (entry.get("class_name", Json()).is_string() &&
        entry.at("class_name").as_string() == "InputLayer") {
      check(i == 0, kWhere, ": Sequential '", out.name, "': InputLayer '", name,
            "' must be the first layer");
      out.inputs.push_back(input_from(entry, name));
      continue;
    }
    out.layers.push_back(entry);
  }
  if (out.inputs.empty()) {
    const Json shape = config.get("build_input_shape", Json());
    if (!shape.is_null())
      out.inputs.push_back({out.name + "_input", shape_from(shape, "build_input_shape"), "float32"});
  }
  for (std::size_t i = 0; i < out.layers.size(); ++i) {
    const NodeOutput prev = i == 0 ? NodeOutput::model_input(0) : NodeOutput{int(i) - 1, 0};
    out.nodes.push_back({static_cast<int>(i), {prev}, false});
  }
  if (!out.layers.empty()) out.outputs.push_back({static_cast<int>(out.layers.size()) - 1, 0});
  out.input_structure = out.output_structure = "single";
}

void parse_functional(const Json& config, ParsedModelConfig& out) {
  const Json& layers = config.at("layers");
  std::map<std::string, int> input_of, layer_of;  // name -> index
  std::map<std::string, ParsedModelConfig::Input> inputs;
  std::vector<std::vector<PendingNode>> pending;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Json& entry = layers[i];
    const std::string name = entry_name(entry);
    check(!inputs.count(name) && !layer_of.count(name), kWhere, ": two layers are named '",
          name, "'");
    if (entry.get("class_name", Json()).is_string() &&
        entry.at("class_name").as_string() == "InputLayer") {
      inputs[name] = input_from(entry, name);
      continue;
    }
    layer_of[name] = static_cast<int>(out.layers.size());
    out.layers.push_back(entry);
    std::vector<PendingNode> nodes;
    const Json inbound = entry.get("inbound_nodes", Json::array());
    check(inbound.is_array(), kWhere, ": layer '", name, "': inbound_nodes must be a list");
    for (std::size_t k = 0; k < inbound.size(); ++k) nodes.push_back(pending_from(inbound[k], name));
    pending.push_back(std::move(nodes));
  }

  std::string ignored;
  std::vector<std::string> unused;
  const std::vector<Ref> input_refs =
      structure_refs(config.at("input_layers"), "input_layers", out.input_structure, out.input_keys);
  for (const Ref& r : input_refs) {
    check(inputs.count(r.layer), kWhere, ": input_layers names '", r.layer,
          "', which is not an InputLayer of the model");
    check(!input_of.count(r.layer), kWhere, ": input '", r.layer, "' is listed twice");
    input_of[r.layer] = static_cast<int>(out.inputs.size());
    out.inputs.push_back(inputs.at(r.layer));
  }

  // Graph nodes created so far, per layer, in call order.
  std::vector<std::vector<int>> made(out.layers.size());
  auto resolve = [&](const Ref& r, NodeOutput& ref) -> bool {
    if (input_of.count(r.layer)) {
      check(r.node == 0 && r.tensor == 0, kWhere, ": input '", r.layer, "' has one output; "
            "received node ", r.node, ", tensor ", r.tensor);
      ref = NodeOutput::model_input(input_of.at(r.layer));
      return true;
    }
    check(!inputs.count(r.layer), kWhere, ": the model uses InputLayer '", r.layer,
          "', which input_layers does not list");
    auto it = layer_of.find(r.layer);
    check(it != layer_of.end(), kWhere, ": a layer input refers to the unknown layer '",
          r.layer, "'");
    const bool functional = out.layers[it->second].get("class_name", Json()).is_string() &&
                            out.layers[it->second].at("class_name").as_string() == "Functional";
    const std::int64_t k = r.node - (functional ? 1 : 0);
    check(k >= 0 && k < static_cast<std::int64_t>(pending[it->second].size()), kWhere,
          ": a layer input refers to node ", r.node, " of layer '", r.layer, "', which has ",
          pending[it->second].size(), " node(s)");
    if (k >= static_cast<std::int64_t>(made[it->second].size())) return false;
    check(r.tensor >= 0, kWhere, ": negative tensor index for layer '", r.layer, "'");
    ref = {made[it->second][k], static_cast<int>(r.tensor)};
    return true;
  };
  // Keras's order: sweep the layers, making every node whose inputs exist,
  // until nothing is left (or nothing moves: a cycle).
  bool left = true;
  while (left) {
    left = false;
    bool moved = false;
    for (std::size_t l = 0; l < out.layers.size(); ++l) {
      while (made[l].size() < pending[l].size()) {
        const PendingNode& p = pending[l][made[l].size()];
        ParsedModelConfig::Node node{static_cast<int>(l), {}, p.as_list};
        bool ready = true;
        for (const Ref& r : p.refs) {
          NodeOutput ref;
          if (!resolve(r, ref)) {
            ready = false;
            break;
          }
          node.inputs.push_back(ref);
        }
        if (!ready) break;
        made[l].push_back(static_cast<int>(out.nodes.size()));
        out.nodes.push_back(std::move(node));
        moved = true;
      }
      left = left || made[l].size() < pending[l].size();
    }
    if (left && !moved) {
      std::string stuck;
      for (std::size_t l = 0; l < out.layers.size(); ++l)
        if (made[l].size() < pending[l].size())
          stuck += (stuck.empty() ? "'" : ", '") + entry_name(out.layers[l]) + "'";
      throw ValueError(str(kWhere, ": the graph has a cycle or a dangling input; these layers "
                           "cannot be connected: ", stuck));
    }
  }
  for (const Ref& r : structure_refs(config.at("output_layers"), "output_layers",
                                     out.output_structure, out.output_keys)) {
    NodeOutput ref;
    check(resolve(r, ref), kWhere, ": output '", r.layer, "' node ", r.node, " is never made");
    out.outputs.push_back(ref);
  }
}

}  // namespace

ParsedModelConfig parse_model_config(const Json& config_in) {
  ParsedModelConfig out;
  const Json config = unwrap(config_in, out.class_name);
  check(out.class_name == "Functional" || out.class_name == "Sequential" ||
            out.class_name == "Model",
        kWhere, ": expected class_name 'Functional' or 'Sequential'; received '", out.class_name,
        "' (subclassed models cannot be rebuilt from a config)");
  if (out.class_name == "Model") out.class_name = "Functional";
  check(config.contains("layers") && config.at("layers").is_array(), kWhere,
        ": expected a 'layers' list; received keys ", config.dump().substr(0, 200));
  out.name = config.get("name", Json(out.class_name == "Sequential" ? "sequential" : "functional"))
                 .as_string("name");
  out.trainable = config.get("trainable", Json(true)).as_bool("trainable");
  if (out.class_name == "Sequential") {
    parse_sequential(config, out);
  } else {
    check(config.contains("input_layers") && config.contains("output_layers"), kWhere,
          ": a Functional config needs 'input_layers' and 'output_layers'");
    parse_functional(config, out);
  }
  return out;
}

std::shared_ptr<layers::Layer> default_layer_resolver(const Json& entry) {
  const std::string class_name = entry.at("class_name").as_string("class_name");
  if (class_name == "Functional" || class_name == "Sequential" || class_name == "Model") {
    // A nested model: its own config, rebuilt recursively, run as a layer.
    const ParsedModelConfig parsed = parse_model_config(entry);
    std::vector<std::shared_ptr<layers::Layer>> inner;
    for (const Json& e : parsed.layers) inner.push_back(default_layer_resolver(e));
    auto layer = std::make_shared<GraphLayer>(build_graph(parsed, inner), parsed.name,
                                              parsed.class_name);
    if (!parsed.trainable) layer->set_trainable(false);
    return layer;
  }
  const Json registered = entry.get("registered_name", Json());
  if (registered.is_string() && registered.as_string() != class_name &&
      registered.as_string().find('>') != std::string::npos)
    throw ValueError(str(kWhere, ": layer '", entry_name(entry), "' is the user-defined class '",
                         registered.as_string(), "', which only Python can rebuild (pass it in "
                         "custom_objects or register it with register_keras_serializable)"));
  if (class_name == "Lambda")
    throw ValueError(str(kWhere, ": layer '", entry_name(entry), "' is a Lambda layer: it runs "
                         "a Python function, so only Python can load this model"));
  return layers::make_layer(class_name, entry.get("config", Json::object()));
}

std::shared_ptr<Graph> build_graph(const ParsedModelConfig& parsed,
                                   const std::vector<std::shared_ptr<layers::Layer>>& layers) {
  check(layers.size() == parsed.layers.size(), kWhere, ": expected ", parsed.layers.size(),
        " layers; received ", layers.size());
  check(!parsed.inputs.empty(), kWhere, ": ", parsed.class_name, " '", parsed.name,
        "' has no input shape (an unbuilt Sequential); build it before saving");
  std::vector<Shape> shapes;
  for (const auto& in : parsed.inputs) shapes.push_back(in.batch_shape);
  std::vector<GraphNode> nodes;
  for (const auto& n : parsed.nodes) nodes.push_back({layers.at(n.layer), n.inputs});
  return std::make_shared<Graph>(std::move(shapes), std::move(nodes), parsed.outputs);
}

std::shared_ptr<Model> model_from_config(const Json& config, const LayerResolver& resolver) {
  const ParsedModelConfig parsed = parse_model_config(config);
  std::vector<std::shared_ptr<layers::Layer>> layers;
  for (const Json& entry : parsed.layers) {
    layers.push_back(resolver(entry));
    check(layers.back() != nullptr, kWhere, ": no layer for entry '", entry_name(entry), "'");
  }
  auto model = std::make_shared<Model>(build_graph(parsed, layers), parsed.name);
  std::vector<std::string> names;
  for (const auto& in : parsed.inputs) names.push_back(in.name);
  model->set_input_names(names);
  model->set_class_name(parsed.class_name);
  std::vector<std::string> outs;  // Keras names outputs after their layers
  for (const NodeOutput& ref : parsed.outputs)
    outs.push_back(ref.node < 0 ? names[-ref.node - 1] : layers[parsed.nodes[ref.node].layer]->name());
  model->set_output_names(outs);
  if (!parsed.trainable)
    for (const auto& layer : layers) layer->set_trainable(false);
  return model;
}

}  // namespace pydeep::model
