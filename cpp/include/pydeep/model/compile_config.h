#pragma once
// compile() as JSON, so that a model file restores a compiled model:
//   {"optimizer": entry, "loss": [entry or null, one per output],
//    "loss_weights": [number, one per output],
//    "metrics": [[entry, ...], one list per output],
//    "weighted": [[bool, ...], shaped like metrics]}   (only when some metric
//    is a weighted metric; absent: none is)
// where an entry is Keras's serialized object {"module", "class_name",
// "config", "registered_name"}: the core object's class_name() and
// get_config(), which make_optimizer / make_loss / make_metric rebuild.
//
// Also a short form of compile for C++ applications.
#include <string>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/model/model.h"

namespace pydeep::model {

// ValueError when the model is not compiled.
Json compile_to_config(const Model& model);
// Compiles `model` from compile_to_config's JSON. Throws ValueError naming
// the object when an entry is not a core class (a loss or metric written in
// Python cannot be rebuilt without Python).
void compile_from_config(Model& model, const Json& config);

// compile with Keras identifiers: compile(model, "adam",
// "sparse_categorical_crossentropy", {"accuracy"}). The loss applies to
// every output; "accuracy"/"acc" resolve as Keras's compile does.
void compile(Model& model, const std::string& optimizer, const std::string& loss,
             const std::vector<std::string>& metrics = {});

}  // namespace pydeep::model
