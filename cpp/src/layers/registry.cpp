// The layer registry: Keras class name -> factory. An explicit list (not
// static self-registration) so that a statically linked C++ app keeps every
// layer.
#include <functional>
#include <utility>
#include <vector>

#include "pydeep/layers/activity_regularization.h"
#include "pydeep/layers/attention.h"
#include "pydeep/layers/core_layers.h"
#include "pydeep/layers/dense.h"
#include "pydeep/layers/embedding.h"
#include "pydeep/layers/recurrent.h"
#include "pydeep/layers/layer.h"
#include "pydeep/layers/masking.h"
#include "pydeep/layers/merge.h"
#include "pydeep/layers/reshaping.h"

namespace pydeep::layers {
namespace {

using Factory = std::function<std::shared_ptr<Layer>(const Json&)>;

template <typename L>
std::pair<const char*, Factory> entry(const char* name) {
  return {name, [](const Json& config) { return std::make_shared<L>(config); }};
}

const std::vector<std::pair<const char*, Factory>>& registry() {
  static const std::vector<std::pair<const char*, Factory>> r = {
      entry<Dense>("Dense"),
      entry<Activation>("Activation"),
      entry<Dropout>("Dropout"),
      entry<Identity>("Identity"),
      entry<Rescaling>("Rescaling"),
      entry<Flatten>("Flatten"),
      entry<Reshape>("Reshape"),
      entry<Permute>("Permute"),
      entry<RepeatVector>("RepeatVector"),
      entry<Add>("Add"),
      entry<Subtract>("Subtract"),
      entry<Multiply>("Multiply"),
      entry<Average>("Average"),
      entry<Maximum>("Maximum"),
      entry<Minimum>("Minimum"),
      entry<Concatenate>("Concatenate"),
      entry<Dot>("Dot"),
      entry<ActivityRegularization>("ActivityRegularization"),
      entry<Embedding>("Embedding"),
      entry<SimpleRNN>("SimpleRNN"),
      entry<LSTM>("LSTM"),
      entry<GRU>("GRU"),
      entry<Masking>("Masking"),
      entry<MultiHeadAttention>("MultiHeadAttention"),
      entry<Attention>("Attention"),
      entry<AdditiveAttention>("AdditiveAttention"),
  };
  return r;
}

}  // namespace

std::shared_ptr<Layer> make_layer(const std::string& class_name, const Json& config) {
  const Json cfg = config.is_null() ? Json::object() : config;
  check(cfg.is_object(), class_name, ": expected a config object; received ", cfg.dump());
  for (const auto& [name, factory] : registry())
    if (class_name == name) return factory(cfg);
  std::string known;
  for (const auto& e : registry()) known += std::string(known.empty() ? "" : ", ") + e.first;
  throw ValueError(str("make_layer: unknown layer class '", class_name, "'; known: ", known));
}

}  // namespace pydeep::layers
