#include "pydeep/layers/wrappers.h"

#include <unordered_set>

#include "pydeep/autograd/functions.h"

namespace pydeep::layers {

Wrapper::Wrapper(const Json& config, const std::string& default_name,
                 std::vector<std::shared_ptr<Layer>> inner)
    : Layer(config, default_name), inner_(std::move(inner)) {
  for (const auto& l : inner_) check(l != nullptr, default_name, ": a wrapped layer is missing");
}

std::vector<Variable> Wrapper::weights() const {
  std::vector<Variable> out;
  for (const auto& l : inner_)
    for (Variable& v : l->weights()) out.push_back(std::move(v));
  return out;
}

std::vector<Variable> Wrapper::trainable_weights() const {
  std::vector<Variable> out;
  if (!trainable()) return out;
  for (const auto& l : inner_)
    for (Variable& v : l->trainable_weights()) out.push_back(std::move(v));
  return out;
}

std::vector<Variable> Wrapper::non_trainable_weights() const {
  if (!trainable()) return weights();
  std::vector<Variable> out;
  for (const auto& l : inner_)
    for (Variable& v : l->non_trainable_weights()) out.push_back(std::move(v));
  return out;
}

void Wrapper::set_trainable(bool trainable) {
  Layer::set_trainable(trainable);
  for (const auto& l : inner_) l->set_trainable(trainable);
}

std::vector<Tensor> Wrapper::weight_regularization_losses() const {
  std::vector<Tensor> out;
  for (const auto& l : inner_)
    for (Tensor& t : l->weight_regularization_losses()) out.push_back(std::move(t));
  return out;
}

std::vector<Tensor> Wrapper::activity_losses() const {
  std::vector<Tensor> out = Layer::activity_losses();
  for (const auto& l : inner_)
    for (Tensor& t : l->activity_losses()) out.push_back(std::move(t));
  return out;
}

bool Wrapper::has_regularizers() const {
  if (Layer::has_regularizers()) return true;
  for (const auto& l : inner_)
    if (l->has_regularizers()) return true;
  return false;
}

std::vector<Tensor> Wrapper::states() const {
  std::vector<Tensor> out;
  for (const auto& l : inner_)
    for (Tensor& t : l->states()) out.push_back(std::move(t));
  return out;
}

void Wrapper::reset_states() {
  for (const auto& l : inner_) l->reset_states();
}

// --- Bidirectional ---

Bidirectional::Bidirectional(const Json& config, std::vector<std::shared_ptr<Layer>> inner)
    : Wrapper(config, "bidirectional", std::move(inner)) {
  // An explicit null is merge_mode=None (two outputs); absent means "concat".
  const Json mode = config.contains("merge_mode") ? config.at("merge_mode") : Json("concat");
  merge_mode_ = mode.is_null() ? "" : mode.as_string("merge_mode");
  check(merge_mode_.empty() || merge_mode_ == "concat" || merge_mode_ == "sum" ||
            merge_mode_ == "mul" || merge_mode_ == "ave",
        "Bidirectional: invalid merge mode. Received: merge_mode=", merge_mode_,
        ". Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}");
  check(inner_.size() == 2, "Bidirectional: expected a forward and a backward layer");
  for (const auto& l : inner_)
    check(dynamic_cast<RNNBase*>(l.get()) != nullptr, "Bidirectional: expected a recurrent "
          "layer (SimpleRNN, LSTM, GRU); received ", l->class_name());
  check(fwd().go_backwards() != bwd().go_backwards(), "Bidirectional: forward layer and "
        "backward layer should have different `go_backwards` value. Received: "
        "forward_layer.go_backwards ", fwd().go_backwards(), ", backward_layer.go_backwards=",
        bwd().go_backwards());
  check(fwd().return_sequences() == bwd().return_sequences() &&
            fwd().return_state() == bwd().return_state(),
        "Bidirectional: forward layer and backward layer should have the same "
        "return_sequences and return_state");
  return_sequences_ = fwd().return_sequences();
  return_state_ = fwd().return_state();
}

std::vector<Shape> Bidirectional::compute_output_shape(const std::vector<Shape>& inputs) const {
  const int nf = fwd().num_states(), nb = bwd().num_states();
  check(inputs.size() == 1 || static_cast<int>(inputs.size()) == 1 + nf + nb, where(),
        ": expected the sequences and optionally ", nf + nb, " initial states; received ",
        inputs.size(), " inputs");
  std::vector<Shape> f_in{inputs[0]}, b_in{inputs[0]};
  for (int i = 0; i + 1 < static_cast<int>(inputs.size()); ++i)
    (i < nf ? f_in : b_in).push_back(inputs[1 + i]);
  std::vector<Shape> fo = fwd().compute_output_shape(f_in);
  std::vector<Shape> bo = bwd().compute_output_shape(b_in);
  std::vector<Shape> out;
  if (merge_mode_.empty()) {
    out = {fo[0], bo[0]};
  } else {
    Shape s = fo[0];
    if (merge_mode_ == "concat") s.back() += bo[0].back();
    out = {s};
  }
  for (std::size_t i = 1; i < fo.size(); ++i) out.push_back(fo[i]);
  for (std::size_t i = 1; i < bo.size(); ++i) out.push_back(bo[i]);
  return out;
}

std::vector<Tensor> Bidirectional::compute_mask(const std::vector<Tensor>&,
                                                const std::vector<Tensor>& masks) const {
  const Tensor m = return_sequences_ && !masks.empty() ? masks[0] : Tensor();
  std::vector<Tensor> out{m};
  if (merge_mode_.empty()) out.push_back(m);
  if (return_state_)
    for (int i = 0; i < fwd().num_states() + bwd().num_states(); ++i) out.push_back(Tensor());
  return out;
}

void Bidirectional::build(const std::vector<Shape>& input_shapes) {
  fwd().ensure_built({input_shapes[0]});
  bwd().ensure_built({input_shapes[0]});
}

std::vector<Tensor> Bidirectional::call_masked(const std::vector<Tensor>& inputs,
                                               const std::vector<Tensor>& masks, bool training) {
  const int nf = fwd().num_states();
  std::vector<Tensor> f_in{inputs[0]}, b_in{inputs[0]};
  for (int i = 0; i + 1 < static_cast<int>(inputs.size()); ++i)
    (i < nf ? f_in : b_in).push_back(inputs[1 + i]);
  auto masks_for = [&](std::size_t n) {
    if (masks.empty() || !masks[0].defined()) return std::vector<Tensor>();
    std::vector<Tensor> m(n);
    m[0] = masks[0];
    return m;
  };
  std::vector<Tensor> y = fwd().call_unchecked(f_in, training, masks_for(f_in.size()));
  std::vector<Tensor> y_rev = bwd().call_unchecked(b_in, training, masks_for(b_in.size()));
  Tensor a = y[0], b = y_rev[0];
  if (return_sequences_) {  // the backward outputs back in input order
    const std::int64_t T = b.shape()[1];
    Tensor idx = Tensor::empty({T}, DType::Int64);
    for (std::int64_t t = 0; t < T; ++t) idx.data<std::int64_t>()[t] = T - 1 - t;
    b = take(b, idx, 1);
  }
  std::vector<Tensor> out;
  if (merge_mode_.empty()) {
    out = {a, b};
  } else if (merge_mode_ == "concat") {
    out = {concatenate({a, b}, -1)};
  } else if (merge_mode_ == "sum") {
    out = {add(a, b)};
  } else if (merge_mode_ == "mul") {
    out = {multiply(a, b)};
  } else {
    out = {multiply(add(a, b), Tensor::scalar(0.5))};
  }
  for (std::size_t i = 1; i < y.size(); ++i) out.push_back(y[i]);
  for (std::size_t i = 1; i < y_rev.size(); ++i) out.push_back(y_rev[i]);
  return out;
}

Json Bidirectional::get_config() const {
  Json c = Layer::get_config();
  c.set("merge_mode", merge_mode_.empty() ? Json() : Json(merge_mode_));
  c.set("layer", Json::object({{"class_name", fwd().class_name()}, {"config", fwd().get_config()}}));
  c.set("backward_layer",
        Json::object({{"class_name", bwd().class_name()}, {"config", bwd().get_config()}}));
  return c;
}

// --- TimeDistributed ---

TimeDistributed::TimeDistributed(const Json& config, std::vector<std::shared_ptr<Layer>> inner)
    : Wrapper(config, "time_distributed", std::move(inner)) {
  check(inner_.size() == 1, "TimeDistributed: expected one wrapped layer");
  check(inner_[0]->num_inputs() == 1 || inner_[0]->num_inputs() == 0,
        "TimeDistributed: the wrapped layer must take one input");
}

namespace {
Shape inner_shape(const Shape& s) {
  Shape out{s[0] > 0 && s[1] > 0 ? s[0] * s[1] : -1};
  out.insert(out.end(), s.begin() + 2, s.end());
  return out;
}
}  // namespace

std::vector<Shape> TimeDistributed::compute_output_shape(const std::vector<Shape>& inputs) const {
  check(inputs.size() == 1, where(), ": expected 1 input; received ", inputs.size());
  const Shape& s = inputs[0];
  check(s.size() >= 3, where(), ": expected an input of rank >= 3 (batch, time, ...); received "
        "shape ", shape_str(s));
  std::vector<Shape> out;
  for (const Shape& o : inner_[0]->compute_output_shape({inner_shape(s)})) {
    Shape full{s[0], s[1]};
    full.insert(full.end(), o.begin() + 1, o.end());
    out.push_back(full);
  }
  return out;
}

void TimeDistributed::build(const std::vector<Shape>& input_shapes) {
  inner_[0]->ensure_built({inner_shape(input_shapes[0])});
}

std::vector<Tensor> TimeDistributed::call(const std::vector<Tensor>& inputs, bool training) {
  const Tensor& x = inputs[0];
  const std::int64_t B = x.shape()[0], T = x.shape()[1];
  Shape flat{B * T};
  flat.insert(flat.end(), x.shape().begin() + 2, x.shape().end());
  std::vector<Tensor> ys = inner_[0]->call_unchecked({reshape(x, flat)}, training);
  for (Tensor& y : ys) {
    Shape s{B, T};
    s.insert(s.end(), y.shape().begin() + 1, y.shape().end());
    y = reshape(y, s);
  }
  return ys;
}

std::shared_ptr<Layer> make_wrapper(const std::string& class_name, const Json& config,
                                    std::vector<std::shared_ptr<Layer>> inner) {
  const Json cfg = config.is_null() ? Json::object() : config;
  if (class_name == "Bidirectional") return std::make_shared<Bidirectional>(cfg, std::move(inner));
  if (class_name == "TimeDistributed")
    return std::make_shared<TimeDistributed>(cfg, std::move(inner));
  throw ValueError(str("make_wrapper: unknown wrapper class '", class_name,
                       "'; known: Bidirectional, TimeDistributed"));
}

namespace {

std::shared_ptr<Layer> inner_from(const Json& entry, const char* wrapper, const char* key) {
  check(entry.is_object() && entry.contains("class_name"), wrapper, ": config key '", key,
        "' must be a {\"class_name\", \"config\"} object; received ", entry.dump());
  return make_layer(entry.at("class_name").as_string(key), entry.get("config", Json::object()));
}

// The config without the nested layer entries (the wrapper's own keys).
Json own_keys(const Json& config) {
  Json out = Json::object();
  for (const auto& [key, value] : config.as_object("config"))
    if (key != "layer" && key != "backward_layer") out.set(key, value);
  return out;
}

}  // namespace

std::shared_ptr<Layer> wrapper_from_config(const std::string& class_name, const Json& config) {
  const Json cfg = config.is_null() ? Json::object() : config;
  const char* where = class_name.c_str();
  check(cfg.contains("layer"), class_name, ": the config has no 'layer' entry");
  std::vector<std::shared_ptr<Layer>> inner{inner_from(cfg.at("layer"), where, "layer")};
  if (class_name == "Bidirectional") {
    if (cfg.contains("backward_layer") && !cfg.at("backward_layer").is_null()) {
      inner.push_back(inner_from(cfg.at("backward_layer"), where, "backward_layer"));
    } else {  // Keras: the forward layer's config, reading the sequence the other way
      Json backward = cfg.at("layer").get("config", Json::object());
      backward.set("go_backwards", !backward.get("go_backwards", Json(false)).as_bool());
      backward.set("name", "backward_" + backward.get("name", Json("layer")).as_string());
      inner.push_back(make_layer(cfg.at("layer").at("class_name").as_string(), backward));
    }
  }
  return make_wrapper(class_name, own_keys(cfg), std::move(inner));
}

}  // namespace pydeep::layers
