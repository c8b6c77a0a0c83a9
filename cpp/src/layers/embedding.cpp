#include "pydeep/layers/embedding.h"

#include "pydeep/autograd/functions.h"
#include "pydeep/ops/embedding.h"

namespace pydeep::layers {

Embedding::Embedding(const Json& config)
    : UnaryLayer(config, "embedding"),
      input_dim_(config.at("input_dim").as_int("input_dim")),
      output_dim_(config.at("output_dim").as_int("output_dim")),
      initializer_(config.get("embeddings_initializer", Json("uniform"))),
      mask_zero_(config.get("mask_zero", Json(false)).as_bool("mask_zero")) {
  check(input_dim_ > 0, "Embedding: `input_dim` must be a positive integer. Received: input_dim=",
        input_dim_);
  check(output_dim_ > 0, "Embedding: `output_dim` must be a positive integer. Received: "
        "output_dim=", output_dim_);
  for (const char* key : {"lora_rank", "quantization_config"}) {
    const Json& v = config.get(key, Json());
    check<NotImplementedError>(v.is_null(), "Embedding: argument `", key,
                               "` is not supported; received ", v.dump());
  }
  regularizer_ = regularizers::make_regularizer(config.get("embeddings_regularizer", Json()),
                                                str("Embedding layer '", name(), "': embeddings_regularizer"));
  constraint_ = constraints::make_constraint(config.get("embeddings_constraint", Json()),
                                             str("Embedding layer '", name(), "': embeddings_constraint"));
}

Shape Embedding::output_shape(const Shape& input) const {
  check(!input.empty(), where(), ": expected indices with a batch axis; received shape ",
        shape_str(input));
  Shape out = input;
  out.push_back(output_dim_);
  return out;
}

void Embedding::build(const std::vector<Shape>&) {
  embeddings_ = add_weight("embeddings", {input_dim_, output_dim_}, initializer_, true,
                           regularizer_, constraint_);
}

Tensor Embedding::forward(const Tensor& x, bool) {
  const Tensor idx = ops::embedding_indices(x, input_dim_, where());
  return embedding_lookup(embeddings_, idx, grad_cache_);
}

std::vector<Tensor> Embedding::compute_mask(const std::vector<Tensor>& inputs,
                                            const std::vector<Tensor>&) const {
  if (!mask_zero_) return {};
  return {not_equal(inputs[0], Tensor::scalar(0.0, inputs[0].dtype()))};
}

Json Embedding::get_config() const {
  Json c = Layer::get_config();
  c.set("input_dim", input_dim_);
  c.set("output_dim", output_dim_);
  c.set("embeddings_initializer", initializer_);
  c.set("embeddings_regularizer", regularizers::serialize(regularizer_.get()));
  c.set("activity_regularizer", regularizers::serialize(activity_regularizer()));
  c.set("embeddings_constraint", constraints::serialize(constraint_.get()));
  c.set("mask_zero", mask_zero_);
  return c;
}

}  // namespace pydeep::layers
