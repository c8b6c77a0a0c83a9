#include "pydeep/layers/activations.h"

#include <utility>
#include <vector>

#include "pydeep/autograd/functions.h"

namespace pydeep::layers {
namespace {

Tensor linear(const Tensor& x) { return x; }
Tensor relu_fn(const Tensor& x) { return relu(x); }
Tensor sigmoid_fn(const Tensor& x) { return sigmoid(x); }
Tensor softmax_fn(const Tensor& x) { return softmax(x, -1); }
Tensor log_softmax_fn(const Tensor& x) { return log_softmax(x, -1); }
Tensor tanh_fn(const Tensor& x) { return tanh(x); }
Tensor elu_fn(const Tensor& x) { return elu(x, 1.0f); }
Tensor selu_fn(const Tensor& x) { return selu(x); }
// keras.activations.gelu defaults to the exact form (keras.ops.gelu to the tanh one).
Tensor gelu_fn(const Tensor& x) { return gelu(x, false); }
Tensor softplus_fn(const Tensor& x) { return softplus(x); }
Tensor softsign_fn(const Tensor& x) { return softsign(x); }
Tensor silu_fn(const Tensor& x) { return silu(x); }
Tensor leaky_relu_fn(const Tensor& x) { return leaky_relu(x, 0.2f); }
Tensor relu6_fn(const Tensor& x) { return relu6(x); }
Tensor hard_sigmoid_fn(const Tensor& x) { return hard_sigmoid(x); }
Tensor exponential_fn(const Tensor& x) { return exp(x); }
Tensor mish_fn(const Tensor& x) { return multiply(x, tanh(softplus(x))); }

const std::vector<std::pair<const char*, ActivationFn>>& table() {
  static const std::vector<std::pair<const char*, ActivationFn>> t = {
      {"linear", linear},         {"relu", relu_fn},           {"sigmoid", sigmoid_fn},
      {"softmax", softmax_fn},    {"log_softmax", log_softmax_fn}, {"tanh", tanh_fn},
      {"elu", elu_fn},            {"selu", selu_fn},           {"gelu", gelu_fn},
      {"softplus", softplus_fn},  {"softsign", softsign_fn},   {"silu", silu_fn},
      {"swish", silu_fn},         {"leaky_relu", leaky_relu_fn}, {"relu6", relu6_fn},
      {"hard_sigmoid", hard_sigmoid_fn}, {"exponential", exponential_fn}, {"mish", mish_fn},
  };
  return t;
}

std::string spec_name(const Json& spec) {
  if (spec.is_null()) return "linear";
  if (spec.is_string()) return spec.as_string();
  if (spec.is_object() && spec.contains("class_name"))  // Keras serialises functions so too
    return spec.at("class_name").as_string("activation");
  throw ValueError(str("activation: expected a name such as 'relu'; received ", spec.dump()));
}

}  // namespace

ActivationFn get_activation(const Json& spec) {
  const std::string name = spec_name(spec);
  for (const auto& [key, fn] : table())
    if (name == key) return fn;
  std::string known;
  for (const auto& entry : table()) known += std::string(known.empty() ? "" : ", ") + entry.first;
  throw ValueError(str("activation: unknown activation '", name, "'; expected one of ", known));
}

std::string activation_name(const Json& spec) {
  get_activation(spec);  // validates
  return spec_name(spec);
}

}  // namespace pydeep::layers
