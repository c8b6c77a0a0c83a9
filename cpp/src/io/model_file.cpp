// The .pydeep model file (model_file.h): what goes into the container and
// how a model comes back out of it.
#include "pydeep/io/model_file.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "pydeep/build_info.h"
#include "pydeep/core/random.h"
#include "pydeep/model/compile_config.h"

namespace pydeep::io {
namespace {

constexpr double kTolerance = 1e-4;
constexpr std::uint64_t kSampleSeed = 0x7079646565700001ull;  // fixed: the sample never changes

void add_variables(TensorFile& file, const char* prefix, const std::vector<Variable>& vars) {
  for (std::size_t i = 0; i < vars.size(); ++i)
    file.tensors.emplace_back(str(prefix, "/", i, "/", vars[i].name()), vars[i].detach());
}

// The tensors named "<prefix>/<i>/...", by i; ValueError when the indices
// are not 0..n-1.
std::vector<std::pair<std::string, Tensor>> numbered(const TensorFile& file, const std::string& prefix,
                                                     const std::string& path) {
  std::map<long long, std::pair<std::string, Tensor>> found;
  const std::string head = prefix + "/";
  for (const auto& [name, t] : file.tensors) {
    if (name.rfind(head, 0) != 0) continue;
    const std::string rest = name.substr(head.size());
    const std::size_t slash = rest.find('/');
    const std::string digits = rest.substr(0, slash);
    check(!digits.empty() && digits.size() < 10 &&
              std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }),
          "load: '", path, "': malformed tensor name '", name, "'");
    const long long i = std::stoll(digits);
    check(found.emplace(i, std::make_pair(slash == std::string::npos ? "" : rest.substr(slash + 1), t)).second,
          "load: '", path, "': tensor index ", i, " of '", prefix, "' appears twice");
  }
  std::vector<std::pair<std::string, Tensor>> out;
  for (auto& [i, value] : found) {
    check(i == static_cast<long long>(out.size()), "load: '", path, "': '", prefix,
          "' tensors are not numbered 0..n-1 (missing ", out.size(), ")");
    out.push_back(std::move(value));
  }
  return out;
}

// Checks every shape first, then assigns: all or nothing.
void assign_all(const std::vector<Variable>& vars, const std::vector<std::pair<std::string, Tensor>>& values,
                const std::string& what, const std::string& path) {
  check(vars.size() == values.size(), "load: '", path, "' holds ", values.size(), " ", what,
        " variables but the model has ", vars.size(), ". The file was saved from a different "
        "architecture.");
  for (std::size_t i = 0; i < vars.size(); ++i)
    check(vars[i].shape() == values[i].second.shape() && vars[i].dtype() == values[i].second.dtype(),
          "load: '", path, "': ", what, " variable ", i, " ('", vars[i].name(), "') has shape ",
          shape_str(vars[i].shape()), " (", dtype_name(vars[i].dtype()), ") but the file's '",
          values[i].first, "' has shape ", shape_str(values[i].second.shape()), " (",
          dtype_name(values[i].second.dtype()), ")");
  for (std::size_t i = 0; i < vars.size(); ++i) vars[i].assign(values[i].second);
}

Json parse_meta(const TensorFile& f, const char* key, const std::string& path) {
  if (!f.has_meta(key)) return Json();
  try {
    return Json::parse(f.meta(key));
  } catch (const ValueError& e) {
    throw ValueError(str("load: '", path, "': the ", key, " metadata is not valid JSON (", e.what(), ")"));
  }
}

TensorFile base_file(const model::Model& model, const char* kind) {
  TensorFile f;
  f.set_meta("format", "pydeep");
  f.set_meta("format_version", std::to_string(kFormatVersion));
  f.set_meta("kind", kind);
  f.set_meta("pydeep_version", build_info().version);
  add_variables(f, "weights", model.graph().weights());
  return f;
}

void add_optimizer(TensorFile& f, const model::Model& model) {
  if (model.compiled() && model.compile_options().optimizer->built())
    add_variables(f, "optimizer", model.compile_options().optimizer->variables());
}

}  // namespace

std::vector<Tensor> sample_inputs(const model::Graph& graph) {
  std::vector<Tensor> out;
  std::uint64_t stream = 0;
  for (const Shape& s : graph.input_shapes()) {
    Shape shape = s;
    for (std::size_t d = 0; d < shape.size(); ++d) shape[d] = d == 0 ? 2 : (shape[d] < 0 ? 4 : shape[d]);
    Tensor t = Tensor::empty(shape);
    float* p = t.data<float>();
    for (std::int64_t i = 0; i < t.numel(); ++i)
      p[i] = static_cast<float>((mix_seed(kSampleSeed, stream++) >> 40) * 0x1p-24 * 2.0 - 1.0);
    out.push_back(t);
  }
  return out;
}

void save_model(const model::Model& model, const std::string& path, const SaveOptions& options) {
  TensorFile f = base_file(model, "model");
  const Json config = options.model_config.is_null() ? model::serialize_model(model) : options.model_config;
  f.set_meta("model_config", config.dump());
  if (options.include_optimizer && model.compiled()) {
    const Json compile = options.compile_config.is_null() ? model::compile_to_config(model)
                                                          : options.compile_config;
    f.set_meta("compile_config", compile.dump());
    if (!options.keras_compile_config.is_null())
      f.set_meta("keras_compile_config", options.keras_compile_config.dump());
    add_optimizer(f, model);
  }
  if (options.include_verification) {
    const std::vector<Tensor> x =
        options.sample_inputs.empty() ? sample_inputs(model.graph()) : options.sample_inputs;
    const std::vector<Tensor> y = model.predict_on_batch(x);
    for (std::size_t i = 0; i < x.size(); ++i) f.tensors.emplace_back(str("verify/input/", i), x[i]);
    for (std::size_t i = 0; i < y.size(); ++i) f.tensors.emplace_back(str("verify/output/", i), y[i]);
  }
  write_tensor_file(path, f);
}

