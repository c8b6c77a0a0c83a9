#pragma once
// Shape-preserving core layers (Keras 3 semantics).
#include <cstdint>

#include "pydeep/layers/activations.h"
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

// Applies an activation function by name.
class Activation : public UnaryLayer {
 public:
  explicit Activation(const Json& config);
  const char* class_name() const override { return "Activation"; }
  bool supports_masking() const override { return true; }  // passes masks on (Keras)
  Json get_config() const override;
 protected:
  Shape output_shape(const Shape& input) const override { return input; }
  Tensor forward(const Tensor& x, bool training) override { return fn_(x); }
 private:
  Json spec_;
  ActivationFn fn_;
};

// Returns its input unchanged.
class Identity : public UnaryLayer {
 public:
  explicit Identity(const Json& config) : UnaryLayer(config, "identity") {}
  const char* class_name() const override { return "Identity"; }
  bool supports_masking() const override { return true; }  // passes masks on (Keras)
 protected:
  Shape output_shape(const Shape& input) const override { return input; }
  Tensor forward(const Tensor& x, bool) override { return x; }
};

// x * scale + offset (scalars).
class Rescaling : public UnaryLayer {
 public:
  explicit Rescaling(const Json& config);
  const char* class_name() const override { return "Rescaling"; }
  bool supports_masking() const override { return true; }  // passes masks on (Keras)
  Json get_config() const override;
 protected:
  Shape output_shape(const Shape& input) const override { return input; }
  Tensor forward(const Tensor& x, bool training) override;
 private:
  double scale_, offset_;
};

// Inverted dropout: in training, zeroes each element with probability `rate`
// and scales the rest by 1 / (1 - rate); the identity in inference.
// noise_shape (broadcast mask) and seed as Keras.
class Dropout : public UnaryLayer {
 public:
  explicit Dropout(const Json& config);
  const char* class_name() const override { return "Dropout"; }
  bool supports_masking() const override { return true; }  // passes masks on (Keras)
  Json get_config() const override;
 protected:
  Shape output_shape(const Shape& input) const override { return input; }
  Tensor forward(const Tensor& x, bool training) override;
 private:
  double rate_;
  Json noise_shape_;
  Json seed_;
  std::uint64_t next_seed_;
};

}  // namespace pydeep::layers
