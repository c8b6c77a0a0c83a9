#include "pydeep/layers/layer.h"

#include "pydeep/init/initializers.h"

namespace pydeep::layers {

Layer::Layer(const Json& config, const std::string& default_name) {
  const Json& name = config.get("name", Json());
  name_ = name.is_null() ? default_name : name.as_string("name");
  check(!name_.empty() && name_.find('/') == std::string::npos, "layer '", default_name,
        "': name must be a non-empty string without '/'; received '", name_, "'");
  trainable_ = config.get("trainable", Json(true)).as_bool("trainable");
  const Json& dtype = config.get("dtype", Json());
  if (!dtype.is_null()) {
    const std::string d = dtype.is_string() ? dtype.as_string()
                                            : dtype.get("config", Json::object())
                                                  .get("name", Json("?")).as_string("dtype");
    check<NotImplementedError>(d == "float32", "layer '", name_, "': dtype '", d,
                               "' is not supported; pydeep layers compute in float32");
  }
}

std::string Layer::where() const { return str(class_name(), " layer '", name_, "'"); }

void Layer::ensure_built(const std::vector<Shape>& input_shapes) {
  const int n = static_cast<int>(input_shapes.size());
  const int want = num_inputs();
  check(want < 0 ? n >= 2 : want == 0 ? n >= 1 : n == want, where(), ": expected ",
        want < 0 ? std::string("at least 2 inputs") : want == 0 ? std::string("at least 1 input")
                 : str(want, " input(s)"),
        "; received ", n);
  // Validates the shapes (throws with the layer's own message).
  compute_output_shape(input_shapes);
  if (built_) return;
  build(input_shapes);
  built_shapes_ = input_shapes;
  built_ = true;
}

std::vector<Tensor> Layer::operator()(const std::vector<Tensor>& inputs, bool training) {
  std::vector<Shape> shapes;
  shapes.reserve(inputs.size());
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  ensure_built(shapes);
  return call(inputs, training);
}

Json Layer::get_config() const {
  return Json::object({{"name", name_}, {"trainable", trainable_}, {"dtype", "float32"}});
}

void Layer::set_trainable(bool trainable) {
  trainable_ = trainable;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    weights_[i].set_trainable(trainable && weight_trainable_[i]);
}

std::vector<Variable> Layer::weights() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (weight_trainable_[i]) out.push_back(weights_[i]);
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (!weight_trainable_[i]) out.push_back(weights_[i]);
  return out;
}

std::vector<Variable> Layer::trainable_weights() const {
  std::vector<Variable> out;
  if (!trainable_) return out;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (weight_trainable_[i]) out.push_back(weights_[i]);
  return out;
}

std::vector<Variable> Layer::non_trainable_weights() const {
  if (!trainable_) return weights();
  std::vector<Variable> out;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (!weight_trainable_[i]) out.push_back(weights_[i]);
  return out;
}

std::int64_t Layer::count_params() const {
  std::int64_t n = 0;
  for (const Variable& v : weights()) n += v.numel();
  return n;
}

Variable Layer::add_weight(const std::string& name, const Shape& shape, const Json& initializer,
                           bool trainable) {
  Variable v(init::initialize(initializer, shape, DType::Float32), trainable && trainable_,
             name_ + "/" + name);
  weights_.push_back(v);
  weight_trainable_.push_back(trainable);
  return v;
}

std::vector<Shape> UnaryLayer::compute_output_shape(const std::vector<Shape>& inputs) const {
  check(inputs.size() == 1, where(), ": expected 1 input; received ", inputs.size());
  return {output_shape(inputs[0])};
}

}  // namespace pydeep::layers
