#pragma once
// The .pydeep model file: one safetensors-compatible file (tensor_file.h)
// holding a model's weights, its optimizer's state and, in the metadata, its
// architecture, compile config and a self-check. Python's model.save /
// pydeep.models.load_model and these functions read and write the same file.
//
// Metadata (all values are strings, as safetensors requires):
//   format           "pydeep"
//   format_version   "1" (readers refuse newer versions)
//   kind             "model" or "weights" (save_weights)
//   pydeep_version   the writer's version
//   model_config     the architecture (model_config.h serialize_model), JSON
//   compile_config   compile_to_config (compile_config.h), JSON; absent when
//                    the model was not compiled or include_optimizer=false
//   keras_compile_config  optional: the front end's own compile arguments
//   checksum         set by the container
// Tensors: "weights/<i>/<variable name>" in Keras weight order,
// "optimizer/<i>/<variable name>" in the order of optimizer.variables(),
// "verify/input/<i>", "verify/output/<i>": a sample input (seeded uniform
// values in [-1, 1), 2 rows, unknown sizes taken as 4) and the outputs the
// model gave for it when saved.
//
// Verification: loading runs the sample input again and refuses the model
// (ValueError) unless every output element satisfies
// |new - saved| <= 1e-4 * (1 + |saved|). Float32 reductions whose order
// changes with the thread count or instruction set differ by ~1e-6
// relative, far inside that bound; wrong weights or changed layer math are
// far outside it. Disable with verify=false.
//
// Thread-safety: saving reads the model (do not train it concurrently);
// loading creates a new model. A loaded model's predict may be called from
// several threads at once (it does not modify the model).
#include <memory>
#include <string>
#include <vector>

#include "pydeep/io/tensor_file.h"
#include "pydeep/model/model.h"
#include "pydeep/model/model_config.h"

namespace pydeep::io {

constexpr int kFormatVersion = 1;

struct SaveOptions {
  bool include_optimizer = true;  // compile config and optimizer state
  bool include_verification = true;
  // Null: computed from the model. Front ends pass their own (Python adds
  // user-defined classes by registered name).
  Json model_config;
  Json compile_config;
  Json keras_compile_config;
  // Empty: the seeded sample described above.
  std::vector<Tensor> sample_inputs;
};

// Writes the model file atomically. Throws ValueError when the model cannot
// be described (duplicate layer names, ...), IOError when writing fails.
void save_model(const model::Model& model, const std::string& path,
                const SaveOptions& options = {});
// Weights (and the optimizer state when compiled and built) only.
// extra_metadata: more (key, value) pairs for the metadata (keys must not
// collide with the format's own), e.g. a training checkpoint's epoch.
void save_weights(const model::Model& model, const std::string& path,
                  const std::vector<std::pair<std::string, std::string>>& extra_metadata = {});

struct LoadOptions {
  bool compile = true;  // restore compile() and the optimizer state when saved
  bool verify = true;   // check the stored sample outputs (see above)
  model::LayerResolver resolver = model::default_layer_resolver;
};

// The model saved in `path`: IOError when the file cannot be read;
// ValueError when it is not a valid pydeep model file (corrupted,
// truncated, newer format, weights-only), when a layer is unknown, or when
// the model does not reproduce its saved outputs.
std::shared_ptr<model::Model> load_model(const std::string& path,
                                         const LoadOptions& options = {});
// Sets the weights (and, when the file has it and the model is compiled,
// the optimizer state) of an existing model from a weights or model file;
// ValueError naming the variable when counts or shapes differ.
void load_weights(model::Model& model, const std::string& path);

// --- the pieces, for front ends that build the model themselves ----------
struct ModelFile {
  std::string path;  // for messages
  TensorFile contents;
  std::string kind;
  Json model_config;    // null in weights files
  Json compile_config;  // null when absent
  Json keras_compile_config;
};
// Reads and validates the container and its pydeep metadata.
ModelFile read_model_file(const std::string& path);
void assign_weights(const model::Model& model, const ModelFile& file);
// Builds the compiled model's optimizer for its trainable weights and sets
// its variables; false when the file holds no optimizer state.
bool assign_optimizer_state(const model::Model& model, const ModelFile& file);
// Throws ValueError unless the model reproduces the stored outputs (a file
// without them passes).
void verify_outputs(const model::Model& model, const ModelFile& file);
// The default sample input for a graph's input shapes.
std::vector<Tensor> sample_inputs(const model::Graph& graph);

}  // namespace pydeep::io

namespace pydeep {
using io::load_model;
}  // namespace pydeep