void save_weights(const model::Model& model, const std::string& path,
                  const std::vector<std::pair<std::string, std::string>>& extra_metadata) {
  TensorFile f = base_file(model, "weights");
  for (const auto& [key, value] : extra_metadata) {
    check(!f.has_meta(key) && key != "checksum", "save_weights: metadata key '", key,
          "' is reserved by the file format");
    f.set_meta(key, value);
  }
  add_optimizer(f, model);
  write_tensor_file(path, f);
}

ModelFile read_model_file(const std::string& path) {
  ModelFile out;
  out.path = path;
  out.contents = read_tensor_file(path);
  const TensorFile& f = out.contents;
  check(f.meta("format") == "pydeep", "load: '", path, "' is a safetensors file but not a pydeep "
        "model file (its metadata has no format=pydeep)");
  check(f.has_meta("checksum"), "load: '", path, "' has no checksum; it was not written by pydeep");
  const std::string v = f.meta("format_version");
  check(!v.empty() && v.size() < 6 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }),
        "load: '", path, "': bad format_version '", v, "'");
  check(std::stoi(v) >= 1 && std::stoi(v) <= kFormatVersion, "load: '", path, "' has format version ",
        v, ", but this pydeep (", build_info().version, ") reads versions 1 to ", kFormatVersion,
        ". Upgrade pydeep to load it.");
  out.kind = f.meta("kind");
  check(out.kind == "model" || out.kind == "weights", "load: '", path, "': unknown kind '", out.kind, "'");
  out.model_config = parse_meta(f, "model_config", path);
  out.compile_config = parse_meta(f, "compile_config", path);
  out.keras_compile_config = parse_meta(f, "keras_compile_config", path);
  check(out.kind == "weights" || out.model_config.is_object(), "load: '", path,
        "' has no model_config");
  return out;
}

void assign_weights(const model::Model& model, const ModelFile& file) {
  assign_all(model.graph().weights(), numbered(file.contents, "weights", file.path), "weight",
             file.path);
}

bool assign_optimizer_state(const model::Model& model, const ModelFile& file) {
  const auto values = numbered(file.contents, "optimizer", file.path);
  if (values.empty() || !model.compiled()) return false;
  const auto& opt = model.compile_options().optimizer;
  opt->build(model.graph().trainable_weights());
  assign_all(opt->variables(), values, "optimizer", file.path);
  return true;
}

void verify_outputs(const model::Model& model, const ModelFile& file) {
  const std::string& path = file.path;
  const auto inputs = numbered(file.contents, "verify/input", path);
  const auto outputs = numbered(file.contents, "verify/output", path);
  if (inputs.empty()) return;
  std::vector<Tensor> x;
  for (const auto& [name, t] : inputs) x.push_back(t);
  const std::vector<Tensor> y = model.predict_on_batch(x);
  check(y.size() == outputs.size(), "load: '", path, "': the model gives ", y.size(),
        " outputs but ", outputs.size(), " were saved");
  for (std::size_t i = 0; i < y.size(); ++i) {
    const Tensor& saved = outputs[i].second;
    check(y[i].shape() == saved.shape() && y[i].dtype() == saved.dtype(), "load: '", path,
          "': output ", i, " has shape ", shape_str(y[i].shape()), " but ", shape_str(saved.shape()),
          " was saved");
    if (saved.dtype() != DType::Float32) continue;
    const float* a = y[i].data<float>();
    const float* b = saved.data<float>();
    for (std::int64_t k = 0; k < saved.numel(); ++k) {
      const bool same = (std::isnan(a[k]) && std::isnan(b[k])) || a[k] == b[k] ||
                        std::fabs(double(a[k]) - b[k]) <= kTolerance * (1.0 + std::fabs(double(b[k])));
      check(same, "load: the model in '", path, "' no longer reproduces the outputs saved with it "
            "(output ", i, ", element ", k, ": now ", a[k], ", saved ", b[k], "; tolerance 1e-4 * "
            "(1 + |saved|)). The file may be damaged or come from a pydeep whose layers computed "
            "differently. Pass verify=False to load it anyway.");
    }
  }
}

std::shared_ptr<model::Model> load_model(const std::string& path, const LoadOptions& options) {
  const ModelFile file = read_model_file(path);
  check(file.kind == "model", "load_model: '", path, "' holds weights only (save_weights); load "
        "it into a model with load_weights");
  std::shared_ptr<model::Model> m = model::model_from_config(file.model_config, options.resolver);
  assign_weights(*m, file);
  if (options.compile && file.compile_config.is_object()) {
    model::compile_from_config(*m, file.compile_config);
    assign_optimizer_state(*m, file);
  }
  if (options.verify) verify_outputs(*m, file);
  return m;
}

void load_weights(model::Model& model, const std::string& path) {
  const ModelFile file = read_model_file(path);
  assign_weights(model, file);
  assign_optimizer_state(model, file);
}

}  // namespace pydeep::io
