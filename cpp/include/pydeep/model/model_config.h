#pragma once
// A model's architecture as Keras 3's config (what `model.get_config()` and
// `model.to_json()` give in Keras, and what a .keras file's config.json
// holds), so that C++ can rebuild a model with no Python:
//
//   Functional: {"name", "trainable", "layers": [entry...], "input_layers",
//                "output_layers"}; each entry is {"module", "class_name",
//                "config", "registered_name", "build_config", "name",
//                "inbound_nodes"}, an inbound node {"args": [...], "kwargs":
//                {}} whose tensors are {"class_name": "__keras_tensor__",
//                "config": {"shape", "dtype", "keras_history": [layer name,
//                node index, tensor index]}}; input_layers/output_layers are
//                one [name, node, tensor] triple, a list of them or a dict.
//   Sequential: {"name", "trainable", "layers": [InputLayer entry, entry...],
//                "build_input_shape"}.
// The serialized form wraps either as {"module": "keras", "class_name":
// "Functional" | "Sequential", "config": {...}, "registered_name": null}.
// Readers accept the inner config or the wrapper, and Keras's legacy
// inbound-node lists ([[name, node, tensor, kwargs], ...]).
//
// Nested models: a model used as a layer (GraphLayer) is one more layer entry
// (class_name "Functional" / "Sequential", config = that model's config); as
// in Keras, a nested Functional's node indices count its own built-in node
// first. The default resolver rebuilds them recursively.
//
// Errors: a malformed config throws ValueError naming the layer and what is
// wrong; an unknown layer class, the registry's ValueError.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/model/model.h"

namespace pydeep::model {

// The inner config of a built model (Functional or Sequential by
// model.class_name()). Throws ValueError when two layers share a name (the
// config could not tell them apart).
Json model_to_config(const Model& model);
// {"module": "keras", "class_name": ..., "config": model_to_config(model),
//  "registered_name": null}
Json serialize_model(const Model& model);

// A config, parsed and checked, before any layer exists.
struct ParsedModelConfig {
  std::string class_name;  // "Functional" or "Sequential"
  std::string name;
  bool trainable = true;
  struct Input {
    std::string name;
    Shape batch_shape;   // -1 = any size; empty for a Sequential without one
    std::string dtype;   // "float32", "int32", ...
  };
  std::vector<Input> inputs;  // in the model's input order
  std::vector<Json> layers;   // the non-input layer entries, config order
  struct Node {
    int layer = 0;                    // index into layers
    std::vector<NodeOutput> inputs;   // as in GraphNode
    bool as_list = false;             // the layer was called on a list
  };
  std::vector<Node> nodes;            // topological order
  std::vector<NodeOutput> outputs;
  // How input_layers / output_layers were nested: "single", "list" or
  // "dict" (then *_keys gives the keys, in order).
  std::string input_structure = "list", output_structure = "list";
  std::vector<std::string> input_keys, output_keys;
};

// Parses a Functional or Sequential config (inner or wrapped). A Sequential
// without an input shape parses with empty inputs and its layers chained.
ParsedModelConfig parse_model_config(const Json& config);

// A layer from a config entry ({"class_name", "config", ...}).
using LayerResolver = std::function<std::shared_ptr<layers::Layer>(const Json& entry)>;
// The core's layers (layers::make_layer) and nested models (GraphLayer);
// ValueError naming the class for anything unknown or Python-only (Lambda,
// registered user classes).
std::shared_ptr<layers::Layer> default_layer_resolver(const Json& entry);

// A graph from a parsed config and one layer per parsed.layers entry.
std::shared_ptr<Graph> build_graph(const ParsedModelConfig& parsed,
                                   const std::vector<std::shared_ptr<layers::Layer>>& layers);

// The model a config describes (new, uncompiled; weights initialised from
// the layers' initializers). Throws ValueError for a Sequential config
// without an input shape (nothing to build it for).
std::shared_ptr<Model> model_from_config(const Json& config,
                                         const LayerResolver& resolver = default_layer_resolver);

}  // namespace pydeep::model
