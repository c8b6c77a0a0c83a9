// The layer registry: Keras class name -> factory. An explicit list (not
// static self-registration) so that a statically linked C++ app keeps every
// layer.
#include <functional>
#include <utility>
#include <vector>

#include "pydeep/layers/activity_regularization.h"
#include "pydeep/layers/conv.h"
#include "pydeep/layers/conv_transpose.h"
#include "pydeep/layers/attention.h"
#include "pydeep/layers/core_layers.h"
#include "pydeep/layers/depthwise_conv.h"
#include "pydeep/layers/dense.h"
#include "pydeep/layers/embedding.h"
#include "pydeep/layers/recurrent.h"
#include "pydeep/layers/layer.h"
#include "pydeep/layers/masking.h"
#include "pydeep/layers/merge.h"
#include "pydeep/layers/noise.h"
#include "pydeep/layers/normalization.h"
#include "pydeep/layers/pooling.h"
#include "pydeep/layers/reshaping.h"
#include "pydeep/layers/reshaping_spatial.h"
#include "pydeep/layers/wrappers.h"

namespace pydeep::layers {
namespace {

using Factory = std::function<std::shared_ptr<Layer>(const Json&)>;

template <typename L>
std::pair<const char*, Factory> entry(const char* name) {
  return {name, [](const Json& config) { return std::make_shared<L>(config); }};
}

const std::vector<std::pair<const char*, Factory>>& registry() {
  static const std::vector<std::pair<const char*, Factory>> r = {
      {"Bidirectional", [](const Json& c) { return wrapper_from_config("Bidirectional", c); }},
      {"TimeDistributed",
       [](const Json& c) { return wrapper_from_config("TimeDistributed", c); }},
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
      entry<Conv1D>("Conv1D"),
      entry<Conv2D>("Conv2D"),
      entry<Conv3D>("Conv3D"),
      entry<Conv1DTranspose>("Conv1DTranspose"),
      entry<Conv2DTranspose>("Conv2DTranspose"),
      entry<Conv3DTranspose>("Conv3DTranspose"),
      entry<DepthwiseConv1D>("DepthwiseConv1D"),
      entry<DepthwiseConv2D>("DepthwiseConv2D"),
      entry<SeparableConv1D>("SeparableConv1D"),
      entry<SeparableConv2D>("SeparableConv2D"),
      entry<MaxPooling1D>("MaxPooling1D"),
      entry<MaxPooling2D>("MaxPooling2D"),
      entry<MaxPooling3D>("MaxPooling3D"),
      entry<AveragePooling1D>("AveragePooling1D"),
      entry<AveragePooling2D>("AveragePooling2D"),
      entry<AveragePooling3D>("AveragePooling3D"),
      entry<GlobalMaxPooling1D>("GlobalMaxPooling1D"),
      entry<GlobalMaxPooling2D>("GlobalMaxPooling2D"),
      entry<GlobalMaxPooling3D>("GlobalMaxPooling3D"),
      entry<GlobalAveragePooling1D>("GlobalAveragePooling1D"),
      entry<GlobalAveragePooling2D>("GlobalAveragePooling2D"),
      entry<GlobalAveragePooling3D>("GlobalAveragePooling3D"),
      entry<BatchNormalization>("BatchNormalization"),
      entry<LayerNormalization>("LayerNormalization"),
      entry<GroupNormalization>("GroupNormalization"),
      entry<UnitNormalization>("UnitNormalization"),
      entry<ZeroPadding1D>("ZeroPadding1D"),
      entry<ZeroPadding2D>("ZeroPadding2D"),
      entry<ZeroPadding3D>("ZeroPadding3D"),
      entry<Cropping1D>("Cropping1D"),
      entry<Cropping2D>("Cropping2D"),
      entry<Cropping3D>("Cropping3D"),
      entry<UpSampling1D>("UpSampling1D"),
      entry<UpSampling2D>("UpSampling2D"),
      entry<UpSampling3D>("UpSampling3D"),
      entry<GaussianNoise>("GaussianNoise"),
      entry<GaussianDropout>("GaussianDropout"),
      entry<SpatialDropout1D>("SpatialDropout1D"),
      entry<SpatialDropout2D>("SpatialDropout2D"),
      entry<SpatialDropout3D>("SpatialDropout3D"),
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
