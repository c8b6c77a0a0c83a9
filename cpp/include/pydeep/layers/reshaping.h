#pragma once
// Layers that only rearrange their input (Keras 3 semantics, batch axis kept).
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

// (batch, d1, d2, ...) -> (batch, d1 * d2 * ...). data_format must be
// channels_last (channels_first raises NotImplementedError).
class Flatten : public UnaryLayer {
 public:
  explicit Flatten(const Json& config);
  const char* class_name() const override { return "Flatten"; }
 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;
};

// (batch, ...) -> (batch, *target_shape); one -1 is inferred.
class Reshape : public UnaryLayer {
 public:
  explicit Reshape(const Json& config);
  const char* class_name() const override { return "Reshape"; }
  Json get_config() const override;
 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;
 private:
  Shape target_;
};

// Permutes the non-batch axes; dims are 1-based as in Keras (2, 1) swaps them.
class Permute : public UnaryLayer {
 public:
  explicit Permute(const Json& config);
  const char* class_name() const override { return "Permute"; }
  Json get_config() const override;
 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;
 private:
  std::vector<std::int64_t> dims_;
};

// (batch, features) -> (batch, n, features).
class RepeatVector : public UnaryLayer {
 public:
  explicit RepeatVector(const Json& config);
  const char* class_name() const override { return "RepeatVector"; }
  Json get_config() const override;
 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;
 private:
  std::int64_t n_;
};

}  // namespace pydeep::layers
