#include "pydeep/layers/normalization.h"

#include <cmath>

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/autograd/grad_mode.h"

namespace pydeep::layers {
namespace {

const std::vector<const char*> kUnsupported = {"beta_regularizer", "gamma_regularizer",
                                               "beta_constraint", "gamma_constraint",
                                               "renorm_clipping"};

}  // namespace

BatchNormalization::BatchNormalization(const Json& config)
    : UnaryLayer(config, "batch_normalization"),
      axis_(config.get("axis", Json(-1)).as_int("axis")),
      momentum_(config.get("momentum", Json(0.99)).as_double("momentum")),
      epsilon_(config.get("epsilon", Json(1e-3)).as_double("epsilon")),
      center_(config.get("center", Json(true)).as_bool("center")),
      scale_(config.get("scale", Json(true)).as_bool("scale")),
      beta_init_(config.get("beta_initializer", Json("zeros"))),
      gamma_init_(config.get("gamma_initializer", Json("ones"))),
      mean_init_(config.get("moving_mean_initializer", Json("zeros"))),
      variance_init_(config.get("moving_variance_initializer", Json("ones"))) {
  const std::string w = "BatchNormalization";
  spatial::reject_unsupported(config, kUnsupported, w);
  check<NotImplementedError>(!config.get("renorm", Json(false)).as_bool("renorm"), w,
                             ": renorm=True is not supported");
  check<NotImplementedError>(!config.get("synchronized", Json(false)).as_bool("synchronized"),
                             w, ": synchronized=True is not supported (single device)");
  check(std::isfinite(momentum_) && std::isfinite(epsilon_) && epsilon_ > 0, w,
        ": expected a finite momentum and a positive epsilon; received momentum=", momentum_,
        ", epsilon=", epsilon_);
}

Shape BatchNormalization::output_shape(const Shape& input) const {
  const int rank = static_cast<int>(input.size());
  check(rank >= 2 && axis_ >= -rank && axis_ < rank, where(), ": axis ", axis_,
        " is out of range for an input of shape ", shape_str(input));
  const int a = static_cast<int>(axis_ < 0 ? axis_ + rank : axis_);
  check(a != 0 && input[a] > 0, where(), ": the normalized axis ", axis_, " must be a known "
        "non-batch axis; received shape ", shape_str(input));
  if (built()) {
    const Shape& b = built_input_shapes()[0];
    check(rank == static_cast<int>(b.size()) && input[a] == b[a], where(), ": expected inputs "
          "of rank ", b.size(), " with ", b[a], " features on axis ", axis_,
          "; received shape ", shape_str(input));
  }
  return input;
}

void BatchNormalization::build(const std::vector<Shape>& input_shapes) {
  const Shape& in = input_shapes[0];
  const int rank = static_cast<int>(in.size());
  axis_index_ = static_cast<int>(axis_ < 0 ? axis_ + rank : axis_);
  const std::int64_t c = in[axis_index_];
  param_shape_ = Shape(rank - axis_index_, 1);
  param_shape_[0] = c;
  if (scale_) gamma_ = add_weight("gamma", {c}, gamma_init_);
  if (center_) beta_ = add_weight("beta", {c}, beta_init_);
  moving_mean_ = add_weight("moving_mean", {c}, mean_init_, false);
  moving_variance_ = add_weight("moving_variance", {c}, variance_init_, false);
}

Tensor BatchNormalization::forward(const Tensor& x, bool training) {
  // Parameters of shape (c, 1, ...) broadcast along the axes after `axis`.
  auto bcast = [&](const Tensor& p) { return reshape(p, param_shape_); };
  Tensor mean_t, var_t;
  if (training && trainable()) {
    std::vector<int> axes;
    for (int d = 0; d < x.ndim(); ++d)
      if (d != axis_index_) axes.push_back(d);
    mean_t = mean(x, axes, true);
    var_t = mean(square(subtract(x, mean_t)), axes, true);
    {
      // The moving statistics follow the batch's, outside the graph.
      autograd::NoGradGuard no_grad;
      const Tensor m = Tensor::scalar(momentum_), one_m = Tensor::scalar(1.0 - momentum_);
      const Shape c = moving_mean_.shape();
      moving_mean_.assign(add(multiply(moving_mean_, m),
                              multiply(reshape(mean_t.detach(), c), one_m)));
      moving_variance_.assign(add(multiply(moving_variance_, m),
                                  multiply(reshape(var_t.detach(), c), one_m)));
    }
  } else {
    mean_t = bcast(moving_mean_);
    var_t = bcast(moving_variance_);
  }
  Tensor inv = rsqrt(add(var_t, Tensor::scalar(epsilon_)));
  if (scale_) inv = multiply(inv, bcast(gamma_));
  Tensor y = multiply(subtract(x, mean_t), inv);
  if (center_) y = add(y, bcast(beta_));
  return y;
}

Json BatchNormalization::get_config() const {
  Json c = Layer::get_config();
  c.set("axis", axis_);
  c.set("momentum", momentum_);
  c.set("epsilon", epsilon_);
  c.set("center", center_);
  c.set("scale", scale_);
  c.set("beta_initializer", beta_init_);
  c.set("gamma_initializer", gamma_init_);
  c.set("moving_mean_initializer", mean_init_);
  c.set("moving_variance_initializer", variance_init_);
  c.set("synchronized", false);
  c.set("renorm", false);
  c.set("renorm_clipping", Json());
  c.set("renorm_momentum", 0.99);
  spatial::set_null(c, {"beta_regularizer", "gamma_regularizer", "beta_constraint",
                        "gamma_constraint"});
  return c;
}

}  // namespace pydeep::layers
