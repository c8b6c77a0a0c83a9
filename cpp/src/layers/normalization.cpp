// LayerNormalization, GroupNormalization, UnitNormalization (normalization.h);
// BatchNormalization lives in batch_normalization.cpp.
#include <algorithm>
#include <cmath>

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/layers/normalization.h"

namespace pydeep::layers {
namespace {

const std::vector<const char*> kUnsupported = {"beta_regularizer", "gamma_regularizer",
                                               "beta_constraint", "gamma_constraint"};

// `axis` (an int or a list) resolved against rank: sorted, unique, not the batch axis.
std::vector<int> resolve_axes(const Json& spec, const Shape& input, const std::string& where) {
  const int rank = static_cast<int>(input.size());
  const Shape raw = spec.is_array() ? spec.as_int_vector("axis") : Shape{spec.as_int("axis")};
  std::vector<int> axes;
  for (std::int64_t a : raw) {
    check(a >= -rank && a < rank && (a < 0 ? a + rank : a) != 0, where, ": axis ", spec.dump(),
          " is out of bounds (or the batch axis) for input shape ", shape_str(input));
    axes.push_back(static_cast<int>(a < 0 ? a + rank : a));
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return axes;
}

void check_rank_like_built(const Shape& input, const std::vector<Shape>& built, bool is_built,
                           const std::vector<int>& axes, const std::string& where) {
  if (!is_built) return;
  const Shape& b = built[0];
  bool same = b.size() == input.size();
  for (int a : axes) same = same && input[a] == b[a];
  check(same, where, ": expected inputs like the built shape ", shape_str(b),
        " on the normalized axes; received shape ", shape_str(input));
}

}  // namespace

LayerNormalization::LayerNormalization(const Json& config)
    : UnaryLayer(config, "layer_normalization"),
      axis_spec_(config.get("axis", Json(-1))),
      epsilon_(config.get("epsilon", Json(1e-3)).as_double("epsilon")),
      center_(config.get("center", Json(true)).as_bool("center")),
      scale_(config.get("scale", Json(true)).as_bool("scale")),
      beta_init_(config.get("beta_initializer", Json("zeros"))),
      gamma_init_(config.get("gamma_initializer", Json("ones"))) {
  spatial::reject_unsupported(config, kUnsupported, "LayerNormalization");
  check<NotImplementedError>(!config.get("rms_scaling", Json(false)).as_bool("rms_scaling"),
                             "LayerNormalization: rms_scaling=True is not supported");
}

Shape LayerNormalization::output_shape(const Shape& input) const {
  const std::vector<int> axes = resolve_axes(axis_spec_, input, where());
  for (int a : axes)
    check(input[a] > 0, where(), ": normalized axes must be known; received ", shape_str(input));
  check_rank_like_built(input, built_input_shapes(), built(), axes, where());
  return input;
}

void LayerNormalization::build(const std::vector<Shape>& input_shapes) {
  const Shape& in = input_shapes[0];
  axes_ = resolve_axes(axis_spec_, in, where());
  Shape weight;
  for (int a : axes_) weight.push_back(in[a]);
  // Broadcast form: the axes from the first normalized one on, 1 where not normalized.
  param_shape_.assign(in.size() - axes_[0], 1);
  for (int a : axes_) param_shape_[a - axes_[0]] = in[a];
  if (scale_) gamma_ = add_weight("gamma", weight, gamma_init_);
  if (center_) beta_ = add_weight("beta", weight, beta_init_);
}

Tensor LayerNormalization::forward(const Tensor& x, bool) {
  const Tensor m = mean(x, axes_, true);
  const Tensor centered = subtract(x, m);
  const Tensor var = mean(square(centered), axes_, true);
  Tensor inv = rsqrt(add(var, Tensor::scalar(epsilon_)));
  if (scale_) inv = multiply(inv, reshape(gamma_, param_shape_));
  Tensor y = multiply(centered, inv);
  if (center_) y = add(y, reshape(beta_, param_shape_));
  return y;
}

Json LayerNormalization::get_config() const {
  Json c = Layer::get_config();
  c.set("axis", axis_spec_);
  c.set("epsilon", epsilon_);
  c.set("center", center_);
  c.set("scale", scale_);
  c.set("rms_scaling", false);
  c.set("beta_initializer", beta_init_);
  c.set("gamma_initializer", gamma_init_);
  spatial::set_null(c, kUnsupported);
  return c;
}

GroupNormalization::GroupNormalization(const Json& config)
    : UnaryLayer(config, "group_normalization"),
      groups_(config.get("groups", Json(32)).as_int("groups")),
      epsilon_(config.get("epsilon", Json(1e-3)).as_double("epsilon")),
      center_(config.get("center", Json(true)).as_bool("center")),
      scale_(config.get("scale", Json(true)).as_bool("scale")),
      beta_init_(config.get("beta_initializer", Json("zeros"))),
      gamma_init_(config.get("gamma_initializer", Json("ones"))) {
  spatial::reject_unsupported(config, kUnsupported, "GroupNormalization");
  const std::int64_t axis = config.get("axis", Json(-1)).as_int("axis");
  check<NotImplementedError>(axis == -1, "GroupNormalization: only axis=-1 (channels_last) is "
                             "supported; received axis=", axis);
  check(groups_ >= 1, "GroupNormalization: expected a positive number of groups; received ",
        groups_);
}

Shape GroupNormalization::output_shape(const Shape& input) const {
  check(input.size() >= 2 && input.back() > 0, where(), ": expected an input of rank >= 2 with "
        "known channels; received shape ", shape_str(input));
  const std::int64_t c = input.back();
  check(groups_ <= c, where(), ": number of groups (", groups_, ") cannot be more than the "
        "number of channels (", c, "); input shape ", shape_str(input));
  check(c % groups_ == 0, where(), ": the number of channels (", c, ") must be a multiple of "
        "the number of groups (", groups_, "); input shape ", shape_str(input));
  check_rank_like_built(input, built_input_shapes(), built(),
                        {static_cast<int>(input.size()) - 1}, where());
  return input;
}

void GroupNormalization::build(const std::vector<Shape>& input_shapes) {
  const std::int64_t c = input_shapes[0].back();
  if (scale_) gamma_ = add_weight("gamma", {c}, gamma_init_);
  if (center_) beta_ = add_weight("beta", {c}, beta_init_);
}

Tensor GroupNormalization::forward(const Tensor& x, bool) {
  const std::int64_t n = x.shape()[0], c = x.shape().back();
  const Tensor g = reshape(x, {n, -1, groups_, c / groups_});
  const Tensor m = mean(g, {1, 3}, true);
  const Tensor centered = subtract(g, m);
  const Tensor var = mean(square(centered), {1, 3}, true);
  Tensor y = reshape(multiply(centered, rsqrt(add(var, Tensor::scalar(epsilon_)))), x.shape());
  if (scale_) y = multiply(y, gamma_);
  if (center_) y = add(y, beta_);
  return y;
}

Json GroupNormalization::get_config() const {
  Json c = Layer::get_config();
  c.set("groups", groups_);
  c.set("axis", -1);
  c.set("epsilon", epsilon_);
  c.set("center", center_);
  c.set("scale", scale_);
  c.set("beta_initializer", beta_init_);
  c.set("gamma_initializer", gamma_init_);
  spatial::set_null(c, kUnsupported);
  return c;
}

UnitNormalization::UnitNormalization(const Json& config)
    : UnaryLayer(config, "unit_normalization"), axis_spec_(config.get("axis", Json(-1))) {}

Shape UnitNormalization::output_shape(const Shape& input) const {
  resolve_axes(axis_spec_, input, where());
  return input;
}

Tensor UnitNormalization::forward(const Tensor& x, bool) {
  const std::vector<int> axes = resolve_axes(axis_spec_, x.shape(), where());
  const Tensor inv = minimum(rsqrt(sum(square(x), axes, true)), Tensor::scalar(1e12));
  return multiply(x, inv);
}

Json UnitNormalization::get_config() const {
  Json c = Layer::get_config();
  c.set("axis", axis_spec_);
  return c;
}

}  // namespace pydeep::layers
