#include "pydeep/layers/pooling.h"

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/ops/conv.h"

namespace pydeep::layers {
namespace {

const char* const kNames[2][3] = {{"AveragePooling1D", "AveragePooling2D", "AveragePooling3D"},
                                  {"MaxPooling1D", "MaxPooling2D", "MaxPooling3D"}};
const char* const kDefaultNames[2][3] = {
    {"average_pooling1d", "average_pooling2d", "average_pooling3d"},
    {"max_pooling1d", "max_pooling2d", "max_pooling3d"}};
const char* const kGlobalNames[2][3] = {
    {"GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D"},
    {"GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D"}};
const char* const kGlobalDefaultNames[2][3] = {
    {"global_average_pooling1d", "global_average_pooling2d", "global_average_pooling3d"},
    {"global_max_pooling1d", "global_max_pooling2d", "global_max_pooling3d"}};

}  // namespace

Pooling::Pooling(const Json& config, int rank, bool max)
    : UnaryLayer(config, kDefaultNames[max][rank - 1]), rank_(rank), max_(max) {
  const std::string w = kNames[max][rank - 1];
  pool_size_ = spatial::read_tuple(config, "pool_size", rank, Json(2), 1, w);
  const Json& strides = config.get("strides", Json());
  strides_ = strides.is_null() ? pool_size_
                               : spatial::read_tuple(config, "strides", rank, Json(), 1, w);
  padding_ = spatial::read_padding(config, false, w);
  spatial::require_channels_last(config, w);
}

const char* Pooling::class_name() const { return kNames[max_][rank_ - 1]; }

Shape Pooling::output_shape(const Shape& input) const {
  const std::string w = where();
  spatial::check_input(input, rank_, w);
  std::vector<int> unknown;
  const Shape x = spatial::known_spatial(input, std::int64_t{1} << 20, unknown);
  const auto [before, after] = ops::conv_padding(
      padding_, Shape(x.begin() + 1, x.end() - 1), pool_size_, strides_, Shape(rank_, 1),
      w.c_str());
  Shape out = ops::conv_output_shape(
      ops::pool_geometry(x, pool_size_, strides_, before, after, w.c_str()));
  out[0] = input[0];
  for (int d : unknown) out[d] = -1;
  return out;
}

Tensor Pooling::forward(const Tensor& x, bool) {
  const std::string w = where();
  return max_ ? max_pool(x, pool_size_, strides_, padding_, w.c_str())
              : average_pool(x, pool_size_, strides_, padding_, w.c_str());
}

Json Pooling::get_config() const {
  Json c = Layer::get_config();
  c.set("pool_size", Json(pool_size_));
  c.set("padding", padding_);
  c.set("strides", Json(strides_));
  c.set("data_format", "channels_last");
  return c;
}

GlobalPooling::GlobalPooling(const Json& config, int rank, bool max)
    : UnaryLayer(config, kGlobalDefaultNames[max][rank - 1]),
      rank_(rank),
      max_(max),
      keepdims_(config.get("keepdims", Json(false)).as_bool("keepdims")) {
  spatial::require_channels_last(config, kGlobalNames[max][rank - 1]);
}

const char* GlobalPooling::class_name() const { return kGlobalNames[max_][rank_ - 1]; }

Shape GlobalPooling::output_shape(const Shape& input) const {
  spatial::check_input(input, rank_, where());
  if (keepdims_) {
    Shape out(rank_ + 2, 1);
    out[0] = input[0];
    out.back() = input.back();
    return out;
  }
  return {input[0], input.back()};
}

Tensor GlobalPooling::forward(const Tensor& x, bool) {
  std::vector<int> axes;
  for (int d = 1; d <= rank_; ++d) axes.push_back(d);
  return max_ ? max(x, axes, keepdims_) : mean(x, axes, keepdims_);
}

std::vector<Tensor> GlobalPooling::call_masked(const std::vector<Tensor>& inputs,
                                               const std::vector<Tensor>& masks, bool training) {
  if (max_ || rank_ != 1 || masks.empty() || !masks[0].defined()) return call(inputs, training);
  const Tensor& x = inputs[0];  // (batch, steps, channels)
  const Tensor& mask = masks[0];
  check(mask.ndim() == 2 && mask.shape()[0] == x.shape()[0] && mask.shape()[1] == x.shape()[1],
        where(), ": expected a mask of shape (batch, steps) = (", x.shape()[0], ", ",
        x.shape()[1], "); received ", shape_str(mask.shape()));
  const Tensor m = reshape(cast(mask, DType::Float32), {x.shape()[0], x.shape()[1], 1});
  return {divide(sum(multiply(x, m), {1}, keepdims_), sum(m, {1}, keepdims_))};
}

Json GlobalPooling::get_config() const {
  Json c = Layer::get_config();
  c.set("data_format", "channels_last");
  c.set("keepdims", keepdims_);
  return c;
}

}  // namespace pydeep::layers
