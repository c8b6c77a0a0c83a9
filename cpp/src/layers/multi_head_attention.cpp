#include <cmath>

#include "pydeep/autograd/functions.h"
#include "pydeep/core/random.h"
#include "pydeep/layers/attention.h"
#include "pydeep/ops/random.h"

namespace pydeep::layers {

MultiHeadAttention::MultiHeadAttention(const Json& config)
    : Layer(config, "multi_head_attention"),
      heads_(config.at("num_heads").as_int("num_heads")),
      key_dim_(config.at("key_dim").as_int("key_dim")),
      value_dim_(config.get("value_dim", Json()).is_null()
                     ? key_dim_ : config.at("value_dim").as_int("value_dim")),
      dropout_(config.get("dropout", Json(0.0)).as_double("dropout")),
      use_bias_(config.get("use_bias", Json(true)).as_bool("use_bias")),
      output_shape_(config.get("output_shape", Json())),
      kernel_initializer_(config.get("kernel_initializer", Json("glorot_uniform"))),
      bias_initializer_(config.get("bias_initializer", Json("zeros"))),
      seed_(config.get("seed", Json())) {
  const std::string here = str("MultiHeadAttention layer '", name(), "'");
  check(heads_ > 0 && key_dim_ > 0 && value_dim_ > 0, here, ": num_heads, key_dim and value_dim "
        "must be positive; received ", heads_, ", ", key_dim_, ", ", value_dim_);
  check(dropout_ >= 0 && dropout_ <= 1, here, ": dropout must be in [0, 1]; received ", dropout_);
  const Json& axes = config.get("attention_axes", Json());
  check<NotImplementedError>(axes.is_null() || (axes.size() == 1 && axes[0].as_int() == 1), here,
                             ": only the default attention_axes (the time axis of rank-3 "
                             "inputs) is supported; received ", axes.dump());
  check<NotImplementedError>(!config.get("use_gate", Json(false)).as_bool("use_gate"), here,
                             ": use_gate=True is not supported");
  check<NotImplementedError>(config.get("sliding_window", Json()).is_null(), here,
                             ": sliding_window is not supported");
  check<NotImplementedError>(output_shape_.is_null() || output_shape_.is_number() ||
                                 (output_shape_.size() == 1),
                             here, ": only an integer output_shape (the last axis) is supported; "
                             "received ", output_shape_.dump());
  const auto at = [&](const char* key) { return str(here, ": ", key); };
  kernel_regularizer_ = regularizers::make_regularizer(config.get("kernel_regularizer", Json()),
                                                       at("kernel_regularizer"));
  bias_regularizer_ = regularizers::make_regularizer(config.get("bias_regularizer", Json()),
                                                     at("bias_regularizer"));
  kernel_constraint_ = constraints::make_constraint(config.get("kernel_constraint", Json()),
                                                    at("kernel_constraint"));
  bias_constraint_ = constraints::make_constraint(config.get("bias_constraint", Json()),
                                                  at("bias_constraint"));
  seed_state_ = seed_.is_null() ? draw_seed() : static_cast<std::uint64_t>(seed_.as_int("seed"));
}

void MultiHeadAttention::set_call_options(const Json& o) {
  has_attention_mask_ = o.get("has_attention_mask", Json(false)).as_bool();
  causal_ = o.get("use_causal_mask", Json(false)).as_bool();
  return_scores_ = o.get("return_attention_scores", Json(false)).as_bool();
}

std::int64_t MultiHeadAttention::output_dim(const Shape& query) const {
  if (output_shape_.is_null()) return query.back();
  return output_shape_.is_number() ? output_shape_.as_int() : output_shape_[0].as_int();
}

std::vector<Shape> MultiHeadAttention::compute_output_shape(const std::vector<Shape>& in) const {
  const std::size_t want = has_attention_mask_ ? 4 : 3;
  check(in.size() == want, where(), ": expected ", want, " inputs (query, value, key",
        has_attention_mask_ ? ", attention_mask" : "", "); received ", in.size());
  const Shape &q = in[0], &v = in[1], &k = in[2];
  check(q.size() == 3 && v.size() == 3 && k.size() == 3, where(), ": expected query, value and "
        "key of rank 3 (batch, time, features); received ", shape_str(q), ", ", shape_str(v),
        ", ", shape_str(k));
  check(v[1] < 0 || k[1] < 0 || v[1] == k[1], where(), ": value and key must have the same "
        "length; received value ", shape_str(v), " and key ", shape_str(k));
  if (built()) {
    const auto& b = built_input_shapes();
    check(q[2] == b[0][2] && v[2] == b[1][2] && k[2] == b[2][2], where(), ": expected query, "
          "value and key with ", b[0][2], ", ", b[1][2], ", ", b[2][2], " features; received ",
          shape_str(q), ", ", shape_str(v), ", ", shape_str(k));
  }
  if (has_attention_mask_) {
    const Shape& m = in[3];
    check(m.size() == 3 && (m[1] < 0 || q[1] < 0 || m[1] == q[1]) &&
              (m[2] < 0 || v[1] < 0 || m[2] == v[1]),
          where(), ": expected an attention_mask of shape (batch, ", q[1], ", ", v[1],
          "); received ", shape_str(m));
  }
  std::vector<Shape> out{{q[0], q[1], output_dim(q)}};
  if (return_scores_) out.push_back({q[0], heads_, q[1], v[1]});
  return out;
}

void MultiHeadAttention::build(const std::vector<Shape>& in) {
  auto kernel = [&](const char* name, std::int64_t d, std::int64_t e) {
    return add_weight(name, {d, heads_, e}, kernel_initializer_, true, kernel_regularizer_,
                      kernel_constraint_);
  };
  auto bias = [&](const char* name, const Shape& s) {
    return add_weight(name, s, bias_initializer_, true, bias_regularizer_, bias_constraint_);
  };
  wq_ = kernel("query/kernel", in[0][2], key_dim_);
  if (use_bias_) bq_ = bias("query/bias", {heads_, key_dim_});
  wk_ = kernel("key/kernel", in[2][2], key_dim_);
  if (use_bias_) bk_ = bias("key/bias", {heads_, key_dim_});
  wv_ = kernel("value/kernel", in[1][2], value_dim_);
  if (use_bias_) bv_ = bias("value/bias", {heads_, value_dim_});
  const std::int64_t out = output_dim(in[0]);
  wo_ = add_weight("attention_output/kernel", {heads_, value_dim_, out}, kernel_initializer_, true,
                   kernel_regularizer_, kernel_constraint_);
  if (use_bias_) bo_ = bias("attention_output/bias", {out});
}

namespace {
// x (B, T, d) @ kernel (d, H, E) + bias (H, E) -> (B, H, T, E): one GEMM.
Tensor project(const Tensor& x, const Variable& kernel, const Variable& bias) {
  const std::int64_t B = x.shape()[0], T = x.shape()[1], d = x.shape()[2];
  const std::int64_t H = kernel.shape()[1], E = kernel.shape()[2];
  Tensor y = matmul(reshape(x, {B * T, d}), reshape(kernel, {d, H * E}));
  if (bias.defined()) y = add(y, reshape(bias, {H * E}));
  return transpose(reshape(y, {B, T, H, E}), {0, 2, 1, 3});
}

Tensor and_mask(const Tensor& a, const Tensor& b) {
  return !a.defined() ? b : !b.defined() ? a : logical_and(a, b);
}
}  // namespace

std::vector<Tensor> MultiHeadAttention::call_masked(const std::vector<Tensor>& inputs,
                                                    const std::vector<Tensor>& masks,
                                                    bool training) {
  const Tensor query = cast(inputs[0], DType::Float32), value = cast(inputs[1], DType::Float32),
               key = cast(inputs[2], DType::Float32);
  const std::int64_t B = query.shape()[0], T = query.shape()[1], S = value.shape()[1];
  // Keras's _compute_attention_mask: query, value and key masks, then the
  // explicit attention_mask (the causal part is applied in the kernel).
  auto mask_at = [&](std::size_t i) { return i < masks.size() ? masks[i] : Tensor(); };
  Tensor mask;
  if (mask_at(0).defined()) mask = reshape(cast(mask_at(0), DType::Bool), {B, T, 1});
  for (std::size_t i : {1, 2})
    if (mask_at(i).defined()) mask = and_mask(mask, reshape(cast(mask_at(i), DType::Bool), {B, 1, S}));
  if (has_attention_mask_) mask = and_mask(mask, cast(inputs[3], DType::Bool));
  if (mask.defined()) {
    check(mask.ndim() == 3 && (mask.shape()[1] == 1 || mask.shape()[1] == T) &&
              (mask.shape()[2] == 1 || mask.shape()[2] == S),
          where(), ": expected an attention mask broadcastable to ", shape_str({B, T, S}),
          "; received ", shape_str(mask.shape()));
    mask = mask.detach();
  }
  const Tensor q = project(query, wq_, bq_), k = project(key, wk_, bk_),
               v = project(value, wv_, bv_);
  Tensor drop;
  if (training && dropout_ > 0) {
    const std::uint64_t seed = seed_state_;
    seed_state_ = seed_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    drop = ops::dropout_mask({B, heads_, T, S}, static_cast<float>(dropout_), seed);
  }
  Tensor probs;
  const Tensor o = dot_product_attention(q, k, v, mask, 1.f / std::sqrt(float(key_dim_)),
                                         causal_, drop, return_scores_ ? &probs : nullptr);
  const std::int64_t out_dim = wo_.shape()[2];
  Tensor y = matmul(reshape(transpose(o, {0, 2, 1, 3}), {B * T, heads_ * value_dim_}),
                    reshape(wo_, {heads_ * value_dim_, out_dim}));
  if (use_bias_) y = add(y, bo_);
  std::vector<Tensor> out{reshape(y, {B, T, out_dim})};
  if (return_scores_) out.push_back(probs);
  return out;
}

Json MultiHeadAttention::get_config() const {
  Json c = Layer::get_config();
  c.set("num_heads", heads_);
  c.set("key_dim", key_dim_);
  c.set("value_dim", value_dim_);
  c.set("dropout", dropout_);
  c.set("use_bias", use_bias_);
  c.set("use_gate", false);
  c.set("output_shape", output_shape_);
  c.set("attention_axes", Json());
  c.set("sliding_window", Json());
  c.set("kernel_initializer", kernel_initializer_);
  c.set("bias_initializer", bias_initializer_);
  c.set("kernel_regularizer", regularizers::serialize(kernel_regularizer_.get()));
  c.set("bias_regularizer", regularizers::serialize(bias_regularizer_.get()));
  c.set("activity_regularizer", regularizers::serialize(activity_regularizer()));
  c.set("kernel_constraint", constraints::serialize(kernel_constraint_.get()));
  c.set("bias_constraint", constraints::serialize(bias_constraint_.get()));
  c.set("seed", seed_);
  return c;
}

}  // namespace pydeep::layers
