#pragma once
// Embedding (Keras 3): integer indices (batch, ...) -> (batch, ..., output_dim),
// rows of `embeddings` (input_dim, output_dim). Indices of any numeric dtype
// (floats truncate, as Keras's cast); an index outside [-input_dim,
// input_dim) raises IndexError naming the layer (negatives wrap once). With
// mask_zero, the output mask is indices != 0 (Keras's compute_mask). The
// gradient is written sparsely into a reused buffer (sequence.h).
#include "pydeep/autograd/functions/sequence.h"
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class Embedding : public UnaryLayer {
 public:
  // input_dim, output_dim (> 0), embeddings_initializer ("uniform"),
  // embeddings_regularizer, embeddings_constraint, mask_zero; lora_rank and
  // quantization_config raise NotImplementedError.
  explicit Embedding(const Json& config);
  const char* class_name() const override { return "Embedding"; }
  Json get_config() const override;
  bool supports_masking() const override { return mask_zero_; }
  bool creates_mask() const override { return mask_zero_; }
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  std::int64_t input_dim_, output_dim_;
  Json initializer_;
  bool mask_zero_;
  std::shared_ptr<const regularizers::Regularizer> regularizer_;
  std::shared_ptr<const constraints::Constraint> constraint_;
  Variable embeddings_;
  std::shared_ptr<EmbeddingGradCache> grad_cache_ = std::make_shared<EmbeddingGradCache>();
};

}  // namespace pydeep::layers
