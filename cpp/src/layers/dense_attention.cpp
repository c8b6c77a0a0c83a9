// Attention and AdditiveAttention (Keras's dense attention layers), composed
// of differentiable ops: the scores need the trainable scale weights'
// gradients, which the fused kernel (a constant scale) does not give.
#include "pydeep/autograd/functions.h"
#include "pydeep/core/random.h"
#include "pydeep/layers/attention.h"
#include "pydeep/ops/random.h"

namespace pydeep::layers {

BaseDenseAttention::BaseDenseAttention(const Json& config, const std::string& default_name,
                                       bool use_scale_default)
    : Layer(config, default_name),
      use_scale_(config.get("use_scale", Json(use_scale_default)).as_bool("use_scale")),
      dropout_(config.get("dropout", Json(0.0)).as_double("dropout")),
      seed_(config.get("seed", Json())) {
  check(dropout_ >= 0 && dropout_ <= 1, default_name, ": dropout must be in [0, 1]; received ",
        dropout_);
  seed_state_ = seed_.is_null() ? draw_seed() : static_cast<std::uint64_t>(seed_.as_int("seed"));
}

void BaseDenseAttention::set_call_options(const Json& o) {
  causal_ = o.get("use_causal_mask", Json(false)).as_bool();
  return_scores_ = o.get("return_attention_scores", Json(false)).as_bool();
}

std::vector<Shape> BaseDenseAttention::compute_output_shape(const std::vector<Shape>& in) const {
  check(in.size() == 2 || in.size() == 3, where(), ": expected a list [query, value] or "
        "[query, value, key]; received ", in.size(), " input(s)");
  const Shape &q = in[0], &v = in[1], &k = in.size() > 2 ? in[2] : in[1];
  check(q.size() == 3 && v.size() == 3 && k.size() == 3, where(), ": expected inputs of rank 3 "
        "(batch, time, dim); received ", shape_str(q), ", ", shape_str(v), ", ", shape_str(k));
  check(q[2] == k[2] || q[2] < 0 || k[2] < 0, where(), ": query and key must have the same last "
        "dimension; received query ", shape_str(q), " and key ", shape_str(k));
  check(v[1] == k[1] || v[1] < 0 || k[1] < 0, where(), ": value and key must have the same "
        "length; received value ", shape_str(v), " and key ", shape_str(k));
  std::vector<Shape> out{{q[0], q[1], v[2]}};
  if (return_scores_) out.push_back({q[0], q[1], v[1]});
  return out;
}

std::vector<Tensor> BaseDenseAttention::call_masked(const std::vector<Tensor>& inputs,
                                                    const std::vector<Tensor>& masks,
                                                    bool training) {
  const Tensor q = cast(inputs[0], DType::Float32), v = cast(inputs[1], DType::Float32);
  const Tensor k = inputs.size() > 2 ? cast(inputs[2], DType::Float32) : v;
  const std::int64_t B = q.shape()[0], Tq = q.shape()[1], Tv = v.shape()[1];
  Tensor s = scores(q, k);  // (B, Tq, Tv)
  Tensor keep;
  if (masks.size() > 1 && masks[1].defined())
    keep = reshape(cast(masks[1], DType::Bool), {B, 1, Tv});
  if (causal_) {
    Tensor causal = Tensor::empty({1, Tq, Tv}, DType::Bool);
    bool* c = causal.data<bool>();
    for (std::int64_t i = 0; i < Tq; ++i)
      for (std::int64_t j = 0; j < Tv; ++j) c[i * Tv + j] = i >= j;
    keep = keep.defined() ? logical_and(keep, causal) : causal;
  }
  if (keep.defined()) s = pydeep::where(keep.detach(), s, subtract(s, Tensor::scalar(1e9)));
  const Tensor weights = softmax(s, -1);
  Tensor w = weights;
  if (training && dropout_ > 0) {
    const std::uint64_t seed = seed_state_;
    seed_state_ = seed_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    w = multiply(w, ops::dropout_mask({B, Tq, Tv}, static_cast<float>(dropout_), seed));
  }
  Tensor out = matmul(w, v);
  if (!masks.empty() && masks[0].defined())
    out = pydeep::where(reshape(cast(masks[0], DType::Bool), {B, Tq, 1}).detach(), out,
                Tensor::scalar(0.0));
  std::vector<Tensor> result{out};
  if (return_scores_) result.push_back(weights);
  return result;
}

Json BaseDenseAttention::get_config() const {
  Json c = Layer::get_config();
  c.set("use_scale", use_scale_);
  c.set("dropout", dropout_);
  c.set("seed", seed_);
  return c;
}

Attention::Attention(const Json& config)
    : BaseDenseAttention(config, "attention", false),
      score_mode_(config.get("score_mode", Json("dot")).as_string("score_mode")) {
  check(score_mode_ == "dot" || score_mode_ == "concat", "Attention: invalid value for argument "
        "score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=", score_mode_);
}

void Attention::build(const std::vector<Shape>&) {
  if (use_scale_) scale_ = add_weight("scale", {}, Json("ones"));
  if (score_mode_ == "concat") concat_weight_ = add_weight("concat_score_weight", {}, Json("ones"));
}

Tensor Attention::scores(const Tensor& q, const Tensor& k) const {
  if (score_mode_ == "dot") {
    Tensor s = matmul(q, transpose(k, {0, 2, 1}));
    return use_scale_ ? multiply(s, scale_) : s;
  }
  Tensor sum_ = add(expand_dims(q, 2), expand_dims(k, 1));  // (B, Tq, Tv, dim)
  if (use_scale_) sum_ = multiply(scale_, sum_);
  return multiply(concat_weight_, sum(tanh(sum_), {-1}));
}

Json Attention::get_config() const {
  Json c = BaseDenseAttention::get_config();
  c.set("score_mode", score_mode_);
  return c;
}

AdditiveAttention::AdditiveAttention(const Json& config)
    : BaseDenseAttention(config, "additive_attention", true) {}

void AdditiveAttention::build(const std::vector<Shape>& in) {
  if (use_scale_) scale_ = add_weight("scale", {in[0][2]}, Json("glorot_uniform"));
}

Tensor AdditiveAttention::scores(const Tensor& q, const Tensor& k) const {
  Tensor t = tanh(add(expand_dims(q, 2), expand_dims(k, 1)));  // (B, Tq, Tv, dim)
  if (use_scale_) t = multiply(scale_, t);
  return sum(t, {-1});
}

}  // namespace pydeep::layers
